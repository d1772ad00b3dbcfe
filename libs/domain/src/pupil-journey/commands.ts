/**
 * What a caseworker (or a job) can ask of a pupil's journey. Ids come in the command, generated
 * by the caller, so a retried command is recognisable. Every command that records a fact names the
 * day it happened (dated-facts.ts says which field); left out, it is the day of `now`.
 */
import type { IsoDate } from '../calendar';
import type { WithdrawalGround, AttendanceCode, Session, ServiceMethod } from '../rules';
import type { DeadlineKind } from './deadlines';
import type { TaskNamed } from '../tasks/task-kinds';
import type { SessionMark } from './events';
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

type C<T extends string, D> = { type: T } & D;

export type PupilCommand =
  | C<
      'RegisterPupil',
      {
        pupilId: string;
        reference: string;
        upn?: string;
        dateOfBirth: IsoDate;
        schoolId: string;
        schoolType: SchoolType;
        yearGroup: number;
        flags?: Partial<VulnerabilityFlags>;
        /** The day the pupil came onto the LA's records (for a case brought across, its first day). */
        registeredOn?: IsoDate;
      }
    >
  | C<'UpdateVulnerabilityFlags', { flags: Partial<VulnerabilityFlags>; updatedOn?: IsoDate }>
  | C<
      'ChangeSchool',
      { schoolId: string; schoolType: SchoolType; yearGroup: number; changedOn?: IsoDate }
    >
  | C<'LinkToFamily', { familyId: string; linkedOn?: IsoDate }>
  | C<'RecordMarks', { schoolId: string; from: IsoDate; to: IsoDate; marks: SessionMark[] }>
  | C<
      'CorrectMark',
      { schoolId: string; date: IsoDate; session: Session; code: AttendanceCode; reason: string }
    >
  | C<
      'RaiseConcern',
      {
        concernId: string;
        summary: string;
        rule?: { name: string; figures: Record<string, number | string | boolean | null> };
        raisedOn?: IsoDate;
      }
    >
  | C<
      'RecordConversation',
      {
        conversationId: string;
        heldOn: IsoDate;
        withWhom: string[];
        barriers: Barrier[];
        barrierNotes?: string;
        pupilVoice?: string;
        parentVoice?: string;
        agreedNextSteps: string[];
      }
    >
  | C<'AssignLeadPractitioner', { practitionerId: string; assignedOn?: IsoDate }>
  | C<
      'ReallocateCase',
      {
        fromPractitionerId: string;
        toPractitionerId: string;
        reason: string;
        reallocatedOn?: IsoDate;
      }
    >
  | C<'AllocateSocialWorker', { socialWorkerId: string; allocatedOn?: IsoDate }>
  | C<'EndSocialWorkerAllocation', { reason: string; endedOn?: IsoDate }>
  | C<'ReferToLocalAuthority', { referralId: string; reason: string; referredOn?: IsoDate }>
  | C<
      'RequestPenaltyNotice',
      { requestId: string; reason: string; offencePeriod?: OffencePeriod; requestedOn?: IsoDate }
    >
  | C<
      'AnswerSchoolRequest',
      { requestId: string; answer: SchoolRequestAnswer; reason: string; answeredOn?: IsoDate }
    >
  | C<
      'RecordSupportAction',
      { supportId: string; kind: SupportKind; description: string; startedOn: IsoDate }
    >
  | C<
      'RecordSupportOutcome',
      { supportId: string; outcome: SupportOutcome; familyEngaged: boolean; recordedOn?: IsoDate }
    >
  | C<
      'RecordSupportNotAppropriate',
      {
        reason: SupportNotAppropriateReason;
        explanation: string;
        /** The offence it concerns, e.g. the dates of a term-time holiday; omitted: the whole case. */
        offencePeriod?: OffencePeriod;
        recordedOn?: IsoDate;
      }
    >
  | C<'ReferToPanel', { referralId: string; reason: string; referredOn?: IsoDate }>
  | C<
      'RecordPanelDecision',
      {
        referralId: string;
        decision: PanelDecision;
        rationale: string;
        conditions?: string[];
        decidedOn?: IsoDate;
      }
    >
  | C<
      'AgreeAttendanceContract',
      {
        contractId: string;
        parentIds: string[];
        parentCommitments: string[];
        supportCommitments: string[];
        startsOn: IsoDate;
        endsOn: IsoDate;
        reviewDates?: IsoDate[];
      }
    >
  | C<
      'RecordAttendanceContractDeclined',
      { offerId: string; parentIds: string[]; offeredOn: IsoDate; reason: string }
    >
  | C<
      'ReviewAttendanceContract',
      { contractId: string; reviewedOn: IsoDate; outcome: ContractReviewOutcome; notes?: string }
    >
  | C<
      'EndAttendanceContract',
      { contractId: string; endedOn: IsoDate; reason: 'completed' | 'ended-early' | 'not-kept' }
    >
  | C<'RecordSocialCareConsultation', { consultedOn: IsoDate; outcome: string }>
  | C<
      'ApplyForSupervisionOrder',
      { orderId: string; appliedOn: IsoDate; prosecution?: EsoProsecutionRelation }
    >
  | C<
      'RecordSupervisionOrderGranted',
      { orderId: string; courtDate: IsoDate; supervisorId: string }
    >
  | C<'RecordSupervisionDirection', { orderId: string; direction: string; givenOn: IsoDate }>
  | C<'RecordSupervisionNonCompliance', { orderId: string; recordedOn: IsoDate; details: string }>
  | C<
      'ApplyForSupervisionOrderExtension',
      { orderId: string; appliedOn: IsoDate; extensionYears: number }
    >
  | C<'RecordSupervisionOrderExtended', { orderId: string; grantedOn: IsoDate }>
  | C<
      'RecordSupervisionOrderDischarged',
      { orderId: string; dischargedOn: IsoDate; applicant: EsoDischargeApplicant }
    >
  | C<'EndSupervisionOrder', { orderId: string; endedOn: IsoDate; reason: EsoEndReason }>
  | C<
      'ReferForEducationNeglect',
      { referralId: string; route: NeglectRoute; reason: string; referredOn?: IsoDate }
    >
  | C<
      'RecordSocialCareResponse',
      { referralId: string; response: SocialCareResponse; respondedOn?: IsoDate; notes?: string }
    >
  | C<
      'IssueNoticeToImprove',
      {
        noticeId: string;
        parentId: string;
        issuedOn: IsoDate;
        improvementWeeks?: number;
        sufficientImprovement: string;
      }
    >
  | C<
      'RecordNoticeToImproveOutcome',
      { noticeId: string; outcome: 'improved' | 'not-improved'; recordedOn: IsoDate }
    >
  | C<
      'IssuePenaltyNotice',
      {
        noticeId: string;
        parentId: string;
        issuedOn: IsoDate;
        offencePeriod: OffencePeriod;
        issuedBy: PenaltyNoticeIssuer;
        /** The main reason for issue; when left out, worked out by `mainReasonForNotice`. */
        reason?: PenaltyNoticeReason;
      }
    >
  | C<'RecordPenaltyNoticeService', { noticeId: string; method: ServiceMethod; sentOn: IsoDate }>
  | C<'RecordPenaltyNoticePayment', { noticeId: string; paidOn: IsoDate; amount: number }>
  | C<
      'WithdrawPenaltyNotice',
      { noticeId: string; withdrawnOn: IsoDate; ground: WithdrawalGround; explanation: string }
    >
  | C<
      'StartProsecution',
      {
        prosecutionId: string;
        section: ProsecutionSection;
        parentIds: string[];
        offencePeriod: OffencePeriod;
        laidOn: IsoDate;
        esoNotAppliedForReason?: string;
      }
    >
  | C<
      'RecordProsecutionOutcome',
      {
        prosecutionId: string;
        outcome: ProsecutionOutcome;
        recordedOn: IsoDate;
        sentence?: string;
        parentingOrder?: boolean;
      }
    >
  | C<
      'RecordParentingOrderImplementation',
      {
        prosecutionId: string;
        implemented: boolean;
        reasonNotImplemented?: ParentingOrderNotImplementedReason;
        recordedOn: IsoDate;
      }
    >
  | C<
      'RecordDeadlineReached',
      {
        /** Deterministic (see `deadlinesFrom`), so a job run twice records the deadline once. */
        deadlineId: string;
        kind: DeadlineKind;
        dueOn: IsoDate;
        /** What falls due: a notice, contract or order id, or an N code's `school/date/session`. */
        ref: string;
      }
    >
  | C<
      'CompleteTask',
      TaskNamed & {
        note: string;
        completedOn?: IsoDate;
      }
    >
  | C<
      'ReassignTask',
      TaskNamed & {
        toUserId: string;
        reason: string;
        reassignedOn?: IsoDate;
      }
    >
  | C<'StepDown', { toStage: Stage; reason: string; steppedDownOn?: IsoDate }>
  | C<'CloseCase', { reason: ClosureReason; explanation?: string; closedOn?: IsoDate }>
  | C<'ReopenCase', { reason: string; reopenedOn?: IsoDate }>;

export type PupilCommandType = PupilCommand['type'];
export type PupilCommandOf<T extends PupilCommandType> = Extract<PupilCommand, { type: T }>;
