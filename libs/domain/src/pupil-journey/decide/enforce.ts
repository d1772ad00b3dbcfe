/** Enforce, as the last resort: notices to improve, penalty notices, prosecution. */
import type { DecisionContext } from '../../decision-context';
import { InvalidInput } from '../../errors';
import {
  improvementPeriodEnds,
  prosecutionDeadline,
  currentMarks,
  evaluateNationalThreshold,
  amountDue,
  NATIONAL_FRAMEWORK_STARTS,
  paymentDeadlines,
  PenaltyNoticeLimitReached,
  penaltyNoticeTerms,
  presumedServiceDate,
  WITHDRAWAL_GROUNDS,
} from '../../rules';
import type { PupilCommandOf } from '../commands';
import type { PupilEvent } from '../events';
import type { PupilJourney } from '../state';
import { OffencePeriod, PENALTY_NOTICE_ISSUERS } from '../vocabulary';
import {
  JourneyRefused,
  notInFuture,
  requireCompulsorySchoolAge,
  requireDate,
  requireLinkedParent,
  requireNewId,
  requireSupportFirst,
  requireText,
} from './guards';

const overlaps = (a: OffencePeriod, b: OffencePeriod) => a.from <= b.to && b.from <= a.to;

function requirePeriod(period: OffencePeriod): void {
  requireDate(period.from, 'offencePeriod.from');
  requireDate(period.to, 'offencePeriod.to');
  if (period.to < period.from)
    throw new InvalidInput('The offence period ends before it starts.', { field: 'offencePeriod' });
}

