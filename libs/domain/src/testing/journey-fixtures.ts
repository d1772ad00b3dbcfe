/** A family and a pupil's history, built step by step as a caseworker would record them. */
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { familyDecider, FamilyState } from '../family/family';
import type { PupilCommand } from '../pupil-journey/commands';
import type { PupilEvent, SessionMark } from '../pupil-journey/events';
import { NO_FLAGS } from '../pupil-journey/vocabulary';
import { mondays } from './marks';
import { addDays } from '../calendar';
import { paymentDeadlines } from '../rules/penalty-notices';

const V = NATIONAL_DEFAULTS.version;

export const PUPIL = 'pupil-1';
export const FAMILY = 'family-1';
export const MUM = 'parent-mum';
export const DAD = 'parent-dad';

/** Born 10 May 2012: of compulsory school age from 31 Aug 2017 to 30 June 2028. */
export const registered: PupilEvent = {
  type: 'PupilRegistered',
  data: {
    pupilId: PUPIL,
    reference: 'P-0001',
    upn: null,
    dateOfBirth: '2012-05-10',
    schoolId: 'school-a',
    schoolType: 'academy',
    yearGroup: 8,
    flags: NO_FLAGS,
    registeredOn: '2024-09-02',
  },
};
export const linked: PupilEvent = {
  type: 'LinkedToFamily',
  data: { familyId: FAMILY, linkedOn: '2024-09-02' },
};

export const family: FamilyState = [
  { type: 'RegisterFamily' as const, familyId: FAMILY, reference: 'F-0001' },
  {
    type: 'AddParent' as const,
    parentId: MUM,
    reference: 'M',
    relationship: 'mother',
    hasParentalResponsibility: true,
    hasDayToDayCare: true,
  },
  {
    type: 'AddParent' as const,
    parentId: DAD,
    reference: 'D',
    relationship: 'father',
    hasParentalResponsibility: true,
    hasDayToDayCare: false,
  },
  { type: 'LinkPupil' as const, pupilId: PUPIL },
].reduce(
  (state, command) =>
    familyDecider
      .decide(command, state, new Date('2024-09-02T10:00:00Z'))
      .reduce(familyDecider.evolve, state),
  familyDecider.initialState(),
);

const weekMarks = (monday: string, unauthorised: number): SessionMark[] =>
  [0, 1, 2, 3, 4].flatMap((d) =>
    (['AM', 'PM'] as const).map((session, s) => ({
      date: addDays(monday, d),
      session,
      code:
        d * 2 + s < unauthorised
          ? ('O' as const)
          : session === 'AM'
            ? ('/' as const)
            : ('\\' as const),
    })),
  );

/** `weeks` school weeks from Monday 6 Jan 2025, each with `perWeek` unauthorised sessions. */
export function registerWeeks(
  perWeek: number,
  weeks = 10,
  firstMonday = '2025-01-06',
): PupilEvent[] {
  return mondays(firstMonday, weeks).map((monday) => ({
    type: 'AttendanceMarksRecorded',
    data: {
      schoolId: 'school-a',
      from: monday,
      to: addDays(monday, 4),
      marks: weekMarks(monday, perWeek),
      receivedAt: `${addDays(monday, 4)}T16:00:00.000Z`,
    },
  }));
}
/** 10 unauthorised sessions across 6 Jan - 14 Mar 2025. */
export const OFFENCE = { from: '2025-01-06', to: '2025-03-14' };

export const supportOffered: PupilEvent = {
  type: 'SupportActionRecorded',
  data: {
    supportId: 'support-1',
    kind: 'early-help-assessment',
    description: 'Early help assessment',
    startedOn: '2024-11-04',
  },
};
export const supportNotEngaged: PupilEvent = {
  type: 'SupportOutcomeRecorded',
  data: {
    supportId: 'support-1',
    outcome: 'did-not-help',
    familyEngaged: false,
    recordedOn: '2024-12-16',
  },
};
export const holiday: PupilEvent = {
  type: 'SupportNotAppropriateRecorded',
  data: {
    reason: 'term-time-holiday',
    explanation: 'Two weeks abroad in term time',
    recordedOn: '2025-03-17',
    ruleSetVersion: V,
  },
};

