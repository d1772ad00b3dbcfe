/**
 * The casework read models: what link workers, panel chairs and attendance officers work from.
 * They are one group (views.ts, pupil-view.ts): each pupil is folded once into one document, from
 * which each view derives its rows; each view keeps its own version and collections, so a change
 * to one view derives that view only again (`npm run projections:rebuild -- caseload`).
 *
 * Documents hold only what follows from the events. Whatever depends on today's date (is a review
 * overdue, how many days since the last contact, can a notice be issued today) is worked out when
 * the query is answered, from dates kept here, by the domain's own rules.
 */
import type {
  FamilyState,
  IsoDate,
  LinkedFamily,
  NextAction,
  OffencePeriod,
  PenaltyNoticeCase,
  PenaltyNoticeHistoryEntry,
  PupilJourney,
  SchoolWeekBasis,
  SchoolYearTotals,
  Stage,
  TrendDirection,
  VulnerabilityFlags,
} from '@app/domain';
import { defineCollection } from '../../document-store.port';

// --- private: the folded state the rows are built from ----------------------------------------

/**
 * One week's register (see register.ts), kept under its Monday: each school's 14 sessions as one
 * string of codes, and when each current mark was received (a correction needs to know whether it
 * came later than the mark it replaces). About 60 bytes of JSON for a school's week of registers.
 */
export interface WeekRegister {
  /**
   * School id → its sessions, Monday morning first, each the code of its current mark as one
   * character (the domain's `codeChar`; `-` for none): what the weekly figures read (`AttendanceWeek`).
   */
  schools: Record<string, string>;
  /** Each instant (milliseconds since 1970) a current mark of the week was received at, once. */
  received: number[];
  /**
   * School id → which of `received` each session's mark was received at (`0` the first, `1` the
   * second …; `-` for none): left out while the week's current marks were all received at once.
   */
  receipts?: Record<string, string>;
}

/** Counters a pupil adds to one statistics document. */
export type Contribution = Record<string, number>;

/** What one view keeps of the rows it wrote for a pupil, to replace them next time. */
export interface ViewRecord {
  /** The rows this pupil has in a view that keeps several (contracts, orders, referrals), so stale ones can be removed. */
  rowIds?: string[];
  /** What this pupil adds to each statistics document, so a change can subtract the old. */
  contributions?: Record<string, Contribution>;
}

/** A pupil as the casework views keep them: folded once, every view's rows derived from it. */
export interface JourneyDoc {
  /** The domain's journey, with `marks` kept apart (compactly, current marks only). */
  state: PupilJourney;
  /** The register by week (its Monday, `2025-03-03`). */
  marks: Record<IsoDate, WeekRegister>;
  /** Figures from the marks, recomputed only when marks (or the code of conduct) change. */
  figures: MarkFigures;
  /**
   * Registers recorded since the figures were last worked out (within a batch: the view works
   * them out once, when it derives the pupil's rows): the latest date. The academic years' totals
   * follow each register at once (they move by the weeks' change alone).
   */
  pendingFigures?: { asOf: IsoDate };
  /** What the journey state does not keep about orders but their read model shows. */
  orders: Record<string, OrderHistory>;
  /** Actions agreed for the pupil at targeting support meetings (kept in the meetings' streams). */
  meetingActions?: Record<string, MeetingActionEntry>;
  /**
   * Each view's record of the rows it wrote for the pupil, by view and the view's version written
   * (`eligibility.v6`): a view derived again into a new version starts its own record while the
   * old version's keeps serving until the switch. Views that keep nothing have none.
   */
  views?: Record<string, ViewRecord>;
}

export interface MeetingActionEntry {
  meetingId: string;
  action: string;
  owner: string;
  dueOn: IsoDate;
  completedOn: IsoDate | null;
}

/** Which pupil an agreed action is for, so its completion finds the pupil. */
export interface MeetingActionOwner {
  pupilId: string;
}

export interface OrderHistory {
  grantedOn: IsoDate | null;
  extensions: number;
  directions: number;
  endedOn: IsoDate | null;
  endReason: string | null;
}

export interface PeriodFigures {
  label: string;
  from: IsoDate;
  to: IsoDate;
  possible: number;
  attended: number;
  unauthorisedAbsence: number;
  rate: number | null;
}

