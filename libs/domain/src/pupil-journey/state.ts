/** The pupil's journey as folded from its events: what `decide` needs to enforce the rules. */
import type { IsoDate } from '../calendar';
import type { AttendanceMark } from '../rules';
import type { DeadlineKind } from './deadlines';
import type { PupilEventOf } from './events';
import type { ServiceMethod, WithdrawalGround } from '../rules';
import type {
  EsoProsecutionRelation,
  OffencePeriod,
  ParentingOrderNotImplementedReason,
  PenaltyNoticeReason,
  SchoolRequestAnswer,
  SchoolType,
  SocialCareResponse,
  Stage,
  SupportKind,
  SupportNotAppropriateReason,
  SupportOutcome,
  VulnerabilityFlags,
} from './vocabulary';

export interface SupervisionOrder {
  orderId: string;
  status: 'applied' | 'in-force' | 'extension-applied' | 'discharged' | 'ended';
  appliedOn: IsoDate;
  expiresOn: IsoDate | null;
  supervisorId: string | null;
  pendingExtensionYears: number | null;
  nonCompliance: number;
  /** The day the court made the order (null until it does). */
  grantedOn: IsoDate | null;
  /** Applied for instead of or as well as prosecuting, where the LA said so. */
  prosecution: EsoProsecutionRelation | null;
}

export interface PenaltyNotice {
  noticeId: string;
  parentId: string;
  issuedOn: IsoDate;
  /** The day it is received (presumed from the day of issue until service is recorded). */
  servedOn: IsoDate;
  /** How and when it was sent, once recorded; null while only its issue is known. */
  service: { method: ServiceMethod; sentOn: IsoDate } | null;
  offencePeriod: OffencePeriod;
  sequence: 1 | 2;
  reducedRateEnds: IsoDate | null;
  paymentEnds: IsoDate;
  status: 'issued' | 'paid' | 'withdrawn' | 'prosecuted';
  paidAmount: number;
  /** The main reason it was issued (the census's "main reason for issue"). */
  reason: PenaltyNoticeReason;
  paidOn: IsoDate | null;
  withdrawal: { on: IsoDate; ground: WithdrawalGround } | null;
  /** The day a prosecution for the same offence was laid. */
  prosecutedOn: IsoDate | null;
}

/** A school's referral to the LA's attendance service, or its request that a penalty notice be issued. */
export interface SchoolRequest {
  requestId: string;
  kind: 'local-authority-referral' | 'penalty-notice';
  reason: string;
  offencePeriod: OffencePeriod | null;
  requestedOn: IsoDate;
  /** The LA's answer; null (or absent, on states folded by older code) until it gives one. */
  answer?: { answer: SchoolRequestAnswer; reason: string; answeredOn: IsoDate } | null;
}