export const ntiIssued = (
  parentId = MUM,
  issuedOn = '2025-03-17',
  noticeId = `nti-${parentId}`,
): PupilEvent => ({
  type: 'NoticeToImproveIssued',
  data: {
    noticeId,
    parentId,
    issuedOn,
    improvementWeeks: 6,
    periodEndsOn: addDays(issuedOn, 42),
    sufficientImprovement: 'No unauthorised absence for 6 weeks',
    ruleSetVersion: V,
  },
});
export const ntiNotImproved = (parentId = MUM, recordedOn = '2025-04-28'): PupilEvent => ({
  type: 'NoticeToImproveOutcomeRecorded',
  data: { noticeId: `nti-${parentId}`, outcome: 'not-improved', recordedOn, ruleSetVersion: V },
});

/** Everything a first penalty notice to Mum needs: registered, linked, threshold met, support tried, a notice to improve run its course. */
export const readyForPenaltyNotice: PupilEvent[] = [
  registered,
  linked,
  ...registerWeeks(1),
  supportOffered,
  supportNotEngaged,
  ntiIssued(),
  ntiNotImproved(),
];

export const penaltyNoticeIssued = (
  noticeId: string,
  parentId: string,
  issuedOn: string,
  sequence: 1 | 2,
  offencePeriod = OFFENCE,
): PupilEvent => ({
  type: 'PenaltyNoticeIssued',
  data: {
    noticeId,
    parentId,
    issuedOn,
    issuedBy: 'authorised-la-officer',
    servedOn: issuedOn,
    offencePeriod,
    sequence,
    amount: 160,
    reducedAmount: sequence === 1 ? 80 : null,
    ...paymentDeadlines(issuedOn, sequence),
    threshold: {
      count: 10,
      firstSchoolWeek: offencePeriod.from,
      lastSchoolWeek: offencePeriod.to,
      sessions: [],
    },
    noticeToImproveId: null,
    supportNotAppropriate: null,
    ruleSetVersion: V,
  },
});

export const penaltyNoticePaid = (
  noticeId: string,
  paidOn: string,
  amount: number,
): PupilEvent => ({
  type: 'PenaltyNoticePaid',
  data: { noticeId, paidOn, amount, ruleSetVersion: V },
});

export const penaltyNoticeWithdrawn = (
  noticeId: string,
  withdrawnOn: string,
  refundDue = 0,
): PupilEvent => ({
  type: 'PenaltyNoticeWithdrawn',
  data: {
    noticeId,
    withdrawnOn,
    ground: 'material-error',
    explanation: 'Wrong dates on the notice',
    refundDue,
    ruleSetVersion: V,
  },
});

export const prosecutionStarted = (
  prosecutionId = 'pros-1',
  parentIds = [MUM],
  offencePeriod = OFFENCE,
  laidOn = '2025-06-10',
): PupilEvent => ({
  type: 'ProsecutionStarted',
  data: {
    prosecutionId,
    section: 's444(1)',
    parentIds,
    offencePeriod,
    laidOn,
    esoConsideration: 'Social care advised against supervision',
    ruleSetVersion: V,
  },
});

export const prosecutionOutcome = (
  outcome: 'convicted' | 'acquitted' | 'withdrawn',
  prosecutionId = 'pros-1',
): PupilEvent => ({
  type: 'ProsecutionOutcomeRecorded',
  data: {
    prosecutionId,
    outcome,
    recordedOn: '2025-08-01',
    sentence: '',
    parentingOrder: false,
    ruleSetVersion: V,
  },
});

/** A term-time holiday, recorded for its own dates only. */
export const holidayFor = (offencePeriod: { from: string; to: string }): PupilEvent => ({
  type: 'SupportNotAppropriateRecorded',
  data: {
    reason: 'term-time-holiday',
    explanation: 'Two weeks abroad in term time',
    offencePeriod,
    recordedOn: offencePeriod.to,
    ruleSetVersion: V,
  },
});