export function issueNoticeToImprove(
  c: PupilCommandOf<'IssueNoticeToImprove'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.noticeId, 'notice to improve');
  requireDate(c.issuedOn, 'issuedOn');
  requireCompulsorySchoolAge(state, c.issuedOn);
  requireSupportFirst(state, 'a notice to improve');
  requireLinkedParent(state, context, c.parentId);
  if (state.noticesToImprove.some((n) => n.parentId === c.parentId && n.outcome === null)) {
    throw new JourneyRefused(
      'notice-to-improve-open',
      'This parent already has a notice to improve whose outcome is not yet recorded.',
    );
  }
  const weeks = c.improvementWeeks ?? context.codeOfConduct.noticeToImproveWeeks;
  return [
    {
      type: 'NoticeToImproveIssued',
      data: {
        noticeId: c.noticeId,
        parentId: c.parentId,
        issuedOn: c.issuedOn,
        improvementWeeks: weeks,
        periodEndsOn: improvementPeriodEnds(c.issuedOn, weeks),
        sufficientImprovement: requireText(c.sufficientImprovement, 'sufficientImprovement'),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function recordNoticeToImproveOutcome(
  c: PupilCommandOf<'RecordNoticeToImproveOutcome'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = state.noticesToImprove.find((n) => n.noticeId === c.noticeId);
  if (!notice)
    throw new JourneyRefused(
      'unknown-notice-to-improve',
      'There is no such notice to improve on this journey.',
    );
  if (notice.outcome !== null)
    throw new JourneyRefused(
      'outcome-recorded',
      `The outcome of this notice to improve is already recorded (${notice.outcome}).`,
    );
  requireDate(c.recordedOn, 'recordedOn');
  if (c.recordedOn < notice.periodEndsOn) {
    throw new JourneyRefused(
      'improvement-period-running',
      `The improvement period runs until ${notice.periodEndsOn}; its outcome can be recorded from then.`,
      'rule',
      { periodEndsOn: notice.periodEndsOn },
    );
  }
  return [
    {
      type: 'NoticeToImproveOutcomeRecorded',
      data: {
        noticeId: c.noticeId,
        outcome: c.outcome,
        recordedOn: c.recordedOn,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function issuePenaltyNotice(
  c: PupilCommandOf<'IssuePenaltyNotice'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.noticeId, 'penalty notice');
  requireDate(c.issuedOn, 'issuedOn');
  requirePeriod(c.offencePeriod);
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
  if (state.schoolType === 'independent') {
    throw new JourneyRefused(
      'independent-school',
      'Penalty notices cannot be issued for pupils at independent schools (WTISA 2024 ch. 6).',
      'rule',
    );
  }
  requireCompulsorySchoolAge(state, c.offencePeriod.to);
  requireSupportFirst(state, 'a penalty notice');
  requireLinkedParent(state, context, c.parentId);

  const threshold = evaluateNationalThreshold(
    currentMarks(state.marks, context.now.toISOString()),
    { within: c.offencePeriod },
  );
  if (!threshold.met) {
    throw new JourneyRefused(
      'threshold-not-met',
      `The national threshold is not met in ${c.offencePeriod.from} to ${c.offencePeriod.to}: ${threshold.count} unauthorised sessions in the worst 10 school weeks, and 10 are needed.`,
      'rule',
      { count: threshold.count },
    );
  }

  // A notice to improve comes first where support was appropriate (WTISA 2024 ch. 6).
  let noticeToImproveId: string | null = null;
  if (state.supportNotAppropriate === null) {
    const nti = state.noticesToImprove
      .filter(
        (n) =>
          n.parentId === c.parentId && n.periodEndsOn <= c.issuedOn && n.outcome !== 'improved',
      )
      .pop();
    if (!nti) {
      throw new JourneyRefused(
        'notice-to-improve-first',
        'Issue this parent a notice to improve first, and let its improvement period end without sufficient improvement, before a penalty notice.',
        'rule',
      );
    }
    noticeToImproveId = nti.noticeId;
  }

  const history = state.penaltyNotices.map((n) => ({
    noticeId: n.noticeId,
    parentId: n.parentId,
    pupilId: state.pupilId,
    issuedOn: n.issuedOn,
    withdrawn: n.status === 'withdrawn',
  }));
  const terms = penaltyNoticeTerms(history, {
    parentId: c.parentId,
    pupilId: state.pupilId,
    proposedIssueDate: c.issuedOn,
  });
  if (!terms.allowed) throw new PenaltyNoticeLimitReached(terms.nextPossibleDate);
  if (
    state.penaltyNotices.some(
      (n) =>
        n.parentId === c.parentId &&
        n.status !== 'withdrawn' &&
        overlaps(n.offencePeriod, c.offencePeriod),
    )
  ) {
    throw new JourneyRefused(
      'same-offence',
      'This parent already has a penalty notice for an overlapping offence period.',
      'rule',
    );
  }

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
        offencePeriod: c.offencePeriod,
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
        supportNotAppropriate: state.supportNotAppropriate,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

const noticeOf = (state: PupilJourney, noticeId: string) => {
  const notice = state.penaltyNotices.find((n) => n.noticeId === noticeId);
  if (!notice)
    throw new JourneyRefused(
      'unknown-penalty-notice',
      'There is no such penalty notice on this journey.',
    );
  return notice;
};

export function recordPayment(
  c: PupilCommandOf<'RecordPenaltyNoticePayment'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const notice = noticeOf(state, c.noticeId);
  if (notice.status !== 'issued')
    throw new JourneyRefused(
      'notice-not-payable',
      `This penalty notice is ${notice.status}; it cannot be paid.`,
    );
  requireDate(c.paidOn, 'paidOn');
  notInFuture(c.paidOn, context, 'paidOn');
  const due = amountDue(notice.sequence, notice.servedOn, c.paidOn);
  if (due === null) {
    throw new JourneyRefused(
      'payment-too-late',
      `The 28 days to pay ended on ${notice.paymentEnds}; the local authority must now prosecute or withdraw the notice.`,
      'rule',
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
      data: { noticeId: c.noticeId, paidOn: c.paidOn, amount: c.amount },
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
      `A notice may only be withdrawn because it ${WITHDRAWAL_GROUNDS.join(', ')}.`,
      'rule',
    );
  }
  requireDate(c.withdrawnOn, 'withdrawnOn');
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

export function startProsecution(
  c: PupilCommandOf<'StartProsecution'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  requireNewId(state, c.prosecutionId, 'prosecution');
  requirePeriod(c.offencePeriod);
  requireDate(c.laidOn, 'laidOn');
  requireCompulsorySchoolAge(state, c.offencePeriod.to);
  requireSupportFirst(state, 'a prosecution');
  if (c.parentIds.length === 0)
    throw new InvalidInput('Name the parent or parents prosecuted.', { field: 'parentIds' });
  for (const parentId of c.parentIds) requireLinkedParent(state, context, parentId);
  const deadline = prosecutionDeadline(c.offencePeriod.to);
  if (c.laidOn > deadline) {
    throw new JourneyRefused(
      'prosecution-time-limit',
      `Information had to be laid by ${deadline}, within 6 months of the offence (Magistrates' Courts Act 1980 s127).`,
      'rule',
      { deadline },
    );
  }
  // s447 EA 1996: consider an education supervision order before prosecuting.
  const esoConsidered = state.supervisionOrders.length > 0;
  if (!esoConsidered && !c.esoNotAppliedForReason?.trim()) {
    throw new JourneyRefused(
      'eso-not-considered',
      'Consider an education supervision order first (Education Act 1996 s447): apply for one, or record why not.',
      'rule',
    );
  }
  const paid = state.penaltyNotices.find(
    (n) =>
      n.status === 'paid' &&
      c.parentIds.includes(n.parentId) &&
      overlaps(n.offencePeriod, c.offencePeriod),
  );
  if (paid)
    throw new JourneyRefused(
      'paid-notice-bars-prosecution',
      `Penalty notice ${paid.noticeId} was paid for this offence; the parent cannot be prosecuted for it.`,
      'rule',
    );
  const withdrawn = state.penaltyNotices.find(
    (n) =>
      n.status === 'withdrawn' &&
      c.parentIds.includes(n.parentId) &&
      overlaps(n.offencePeriod, c.offencePeriod),
  );
  if (withdrawn)
    throw new JourneyRefused(
      'withdrawn-notice-bars-prosecution',
      `Penalty notice ${withdrawn.noticeId} was withdrawn; there can be no prosecution for that offence.`,
      'rule',
    );
  return [
    {
      type: 'ProsecutionStarted',
      data: {
        prosecutionId: c.prosecutionId,
        section: c.section,
        parentIds: c.parentIds,
        offencePeriod: c.offencePeriod,
        laidOn: c.laidOn,
        esoConsideration: esoConsidered
          ? 'An education supervision order was applied for.'
          : (c.esoNotAppliedForReason as string),
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}

export function recordProsecutionOutcome(
  c: PupilCommandOf<'RecordProsecutionOutcome'>,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  const prosecution = state.prosecutions.find((p) => p.prosecutionId === c.prosecutionId);
  if (!prosecution)
    throw new JourneyRefused(
      'unknown-prosecution',
      'There is no such prosecution on this journey.',
    );
  if (prosecution.outcome !== null)
    throw new JourneyRefused(
      'outcome-recorded',
      `The outcome is already recorded (${prosecution.outcome}).`,
    );
  if (c.parentingOrder && c.outcome !== 'convicted')
    throw new InvalidInput('A parenting order can only follow a conviction.', {
      field: 'parentingOrder',
    });
  return [
    {
      type: 'ProsecutionOutcomeRecorded',
      data: {
        prosecutionId: c.prosecutionId,
        outcome: c.outcome,
        recordedOn: requireDate(c.recordedOn, 'recordedOn'),
        sentence: c.sentence ?? '',
        parentingOrder: c.parentingOrder ?? false,
        ruleSetVersion: context.codeOfConduct.version,
      },
    },
  ];
}