export interface PupilJourney {
  status: 'unregistered' | 'open' | 'closed';
  pupilId: string;
  reference: string;
  upn: string | null;
  dateOfBirth: IsoDate;
  schoolId: string;
  schoolType: SchoolType;
  yearGroup: number;
  flags: VulnerabilityFlags;
  familyId: string | null;
  leadPractitionerId: string | null;
  /** The child's allocated social worker (absent on states folded by older code). */
  socialWorkerId?: string | null;
  stage: Stage;
  registeredOn: IsoDate;
  /** Every mark received, corrections included: the register as known at any time can be rebuilt. */
  marks: AttendanceMark[];
  /** Every id a command has used, so a repeated id is recognised. */
  usedIds: string[];
  concerns: {
    concernId: string;
    raisedOn: IsoDate;
    byRule: string | null;
    /** The rule's figures when a monitor rule raised it (absent on states folded by older code). */
    figures?: Record<string, number | string | boolean | null> | null;
    summary?: string;
  }[];
  /** Deadlines a job saw fall due, oldest first. */
  deadlinesReached: {
    deadlineId: string;
    kind: DeadlineKind;
    dueOn: IsoDate;
    ref: string;
    action: string;
    reachedOn: IsoDate;
  }[];
  lastContactOn: IsoDate | null;
  support: {
    supportId: string;
    kind: SupportKind;
    startedOn: IsoDate;
    outcome: SupportOutcome | null;
    familyEngaged: boolean | null;
  }[];
  /** Why support is not appropriate (e.g. a term-time holiday), for an offence period or the case. */
  supportNotAppropriate: {
    reason: SupportNotAppropriateReason;
    offencePeriod: OffencePeriod | null;
    recordedOn: IsoDate;
  }[];
  panelReferrals: {
    referralId: string;
    reason: string;
    referredOn: IsoDate;
    decision: string | null;
    /** The decision's day, rationale and conditions (absent on states folded by older code). */
    decidedOn?: IsoDate;
    rationale?: string;
    conditions?: string[];
    /** When the referrer acknowledged the decision (absent or null until they do). */
    acknowledgedOn?: IsoDate | null;
  }[];
  contracts: {
    contractId: string;
    parentIds: string[];
    startsOn: IsoDate;
    endsOn: IsoDate;
    reviewDates: IsoDate[];
    status: 'active' | 'not-kept' | 'ended';
    lastReview: string | null;
  }[];
  /** What the pupil's school asked of the LA, oldest first (absent on states folded by older code). */
  schoolRequests?: SchoolRequest[];
  /** Attendance contracts offered and declined by the parents (voluntary: ASBA 2003 s19). */
  contractsDeclined: { offerId: string; parentIds: string[]; offeredOn: IsoDate }[];
  socialCareConsultedOn: IsoDate | null;
  supervisionOrders: SupervisionOrder[];
  neglectReferrals: {
    referralId: string;
    route: string;
    referredOn: IsoDate;
    /** Children's social care's response (absent on states folded by older code). */
    response?: { response: SocialCareResponse; respondedOn: IsoDate } | null;
  }[];
  noticesToImprove: {
    noticeId: string;
    parentId: string;
    issuedOn: IsoDate;
    periodEndsOn: IsoDate;
    outcome: 'improved' | 'not-improved' | null;
  }[];
  penaltyNotices: PenaltyNotice[];
  /** Tasks completed (by id) and handed to someone else (id to user); absent on older states. */
  tasks?: { completed: string[]; assignees: Record<string, string> };
  prosecutions: {
    prosecutionId: string;
    parentIds: string[];
    offencePeriod: OffencePeriod;
    laidOn: IsoDate;
    outcome: string | null;
    outcomeOn: IsoDate | null;
    /** Whether the court made a parenting order with the outcome (null until an outcome). */
    parentingOrder: boolean | null;
    /** Whether that order was implemented, and if not why (null until recorded). */
    parentingOrderImplementation: {
      implemented: boolean;
      reasonNotImplemented: ParentingOrderNotImplementedReason | null;
    } | null;
  }[];
}

export const initialState = (): PupilJourney => ({
  status: 'unregistered',
  pupilId: '',
  reference: '',
  upn: null,
  dateOfBirth: '',
  schoolId: '',
  schoolType: 'maintained',
  yearGroup: 0,
  flags: {
    ehcp: false,
    senSupport: false,
    fsm: false,
    childInNeed: false,
    childProtectionPlan: false,
    lookedAfter: false,
    youngCarer: false,
  },
  familyId: null,
  leadPractitionerId: null,
  socialWorkerId: null,
  stage: 'expect',
  registeredOn: '',
  marks: [],
  usedIds: [],
  concerns: [],
  deadlinesReached: [],
  lastContactOn: null,
  support: [],
  supportNotAppropriate: [],
  panelReferrals: [],
  contracts: [],
  schoolRequests: [],
  contractsDeclined: [],
  socialCareConsultedOn: null,
  supervisionOrders: [],
  neglectReferrals: [],
  noticesToImprove: [],
  penaltyNotices: [],
  prosecutions: [],
});

export type PenaltyNoticeIssuedData = PupilEventOf<'PenaltyNoticeIssued'>['data'];
