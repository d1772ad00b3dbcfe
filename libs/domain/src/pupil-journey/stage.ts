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
