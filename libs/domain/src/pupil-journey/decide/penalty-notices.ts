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
  NATIONAL_FRAMEWORK_STARTS,
  paymentDeadlines,
  PenaltyNoticeLimitReached,
  penaltyNoticeTerms,
  presumedServiceDate,
  THRESHOLD_SESSIONS,
  WITHDRAWAL_GROUNDS,
} from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PenaltyNotice, PupilJourney } from '../state';
import { PENALTY_NOTICE_ISSUERS } from '../vocabulary';
import {
  IndependentSchoolPupil,
  JourneyRefused,
  NationalThresholdNotMet,
  NoticeNotPayable,
  NoticeToImproveFirst,
  notInFuture,
  overlaps,
  ReducedPeriodEnded,
  requireCompulsorySchoolAgeThroughout,
  requireDate,
  requireLinkedParent,
  requireNewId,
  requirePeriod,
  requireSupportFirst,
  requireText,
  supportNotAppropriateFor,
} from './guards';

function requireIssuable(c: PupilCommandOf<'IssuePenaltyNotice'>, state: PupilJourney): void {
  if (c.offencePeriod.to > c.issuedOn)
    throw new InvalidInput('The offence period cannot end after the notice is issued.', {
      field: 'offencePeriod.to',
    });
  if (c.issuedOn < NATIONAL_FRAMEWORK_STARTS) {
    throw new JourneyRefused(
      'before-national-framework',
      `Notices issued before ${NATIONAL_FRAMEWORK_STARTS} fall under the old scheme, which this system does not issue.`,
      'rule',
    );
  }
  if (!(PENALTY_NOTICE_ISSUERS as readonly string[]).includes(c.issuedBy)) {
    throw new JourneyRefused(
      'issuer',
      'A penalty notice is issued by a headteacher (or a deputy or assistant head they authorise), an authorised LA officer or a police constable.',
      'rule',
    );
  }
  if (state.schoolType === 'independent') throw new IndependentSchoolPupil('A penalty notice');
}

/** The parent's earlier notices for this pupil, as the per-parent per-child limit counts them. */
function limitFor(c: PupilCommandOf<'IssuePenaltyNotice'>, state: PupilJourney) {
  const own = state.penaltyNotices.filter(
    (n) => n.parentId === c.parentId && n.status !== 'withdrawn',
  );
  // A notice dated before one already issued would change what the later one counted.
  const later = own.find((n) => n.issuedOn > c.issuedOn);
  if (later) {
    throw new JourneyRefused(
      'notice-out-of-order',
      `Penalty notice ${later.noticeId} to this parent was issued on ${later.issuedOn}; a notice cannot be dated before it.`,
      'rule',
    );
  }
  const clash = own.find((n) => overlaps(n.offencePeriod, c.offencePeriod));
  if (clash) {
    throw new JourneyRefused(
      'same-offence',
      `This parent already has penalty notice ${clash.noticeId} for an overlapping offence period (${clash.offencePeriod.from} to ${clash.offencePeriod.to}).`,
      'rule',
    );
  }
  const terms = penaltyNoticeTerms(
    state.penaltyNotices.map((n) => ({
      noticeId: n.noticeId,
      parentId: n.parentId,
      pupilId: state.pupilId,
      issuedOn: n.issuedOn,
      withdrawn: n.status === 'withdrawn',
    })),
    { parentId: c.parentId, pupilId: state.pupilId, proposedIssueDate: c.issuedOn },
  );
  if (!terms.allowed) throw new PenaltyNoticeLimitReached(terms.nextPossibleDate);
  return terms;
}

export function issuePenaltyNotice(
  c: PupilCommandOf<'IssuePenaltyNotice'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.noticeId, 'penalty notice');
  notInFuture(requireDate(c.issuedOn, 'issuedOn'), context, 'issuedOn');
  const offencePeriod = requirePeriod(c.offencePeriod);
  requireIssuable(c, state);
  requireCompulsorySchoolAgeThroughout(state, offencePeriod);
  requireSupportFirst(state, 'a penalty notice', offencePeriod);
  requireLinkedParent(state, context, c.parentId);

  // The register as it was known when the notice is decided: later corrections cannot justify it.
  const threshold = evaluateNationalThreshold(
    currentMarks(state.marks, context.now.toISOString()),
    { within: offencePeriod, schoolWeekBasis: context.codeOfConduct.schoolWeekBasis },
  );
  if (!threshold.met)
    throw new NationalThresholdNotMet(offencePeriod, threshold.count, THRESHOLD_SESSIONS);

  // A notice to improve comes first where support was appropriate (WTISA 2024 ch. 6).
  const excused = supportNotAppropriateFor(state, offencePeriod);
  let noticeToImproveId: string | null = null;
  if (excused === null) {
    const nti = state.noticesToImprove
      .filter(
        (n) =>
          n.parentId === c.parentId && n.outcome === 'not-improved' && n.periodEndsOn <= c.issuedOn,
      )
      .pop();
    if (!nti) throw new NoticeToImproveFirst();
    noticeToImproveId = nti.noticeId;
  }

  const terms = limitFor(c, state);
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
        noticeToImproveId,
        supportNotAppropriate: excused?.reason ?? null,
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
