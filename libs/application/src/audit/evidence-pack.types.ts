/**
 * What an evidence pack holds (see evidence-pack.ts for how it is assembled): plain JSON, as the
 * API returns it and the HTML renderer prints it.
 */
import type { PersonFields } from '../people/personal-details';
import type { Letter } from '@app/domain';
import type {
  AttendanceStatistics,
  IsoDate,
  OffencePeriod,
  Parent,
  PupilEventOf,
  SchoolWeekBasis,
  ThresholdSession,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { ChronologyEntry } from './evidence-chronology';

export type EvidencePackSubject =
  { kind: 'penalty-notice'; noticeId: string } | { kind: 'prosecution'; prosecutionId: string };

export interface EvidencePackInput {
  pupilId: string;
  pupilEvents: readonly RecordedEvent[];
  /** The family's stream; empty when the pupil was never linked to a family. */
  familyEvents: readonly RecordedEvent[];
  subject: EvidencePackSubject;
  /** The code of conduct's school-week reading, for the threshold on today's register. */
  schoolWeekBasis?: SchoolWeekBasis;
  /** When the pack was produced (ISO instant): printed on it, never used to decide anything. */
  generatedAt: string;
}

export interface ThresholdFinding {
  count: number;
  met: boolean;
  firstSchoolWeek: IsoDate | null;
  lastSchoolWeek: IsoDate | null;
  sessions: ThresholdSession[];
}

export interface WeeklyAttendance {
  /** Monday of the week. */
  weekStart: IsoDate;
  possible: number;
  attended: number;
  authorisedAbsence: number;
  unauthorisedAbsence: number;
  /** attended / possible; null when the pupil had no possible session that week (e.g. half term). */
  rate: number | null;
  /** The week is one of the 10 school weeks in which the threshold sessions fell. */
  inThresholdWindow: boolean;
}

export interface EvidencePack {
  generatedAt: string;
  subject: {
    kind: EvidencePackSubject['kind'];
    id: string;
    parentIds: string[];
    offencePeriod: OffencePeriod;
    /** The date of the decision: issued on (notice) or laid on (prosecution). */
    decidedOn: IsoDate;
    recordedAt: string;
    decidedBy: { actor: string; role: string };
    ruleSetVersion: string | null;
    /** Everything the decision event recorded (amounts, deadlines, section…). */
    facts: Record<string, unknown>;
    /** For a notice: issued, paid, withdrawn or prosecuted; for a prosecution: its outcome or `pending`. */
    status: string;
  };
  pupil: {
    pupilId: string;
    /** The family the pupil is linked to, whose parents and plans the pack shows. */
    familyId: string | null;
    reference: string;
    upn: string | null;
    dateOfBirth: IsoDate;
    schoolId: string;
    schoolType: string;
    yearGroup: number;
  };
  parents: (Parent & { named: boolean })[];
  /**
   * The pupil and parents by id with their names and addresses, opened when the pack is read
   * (PersonalDetailsReader.peopleIn): "[erased]" for a person erased; absent for people never recorded.
   */
  people?: Record<string, PersonFields>;
  /**
   * Copies of the letters behind the pack's notices as they are served (SI 2007/1867 reg 20(a):
   * "a copy of each notice issued"), or why none could be written (no letter settings, a person
   * never recorded). Absent when the pack was assembled without them.
   */
  letters?: { copies: Letter[]; unavailable?: string };
  attendance: {
    period: OffencePeriod;
    statistics: AttendanceStatistics;
    /** One entry per calendar week that touches the offence period, in order. */
    weeks: WeeklyAttendance[];
    /** The threshold on the register as it was known when the decision was made. */
    thresholdAtDecision: ThresholdFinding;
    /** The threshold on the register as it stands now (corrections received since included). */
    thresholdNow: ThresholdFinding;
    /** Marks for the period that were corrected, and whether the correction came after the decision. */
    corrections: {
      date: IsoDate;
      session: string;
      previousCode: string | null;
      code: string;
      reason: string;
      receivedAt: string;
      afterDecision: boolean;
    }[];
  };
  support: {
    offered: {
      supportId: string;
      kind: string;
      description: string;
      startedOn: IsoDate;
      outcome: string | null;
      familyEngaged: boolean | null;
      outcomeRecordedOn: IsoDate | null;
    }[];
    notAppropriate: {
      reason: string;
      explanation: string;
      offencePeriod: OffencePeriod | null;
      recordedOn: IsoDate;
      ruleSetVersion: string;
    }[];
    familyPlans: { planId: string; kind: string; startsOn: IsoDate; summary: string }[];
    panel: {
      referralId: string;
      reason: string;
      referredOn: IsoDate;
      decision: string | null;
      rationale: string | null;
      decidedOn: IsoDate | null;
      ruleSetVersion: string | null;
    }[];
  };
  conversations: PupilEventOf<'ConversationRecorded'>['data'][];
  contracts: (PupilEventOf<'AttendanceContractAgreed'>['data'] & {
    reviews: PupilEventOf<'AttendanceContractReviewed'>['data'][];
    ended: PupilEventOf<'AttendanceContractEnded'>['data'] | null;
  })[];
  noticesToImprove: (PupilEventOf<'NoticeToImproveIssued'>['data'] & {
    outcome: string | null;
    outcomeRecordedOn: IsoDate | null;
    /** Relied on by this decision (the notice names it; for a prosecution, sent to a prosecuted parent). */
    reliedOn: boolean;
  })[];
  penaltyNotices: (PupilEventOf<'PenaltyNoticeIssued'>['data'] & {
    payments: { paidOn: IsoDate; amount: number }[];
    withdrawal: PupilEventOf<'PenaltyNoticeWithdrawn'>['data'] | null;
    status: 'issued' | 'paid' | 'withdrawn';
  })[];
  prosecutions: (PupilEventOf<'ProsecutionStarted'>['data'] & {
    outcome: PupilEventOf<'ProsecutionOutcomeRecorded'>['data'] | null;
  })[];
  /** Every decision on the journey and the rule set (code of conduct version) it was made under. */
  decisions: {
    position: string;
    type: string;
    onDate: IsoDate | null;
    ruleSetVersion: string;
    description: string;
  }[];
  chronology: ChronologyEntry[];
}
