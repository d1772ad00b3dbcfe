/**
 * What can happen on a pupil's journey: past-tense facts a caseworker would say out loud. All data
 * is plain JSON (dates `YYYY-MM-DD`, instants ISO 8601). Decision events carry the rule-set version
 * (the code of conduct) they were decided under.
 */
import type { IsoDate } from '../calendar';
import type {
  WithdrawalGround,
  AttendanceCode,
  Session,
  ServiceMethod,
  ThresholdSession,
} from '../rules';
import type { DeadlineKind } from './deadlines';
import type { TaskNamed } from '../tasks/task-kinds';
import type {
  Barrier,
  ClosureReason,
  ContractReviewOutcome,
  EsoDischargeApplicant,
  EsoEndReason,
  EsoProsecutionRelation,
  NeglectRoute,
  OffencePeriod,
  PanelDecision,
  ParentingOrderNotImplementedReason,
  PenaltyNoticeIssuer,
  PenaltyNoticeReason,
  ProsecutionOutcome,
  ProsecutionSection,
  SchoolRequestAnswer,
  SchoolType,
  SocialCareResponse,
  Stage,
  SupportKind,
  SupportNotAppropriateReason,
  SupportOutcome,
  VulnerabilityFlags,
} from './vocabulary';

type E<T extends string, D> = { type: T; data: D };
type Decided = { ruleSetVersion: string };

export interface SessionMark {
  date: IsoDate;
  session: Session;
  code: AttendanceCode;
}

