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
  mainReasonForNotice,
  serviceDate,
  SERVICE_METHODS,
  WITHDRAWAL_GROUNDS,
} from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PenaltyNotice, PupilJourney } from '../state';
import { PENALTY_NOTICE_ISSUERS, PENALTY_NOTICE_REASONS } from '../vocabulary';
import { requirePenaltyNoticeAllowed } from '../penalty-notice-decision';
import {
  JourneyRefused,
  NoticeNotPayable,
  notInFuture,
  ReducedPeriodEnded,
  requireDate,
  requireNewId,
  requireOneOf,
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
  if (c.reason !== undefined) requireOneOf(c.reason, PENALTY_NOTICE_REASONS, 'reason');
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
        reason: c.reason ?? mainReasonForNotice(threshold.sessions, terms.supportNotAppropriate),
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

/**
 * The notice was posted or handed to the parent: the payment periods run from the day it is
 * received (SI 2007/1867 reg 4 as amended: "beginning with the date on which the notice is
 * received"), so they are worked out again from that day. Recorded once, before any payment, so
 * the dates a parent was told and paid against never move afterwards.
 */
export function recordService(
  c: PupilCommandOf<'RecordPenaltyNoticeService'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = noticeOf(state, c.noticeId);
  requireOneOf(c.method, SERVICE_METHODS, 'method');
  notInFuture(requireDate(c.sentOn, 'sentOn'), context, 'sentOn');
  if (notice.status !== 'issued')
    throw new JourneyRefused(
      'notice-not-open',
      `This penalty notice is ${notice.status}; its service can no longer be recorded.`,
    );
  if (notice.service !== null)
    throw new JourneyRefused(
      'service-already-recorded',
      `This notice's service was recorded already (${notice.service.method === 'post' ? 'posted' : 'handed over'} on ${notice.service.sentOn}, received ${notice.servedOn}); the payment dates on it stand.`,
      'conflict',
      { sentOn: notice.service.sentOn, servedOn: notice.servedOn },
    );
  if (c.sentOn < notice.issuedOn)
    throw new InvalidInput(
      `The notice cannot have been sent (${c.sentOn}) before it was issued (${notice.issuedOn}).`,
      { field: 'sentOn' },
    );
  const servedOn = serviceDate(c.method, c.sentOn, context.codeOfConduct);
  const deadlines = paymentDeadlines(servedOn, notice.sequence);
  return [
    {
      type: 'PenaltyNoticeServed',
      data: {
        noticeId: c.noticeId,
        method: c.method,
        sentOn: c.sentOn,
        servedOn,
        offencePeriod: notice.offencePeriod,
        reducedRateEnds: deadlines.reducedRateEnds,
        paymentEnds: deadlines.paymentEnds,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
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
  // SI 2007/1867 reg 9: a notice is withdrawn as unpaid and not prosecuted only once it is unpaid.
  if (c.ground === 'unpaid-not-prosecuted') {
    if (notice.status === 'paid')
      throw new JourneyRefused(
        'withdrawal-ground',
        'This notice was paid, so it cannot be withdrawn as unpaid; choose the ground that applies.',
        'rule',
      );
    if (c.withdrawnOn <= notice.paymentEnds)
      throw new JourneyRefused(
        'withdrawal-ground',
        `The 28 days to pay run to ${notice.paymentEnds}; the notice can be withdrawn as unpaid and not prosecuted (SI 2007/1867 reg 9) only after that.`,
        'rule',
        { paymentEnds: notice.paymentEnds },
      );
  }
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
