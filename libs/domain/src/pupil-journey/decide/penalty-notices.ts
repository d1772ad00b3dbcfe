/**
 * Penalty notices under the national framework (WTISA 2024 ch. 6; SI 2007/1867 as amended):
 * issuing one per parent per child, taking payment, withdrawing on the listed grounds only.
 */
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import {
  amountDue,
  currentMarks,
  FIRST_NOTICE_REDUCED_AMOUNT,
  evaluateNationalThreshold,
  paymentDeadlines,
  presumedServiceDate,
  WITHDRAWAL_GROUNDS,
} from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PenaltyNotice, PupilJourney } from '../state';
import { PENALTY_NOTICE_ISSUERS } from '../vocabulary';
import { requirePenaltyNoticeAllowed } from '../penalty-notice-decision';
import {
  JourneyRefused,
  NoticeNotPayable,
  notInFuture,
  ReducedPeriodEnded,
  requireDate,
  requireNewId,
  requirePeriod,
  requireText,
} from './guards';

export function issuePenaltyNotice(
  c: PupilCommandOf<'IssuePenaltyNotice'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.noticeId, 'penalty notice');
  notInFuture(requireDate(c.issuedOn, 'issuedOn'), context, 'issuedOn');
  const offencePeriod = requirePeriod(c.offencePeriod);
  if (!(PENALTY_NOTICE_ISSUERS as readonly string[]).includes(c.issuedBy)) {
    throw new JourneyRefused(
      'issuer',
      'A penalty notice is issued by a headteacher (or a deputy or assistant head they authorise), an authorised LA officer or a police constable.',
      'rule',
    );
  }
  // The register as it was known when the notice is decided: later corrections cannot justify it.
  const threshold = evaluateNationalThreshold(
    currentMarks(state.marks, context.now.toISOString()),
    { within: offencePeriod, schoolWeekBasis: context.codeOfConduct.schoolWeekBasis },
  );
  // The same decision the penalty-notice eligibility view asks.
  const terms = requirePenaltyNoticeAllowed(state, {
    parentId: c.parentId,
    issuedOn: c.issuedOn,
    offencePeriod,
    threshold,
    family: context.family,
  });
  const servedOn = presumedServiceDate(c.issuedOn, context.codeOfConduct);
  const deadlines = paymentDeadlines(servedOn, terms.sequence);
  return [
    {
      type: 'PenaltyNoticeIssued',
      data: {
        noticeId: c.noticeId,
        parentId: c.parentId,
        issuedOn: c.issuedOn,
        issuedBy: c.issuedBy,
        servedOn,
        offencePeriod,
        sequence: terms.sequence,
        amount: terms.amount,
        reducedAmount: terms.reducedAmount,
        reducedRateEnds: deadlines.reducedRateEnds,
        paymentEnds: deadlines.paymentEnds,
        threshold: {
          count: threshold.count,
          firstSchoolWeek: threshold.firstSchoolWeek,
          lastSchoolWeek: threshold.lastSchoolWeek,
          sessions: threshold.sessions,
        },
        noticeToImproveId: terms.noticeToImproveId,
        supportNotAppropriate: terms.supportNotAppropriate,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

function noticeOf(state: PupilJourney, noticeId: string): PenaltyNotice {
  const notice = state.penaltyNotices.find((n) => n.noticeId === noticeId);
  if (!notice)
    throw new JourneyRefused(
      'unknown-penalty-notice',
      'There is no such penalty notice on this journey.',
    );
  return notice;
}

export function recordPayment(
  c: PupilCommandOf<'RecordPenaltyNoticePayment'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = noticeOf(state, c.noticeId);
  if (notice.status !== 'issued') throw new NoticeNotPayable(notice.status);
  notInFuture(requireDate(c.paidOn, 'paidOn'), context, 'paidOn');
  if (c.paidOn < notice.issuedOn)
    throw new InvalidInput(
      `The payment (${c.paidOn}) cannot be dated before the notice was issued (${notice.issuedOn}).`,
      { field: 'paidOn' },
    );
  const due = amountDue(notice, c.paidOn);
  if (due === null) {
    throw new JourneyRefused(
      'payment-too-late',
      `The 28 days to pay ended on ${notice.paymentEnds}; the local authority must now prosecute or withdraw the notice.`,
      'rule',
      { paymentEnds: notice.paymentEnds },
    );
  }
  if (
    notice.reducedRateEnds !== null &&
    c.paidOn > notice.reducedRateEnds &&
    c.amount === FIRST_NOTICE_REDUCED_AMOUNT
  ) {
    const { servedOn: receivedOn, reducedRateEnds, paymentEnds } = notice;
    throw new ReducedPeriodEnded(
      { receivedOn, reducedRateEnds, paymentEnds },
      { paidOn: c.paidOn, amount: c.amount, due },
    );
  }
  if (c.amount !== due)
    throw new JourneyRefused(
      'wrong-amount',
      `£${due} is due for payment on ${c.paidOn}, not £${c.amount}.`,
      'rule',
      { due },
    );
  return [
    {
      type: 'PenaltyNoticePaid',
      data: {
        noticeId: c.noticeId,
        paidOn: c.paidOn,
        amount: c.amount,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function withdrawNotice(
  c: PupilCommandOf<'WithdrawPenaltyNotice'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = noticeOf(state, c.noticeId);
  if (notice.status === 'withdrawn')
    throw new JourneyRefused('already-withdrawn', 'This penalty notice is already withdrawn.');
  if (notice.status === 'prosecuted')
    throw new JourneyRefused(
      'prosecuted',
      'A prosecution has started for this offence; the notice can no longer be withdrawn.',
    );
  if (!(WITHDRAWAL_GROUNDS as readonly string[]).includes(c.ground)) {
    throw new JourneyRefused(
      'withdrawal-ground',
      `A notice may only be withdrawn on one of these grounds: ${WITHDRAWAL_GROUNDS.join(', ')}.`,
      'rule',
    );
  }
  notInFuture(requireDate(c.withdrawnOn, 'withdrawnOn'), context, 'withdrawnOn');
  if (c.withdrawnOn < notice.issuedOn)
    throw new InvalidInput(
      `The withdrawal (${c.withdrawnOn}) cannot be dated before the notice was issued (${notice.issuedOn}).`,
      { field: 'withdrawnOn' },
    );
  return [
    {
      type: 'PenaltyNoticeWithdrawn',
      data: {
        noticeId: c.noticeId,
        withdrawnOn: c.withdrawnOn,
        ground: c.ground,
        explanation: requireText(c.explanation, 'explanation'),
        refundDue: notice.paidAmount,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}