export type PupilEvent =
  // expect
  | E<
      'PupilRegistered',
      {
        pupilId: string;
        reference: string;
        upn: string | null;
        dateOfBirth: IsoDate;
        schoolId: string;
        schoolType: SchoolType;
        yearGroup: number;
        flags: VulnerabilityFlags;
        registeredOn: IsoDate;
      }
    >
  | E<'VulnerabilityFlagsUpdated', { flags: VulnerabilityFlags; updatedOn: IsoDate }>
  | E<
      'SchoolChanged',
      { schoolId: string; schoolType: SchoolType; yearGroup: number; changedOn: IsoDate }
    >
  | E<'LinkedToFamily', { familyId: string; linkedOn: IsoDate }>
  // monitor
  | E<
      'AttendanceMarksRecorded',
      { schoolId: string; from: IsoDate; to: IsoDate; marks: SessionMark[]; receivedAt: string }
    >
  | E<
      'AttendanceMarkCorrected',
      {
        schoolId: string;
        date: IsoDate;
        session: Session;
        code: AttendanceCode;
        previousCode: AttendanceCode | null;
        reason: string;
        receivedAt: string;
      }
    >
  | E<
      'ConcernRaised',
      {
        concernId: string;
        raisedOn: IsoDate;
        raisedBy: 'person' | 'rule';
        rule: { name: string; figures: Record<string, number | string | boolean | null> } | null;
        summary: string;
      }
    >
  // listen and understand
  | E<
      'ConversationRecorded',
      {
        conversationId: string;
        heldOn: IsoDate;
        withWhom: string[];
        barriers: Barrier[];
        barrierNotes: string;
        pupilVoice: string;
        /** What the parents or carers said, in their words; absent when none was recorded. */
        parentVoice?: string;
        agreedNextSteps: string[];
      }
    >
  | E<'LeadPractitionerAssigned', { practitionerId: string; assignedOn: IsoDate }>
  // the people around the child: allocation, and what a school asks of the LA
  | E<
      'CaseReallocated',
      {
        fromPractitionerId: string;
        toPractitionerId: string;
        reason: string;
        reallocatedOn: IsoDate;
      }
    >
  | E<'SocialWorkerAllocated', { socialWorkerId: string; allocatedOn: IsoDate }>
  | E<'SocialWorkerAllocationEnded', { socialWorkerId: string; reason: string; endedOn: IsoDate }>
  | E<'ReferredToLocalAuthority', { referralId: string; reason: string; referredOn: IsoDate }>
  | E<
      'PenaltyNoticeRequested',
      {
        requestId: string;
        reason: string;
        /** The absence the school asks a notice for, when it names one. */
        offencePeriod: OffencePeriod | null;
        requestedOn: IsoDate;
      }
    >
  | E<
      'SchoolRequestAnswered',
      {
        requestId: string;
        answer: SchoolRequestAnswer;
        reason: string;
        answeredOn: IsoDate;
      }
    >
  // facilitate support
  | E<
      'SupportActionRecorded',
      { supportId: string; kind: SupportKind; description: string; startedOn: IsoDate }
    >
  | E<
      'SupportOutcomeRecorded',
      { supportId: string; outcome: SupportOutcome; familyEngaged: boolean; recordedOn: IsoDate }
    >
  | E<
      'SupportNotAppropriateRecorded',
      {
        reason: SupportNotAppropriateReason;
        explanation: string;
        /** The offence it concerns (e.g. the holiday's dates); null: the case as a whole. Absent in early events. */
        offencePeriod?: OffencePeriod | null;
        recordedOn: IsoDate;
      } & Decided
    >
  // panel
  | E<'ReferredToPanel', { referralId: string; reason: string; referredOn: IsoDate }>
  | E<
      'PanelDecisionRecorded',
      {
        referralId: string;
        decision: PanelDecision;
        rationale: string;
        /** What the decision is subject to (e.g. a review date, engagement with support); absent when none. */
        conditions?: string[];
        decidedOn: IsoDate;
      } & Decided
    >
  /** The referrer has read the panel's decision (their task to act on it is done). */
  | E<'PanelDecisionAcknowledged', { referralId: string; acknowledgedOn: IsoDate; note: string }>
  // formalise support
  | E<
      'AttendanceContractAgreed',
      {
        contractId: string;
        parentIds: string[];
        parentCommitments: string[];
        supportCommitments: string[];
        startsOn: IsoDate;
        endsOn: IsoDate;
        reviewDates: IsoDate[];
      } & Decided
    >
  | E<
      'AttendanceContractDeclined',
      { offerId: string; parentIds: string[]; offeredOn: IsoDate; reason: string } & Decided
    >
  | E<
      'AttendanceContractReviewed',
      {
        contractId: string;
        reviewedOn: IsoDate;
        outcome: ContractReviewOutcome;
        notes: string;
      } & Decided
    >
  | E<
      'AttendanceContractEnded',
      {
        contractId: string;
        endedOn: IsoDate;
        reason: 'completed' | 'ended-early' | 'not-kept';
      } & Decided
    >
  | E<'SocialCareConsulted', { consultedOn: IsoDate; outcome: string }>
  | E<
      'SupervisionOrderApplied',
      {
        orderId: string;
        appliedOn: IsoDate;
        /** Instead of or as well as prosecuting (absent in early events and when not said). */
        prosecution?: EsoProsecutionRelation | null;
      } & Decided
    >
  | E<
      'SupervisionOrderGranted',
      { orderId: string; courtDate: IsoDate; supervisorId: string; expiresOn: IsoDate } & Decided
    >
  | E<'SupervisionOrderDirectionGiven', { orderId: string; direction: string; givenOn: IsoDate }>
  | E<
      'SupervisionOrderNonComplianceRecorded',
      { orderId: string; recordedOn: IsoDate; details: string }
    >
  | E<
      'SupervisionOrderExtensionApplied',
      { orderId: string; appliedOn: IsoDate; extensionYears: number } & Decided
    >
  | E<
      'SupervisionOrderExtended',
      { orderId: string; grantedOn: IsoDate; extensionYears: number; expiresOn: IsoDate } & Decided
    >
  | E<
      'SupervisionOrderDischarged',
      { orderId: string; dischargedOn: IsoDate; applicant: EsoDischargeApplicant } & Decided
    >
  | E<
      'SupervisionOrderEnded',
      { orderId: string; endedOn: IsoDate; reason: EsoEndReason } & Decided
    >
  | E<
      'EducationNeglectReferralMade',
      { referralId: string; route: NeglectRoute; referredOn: IsoDate; reason: string } & Decided
    >
  | E<
      'SocialCareResponseRecorded',
      {
        referralId: string;
        response: SocialCareResponse;
        respondedOn: IsoDate;
        /** As children's social care gave it; empty when none was given. */
        notes: string;
      }
    >
  // enforce
  | E<
      'NoticeToImproveIssued',
      {
        noticeId: string;
        parentId: string;
        issuedOn: IsoDate;
        improvementWeeks: number;
        periodEndsOn: IsoDate;
        sufficientImprovement: string;
      } & Decided
    >
  | E<
      'NoticeToImproveOutcomeRecorded',
      { noticeId: string; outcome: 'improved' | 'not-improved'; recordedOn: IsoDate } & Decided
    >
  | E<
      'PenaltyNoticeIssued',
      {
        noticeId: string;
        parentId: string;
        issuedOn: IsoDate;
        issuedBy: PenaltyNoticeIssuer;
        servedOn: IsoDate;
        offencePeriod: OffencePeriod;
        sequence: 1 | 2;
        amount: number;
        reducedAmount: number | null;
        reducedRateEnds: IsoDate | null;
        paymentEnds: IsoDate;
        threshold: {
          count: number;
          firstSchoolWeek: IsoDate | null;
          lastSchoolWeek: IsoDate | null;
          sessions: ThresholdSession[];
        };
        noticeToImproveId: string | null;
        supportNotAppropriate: SupportNotAppropriateReason | null;
        /** The main reason for issue (absent in early events: `mainReasonForNotice` works it out). */
        reason?: PenaltyNoticeReason;
      } & Decided
    >
  | E<
      'PenaltyNoticeServed',
      {
        noticeId: string;
        method: ServiceMethod;
        /** The day it was posted or handed over. */
        sentOn: IsoDate;
        /** The day it is received: the payment periods begin with it. */
        servedOn: IsoDate;
        /** The offence it is for (as on the notice), which bounds a prosecution. */
        offencePeriod: OffencePeriod;
        reducedRateEnds: IsoDate | null;
        paymentEnds: IsoDate;
      } & Decided
    >
  | E<'PenaltyNoticePaid', { noticeId: string; paidOn: IsoDate; amount: number } & Decided>
  | E<
      'PenaltyNoticeWithdrawn',
      {
        noticeId: string;
        withdrawnOn: IsoDate;
        ground: WithdrawalGround;
        explanation: string;
        refundDue: number;
      } & Decided
    >
  | E<
      'ProsecutionStarted',
      {
        prosecutionId: string;
        section: ProsecutionSection;
        parentIds: string[];
        offencePeriod: OffencePeriod;
        laidOn: IsoDate;
        esoConsideration: string;
      } & Decided
    >
  | E<
      'ProsecutionOutcomeRecorded',
      {
        prosecutionId: string;
        outcome: ProsecutionOutcome;
        recordedOn: IsoDate;
        sentence: string;
        parentingOrder: boolean;
      } & Decided
    >
  | E<
      'ParentingOrderImplementationRecorded',
      {
        prosecutionId: string;
        implemented: boolean;
        reasonNotImplemented: ParentingOrderNotImplementedReason | null;
        recordedOn: IsoDate;
      } & Decided
    >
  // timed work: a deadline a job saw fall due, so it shows on the journey and the caseload
  | E<
      'DeadlineReached',
      {
        deadlineId: string;
        kind: DeadlineKind;
        dueOn: IsoDate;
        ref: string;
        /** What the caseworker is to do now. */
        action: string;
        reachedOn: IsoDate;
      }
    >
  // tasks: a dated action done, or handed to someone else (see libs/domain/src/tasks)
  | E<
      'TaskCompleted',
      TaskNamed & {
        completedOn: IsoDate;
        note: string;
      }
    >
  | E<
      'TaskReassigned',
      TaskNamed & {
        toUserId: string;
        reason: string;
        reassignedOn: IsoDate;
      }
    >
  // moving through the journey
  | E<'SteppedDown', { toStage: Stage; reason: string; steppedDownOn: IsoDate } & Decided>
  | E<'CaseClosed', { reason: ClosureReason; explanation: string; closedOn: IsoDate } & Decided>
  | E<'CaseReopened', { reason: string; reopenedOn: IsoDate }>;

export type PupilEventType = PupilEvent['type'];
export type PupilEventOf<T extends PupilEventType> = Extract<PupilEvent, { type: T }>;