export interface MarkFigures {
  /** The latest session date with a mark: the figures are "as of the latest register". */
  asOf: IsoDate | null;
  term: PeriodFigures | null;
  year: (PeriodFigures & { persistentAbsence: boolean; severeAbsence: boolean }) | null;
  lastFourWeeksRate: number | null;
  trend: TrendDirection;
  threshold: {
    met: boolean;
    count: number;
    firstSchoolWeek: IsoDate | null;
    lastSchoolWeek: IsoDate | null;
    sessions: { date: IsoDate; session: string; code: string }[];
  };
  /** Per academic year and school: the figures statistics and cohorts add up. */
  years: Record<string, Record<string, SchoolYearTotals>>;
}

export interface FamilyDoc {
  family: FamilyState;
}

export interface SettingsDoc {
  schoolWeekBasis: SchoolWeekBasis | null;
  version: string | null;
}

// --- public rows ---------------------------------------------------------------------------

export interface CaseloadRow {
  pupilId: string;
  reference: string;
  status: PupilJourney['status'];
  stage: Stage;
  schoolId: string;
  yearGroup: number;
  leadPractitionerId: string | null;
  familyId: string | null;
  flags: VulnerabilityFlags;
  asOf: IsoDate | null;
  attendance: {
    term: PeriodFigures | null;
    year: PeriodFigures | null;
    lastFourWeeksRate: number | null;
  };
  persistentAbsence: boolean;
  severeAbsence: boolean;
  trend: TrendDirection;
  thresholdMet: boolean;
  openItems: {
    concerns: number;
    support: number;
    contracts: number;
    supervisionOrders: number;
    noticesToImprove: number;
    penaltyNotices: number;
    prosecutions: number;
    panelReferral: boolean;
  };
  /** The latest concerns, newest first (at most 3), with the monitor rule that raised each. */
  recentConcerns: {
    concernId: string;
    raisedOn: IsoDate;
    summary: string | null;
    rule: string | null;
  }[];
  actions: NextAction[];
  nextAction: NextAction | null;
  /**
   * The panel's latest decision on a referral, for the referrer to see on their caseload, with
   * when they acknowledged it (null until then: it is a task on their work list meanwhile).
   */
  panelDecision: {
    referralId: string;
    decision: string;
    rationale: string | null;
    conditions: string[];
    decidedOn: IsoDate | null;
    acknowledgedOn: IsoDate | null;
  } | null;
  lastContactOn: IsoDate | null;
  /** Sort key: earliest action due first (so overdue first), then severity, then lowest rate. */
  attention: string;
  /**
   * Index values: `all`, `school:<id>`, `worker:<id>`, `social-worker:<id>`, `looked-after`, each
   * alone or with `|stage:<s>` / `|flag:<f>`.
   */
  facets: string[];
}

export type ContractStatus = 'active' | 'not-kept' | 'ended';
export interface ContractRow {
  contractId: string;
  pupilId: string;
  reference: string;
  schoolId: string;
  leadPractitionerId: string | null;
  parentIds: string[];
  status: ContractStatus;
  startsOn: IsoDate;
  endsOn: IsoDate;
  reviewDates: IsoDate[];
  lastReviewOn: IsoDate | null;
  nextReviewOn: IsoDate | null;
  /** Sort key for "due for review": the next review, or far future when none is left. */
  reviewKey: string;
  facets: string[];
}

export interface SupervisionOrderRow {
  orderId: string;
  pupilId: string;
  reference: string;
  schoolId: string;
  status: 'applied' | 'in-force' | 'extension-applied' | 'discharged' | 'ended';
  appliedOn: IsoDate;
  grantedOn: IsoDate | null;
  supervisorId: string | null;
  expiresOn: IsoDate | null;
  extensionWindowOpens: IsoDate | null;
  extensions: number;
  directions: number;
  nonCompliance: number;
  compulsorySchoolAgeEnds: IsoDate;
  /** The order's expiry is the end of compulsory school age (it cannot be extended past it). */
  endsWithCompulsorySchoolAge: boolean;
  endedOn: IsoDate | null;
  endReason: string | null;
  expiryKey: string;
  facets: string[];
}

export interface EligibilityParent {
  parentId: string;
  reference: string | null;
  hasParentalResponsibility: boolean | null;
  /** This parent's notices for this pupil (withdrawn ones marked), for the per-parent limit. */
  history: PenaltyNoticeHistoryEntry[];
  noticeToImprove: {
    noticeId: string;
    issuedOn: IsoDate;
    periodEndsOn: IsoDate;
    outcome: 'improved' | 'not-improved' | null;
  } | null;
}

