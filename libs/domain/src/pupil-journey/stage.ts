/**
 * Where a journey stands after an event: activities move it up to the stage they belong to
 * (WTISA 2024's graduated response: expect, monitor, listen and understand, facilitate support,
 * formalise support, enforce), never down; only a step-down moves it down. `evolve` and the read
 * models that tag what was recorded with its stage both use this one rule.
 */
import type { PupilEvent } from './events';
import { Stage, stageRank } from './vocabulary';

const atLeast = (stage: Stage, floor: Stage): Stage =>
  stageRank(floor) > stageRank(stage) ? floor : stage;

export function stageAfter(stage: Stage, event: PupilEvent): Stage {
  switch (event.type) {
    case 'PupilRegistered':
      return 'expect';
    case 'ConcernRaised':
      return atLeast(stage, 'monitor');
    case 'ConversationRecorded':
      return atLeast(stage, 'listen-and-understand');
    case 'SupportActionRecorded':
    case 'ReferredToPanel':
      return atLeast(stage, 'facilitate-support');
    case 'AttendanceContractAgreed':
    case 'AttendanceContractDeclined':
    case 'SupervisionOrderApplied':
    case 'EducationNeglectReferralMade':
      return atLeast(stage, 'formalise-support');
    case 'NoticeToImproveIssued':
    case 'PenaltyNoticeIssued':
    case 'ProsecutionStarted':
      return 'enforce';
    case 'SteppedDown':
      return event.data.toStage;
    default:
      return stage;
  }
}

/** Every type of event a journey holds, checked by the compiler against PupilEvent both ways. */
const PUPIL_EVENT_TYPES = {
  AttendanceContractAgreed: true,
  AttendanceContractDeclined: true,
  AttendanceContractEnded: true,
  AttendanceContractReviewed: true,
  AttendanceMarkCorrected: true,
  AttendanceMarksRecorded: true,
  CaseClosed: true,
  CaseReallocated: true,
  CaseReopened: true,
  ConcernRaised: true,
  ConversationRecorded: true,
  DeadlineReached: true,
  EducationNeglectReferralMade: true,
  LeadPractitionerAssigned: true,
  LinkedToFamily: true,
  NoticeToImproveIssued: true,
  NoticeToImproveOutcomeRecorded: true,
  PanelDecisionAcknowledged: true,
  PanelDecisionRecorded: true,
  ParentingOrderImplementationRecorded: true,
  PenaltyNoticeIssued: true,
  PenaltyNoticePaid: true,
  PenaltyNoticeRequested: true,
  PenaltyNoticeServed: true,
  PenaltyNoticeWithdrawn: true,
  ProsecutionOutcomeRecorded: true,
  ProsecutionStarted: true,
  PupilRegistered: true,
  ReferredToLocalAuthority: true,
  ReferredToPanel: true,
  SchoolChanged: true,
  SchoolRequestAnswered: true,
  SocialCareConsulted: true,
  SocialCareResponseRecorded: true,
  SocialWorkerAllocated: true,
  SocialWorkerAllocationEnded: true,
  SteppedDown: true,
  SupervisionOrderApplied: true,
  SupervisionOrderDirectionGiven: true,
  SupervisionOrderDischarged: true,
  SupervisionOrderEnded: true,
  SupervisionOrderExtended: true,
  SupervisionOrderExtensionApplied: true,
  SupervisionOrderGranted: true,
  SupervisionOrderNonComplianceRecorded: true,
  SupportActionRecorded: true,
  SupportNotAppropriateRecorded: true,
  SupportOutcomeRecorded: true,
  TaskCompleted: true,
  TaskReassigned: true,
  VulnerabilityFlagsUpdated: true,
} satisfies Record<PupilEvent['type'], true>;

/** Whether a stored event's type is one `evolve` folds (an older or foreign one is not). */
export const isPupilEventType = (type: string): type is PupilEvent['type'] =>
  Object.prototype.hasOwnProperty.call(PUPIL_EVENT_TYPES, type);