/** The same pupil at an independent school, or born on another date. */
export const registeredWith = (
  over: Partial<Extract<PupilEvent, { type: 'PupilRegistered' }>['data']>,
): PupilEvent => ({
  type: 'PupilRegistered',
  data: { ...(registered as Extract<PupilEvent, { type: 'PupilRegistered' }>).data, ...over },
});

/** A referral to the attendance panel awaiting its decision. */
export const referredToPanel = (referralId = 'ref-1', referredOn = '2025-03-17'): PupilEvent => ({
  type: 'ReferredToPanel',
  data: { referralId, reason: 'Stuck despite support', referredOn },
});

/** An education supervision order applied for on 10 Feb 2025, and made on 3 Mar 2025 (in force to 2 Mar 2026). */
export const esoApplied: PupilEvent = {
  type: 'SupervisionOrderApplied',
  data: { orderId: 'eso-1', appliedOn: '2025-02-10', ruleSetVersion: V },
};
export const esoGranted: PupilEvent = {
  type: 'SupervisionOrderGranted',
  data: {
    orderId: 'eso-1',
    courtDate: '2025-03-03',
    supervisorId: 'ao-1',
    expiresOn: '2026-03-02',
    ruleSetVersion: V,
  },
};

export const caseClosed = (closedOn = '2025-04-01'): PupilEvent => ({
  type: 'CaseClosed',
  data: { reason: 'improved', explanation: 'Attending well', closedOn, ruleSetVersion: V },
});

/** A contract from 6 January to 4 April 2025, reviewed on 3 February and 3 March. */
export const contractAgreed: PupilEvent = {
  type: 'AttendanceContractAgreed',
  data: {
    contractId: 'contract-1',
    parentIds: ['parent-mum'],
    parentCommitments: ['Morning routine'],
    supportCommitments: ['Breakfast club'],
    startsOn: '2025-01-06',
    endsOn: '2025-04-04',
    reviewDates: ['2025-02-03', '2025-03-03'],
    ruleSetVersion: V,
  },
};
export const contractReviewed = (reviewedOn: string): PupilEvent => ({
  type: 'AttendanceContractReviewed',
  data: {
    contractId: 'contract-1',
    reviewedOn,
    outcome: 'on-track',
    notes: 'Better',
    ruleSetVersion: V,
  },
});

export const panelDecided = (referralId = 'ref-1', decidedOn = '2025-03-24'): PupilEvent => ({
  type: 'PanelDecisionRecorded',
  data: {
    referralId,
    decision: 'attendance-contract',
    rationale: 'Support has not been taken up',
    decidedOn,
    ruleSetVersion: V,
  },
});

/** The N of Monday 3 March 2025's morning at school-a, past the days allowed for its replacement. */
export const N_CODE_REF = 'school-a/2025-03-03/AM';
export const nCodeDeadlineReached: PupilEvent = {
  type: 'DeadlineReached',
  data: {
    deadlineId: `n-code-replacement-due-${N_CODE_REF}`,
    kind: 'n-code-replacement-due',
    dueOn: '2025-03-11',
    ref: N_CODE_REF,
    action: 'Replace the N code',
    reachedOn: '2025-03-11',
  },
};
/** That session re-coded as illness once the reason was established. */
export const nCodeReplaced: PupilEvent = {
  type: 'AttendanceMarkCorrected',
  data: {
    schoolId: 'school-a',
    date: '2025-03-03',
    session: 'AM',
    code: 'I',
    previousCode: 'N',
    reason: 'Illness confirmed',
    receivedAt: '2025-03-12T09:00:00Z',
  },
};

/** A notice to improve issued to the mother on 17 March 2025: a command naming a parent. */
export const issueNoticeToImproveToMum: PupilCommand = {
  type: 'IssueNoticeToImprove',
  noticeId: 'nti-1',
  parentId: MUM,
  issuedOn: '2025-03-17',
  sufficientImprovement: 'No unauthorised absence',
};