export interface EligibilityRow {
  pupilId: string;
  reference: string;
  schoolId: string;
  leadPractitionerId: string | null;
  stage: Stage;
  asOf: IsoDate;
  threshold: MarkFigures['threshold'];
  /** The offence a notice would be for: the threshold window's sessions, first to last. */
  offencePeriod: OffencePeriod;
  /**
   * What `decidePenaltyNotice` reads of the journey and the family: whether a notice may be issued
   * depends on the day it is asked, so the query decides it then, from these.
   */
  case: PenaltyNoticeCase;
  family: LinkedFamily | null;
  supportTried: number;
  supportNotAppropriate: boolean;
  parents: EligibilityParent[];
  /** Pupils whose family is not yet linked: notices need a parent. */
  familyLinked: boolean;
  facets: string[];
}

export interface PanelQueueRow {
  referralId: string;
  pupilId: string;
  reference: string;
  schoolId: string;
  leadPractitionerId: string | null;
  stage: Stage;
  reason: string;
  referredOn: IsoDate;
  priority: number;
  reasons: string[];
  severeAbsence: boolean;
  persistentAbsence: boolean;
  attendanceRate: number | null;
  supportTried: number;
  facets: string[];
}

export const COHORTS = [
  'looked-after',
  'child-protection-plan',
  'child-in-need',
  'ehcp',
  'sen-support',
  'fsm',
] as const;
export type Cohort = (typeof COHORTS)[number];

export interface CohortPupilRow {
  pupilId: string;
  reference: string;
  schoolId: string;
  stage: Stage;
  status: PupilJourney['status'];
  cohorts: Cohort[];
  asOf: IsoDate | null;
  year: PeriodFigures | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  suspensionSessions: number;
  partTimeSessions: number;
  facets: string[];
}

/** Sums over pupils: `current|<school>`, `year|<year>|<school>`, `cohort|<c>|<year>|<school>` (school `*` = LA-wide). */
export interface StatisticsDoc {
  scope: string;
  schoolId: string;
  counters: Record<string, number>;
}

/**
 * The pupils, the code of conduct's week basis, families, and meeting actions' pupils: private to
 * each partition when the views run in partitions (events of families, the code and an action's
 * completion reach every partition, and each partition acts for its own pupils only).
 */
export const caseworkPupils = defineCollection<JourneyDoc>({ name: 'pupils', perPartition: true });
export const caseworkSettings = defineCollection<SettingsDoc>({
  name: 'settings',
  perPartition: true,
});
export const families = defineCollection<FamilyDoc>({ name: 'families', perPartition: true });
export const meetingActionOwners = defineCollection<MeetingActionOwner>({
  name: 'meeting-action-owners',
  perPartition: true,
});

// The rows are only ever read by index value in their sort key's order (casework-queries.ts), so
// their indexes keep no id order: half the index entries to rewrite on every change of a row.
export const caseload = defineCollection<CaseloadRow>({
  name: 'caseload',
  indexes: ['facets'],
  sortKeys: ['attention'],
  indexesById: false,
});
export const contracts = defineCollection<ContractRow>({
  name: 'contracts',
  indexes: ['facets'],
  sortKeys: ['reviewKey'],
  indexesById: false,
});
export const supervisionOrders = defineCollection<SupervisionOrderRow>({
  name: 'supervision-orders',
  indexes: ['facets'],
  sortKeys: ['expiryKey'],
  indexesById: false,
});
export const eligibility = defineCollection<EligibilityRow>({
  name: 'eligibility',
  indexes: ['facets'],
  sortKeys: ['reference'],
  indexesById: false,
});
export const panelQueue = defineCollection<PanelQueueRow>({
  name: 'panel-queue',
  indexes: ['facets'],
  sortKeys: ['priority'],
  indexesById: false,
});
export const cohortPupils = defineCollection<CohortPupilRow>({
  name: 'cohort-pupils',
  indexes: ['facets'],
  sortKeys: ['reference'],
  indexesById: false,
});
/** Partitioned, each partition keeps its own contributions to each document: readers add them up (sumStatistics). */
export const statistics = defineCollection<StatisticsDoc>({
  name: 'statistics',
  perPartition: true,
  indexes: ['scope'],
  sortKeys: ['schoolId'],
  indexesById: false,
});
