import { InvalidInput } from '../errors';
import type { DecisionContext } from '../decision-context';
import type { PupilCommand } from './commands';
import * as deadlines from './decide/deadlines';
import * as enforce from './decide/enforce';
import * as expect from './decide/expect-monitor';
import * as formalise from './decide/formalise';
import { CaseClosed, PupilNotRegistered, today } from './decide/guards';
import { checkHappenedOn } from './dated-facts';
import * as lifecycle from './decide/lifecycle';
import * as people from './decide/people';
import * as support from './decide/support';
import * as tasks from './decide/tasks';
import type { PupilEvent } from './events';
import type { PupilJourney } from './state';

/**
 * Decides what a command means for a pupil's journey: the facts to record, or a DomainError a
 * caseworker can act on. Pure: time and the local rules come in the context.
 */
export function decide(
  command: PupilCommand,
  state: PupilJourney,
  context: DecisionContext,
): PupilEvent[] {
  if (command.type === 'RegisterPupil') return expect.registerPupil(command, state, context);
  if (state.status === 'unregistered') throw new PupilNotRegistered();
  if (state.status === 'closed' && command.type !== 'ReopenCase') throw new CaseClosed();
  checkHappenedOn(command, { today: today(context), dateOfBirth: state.dateOfBirth });

  switch (command.type) {
    case 'UpdateVulnerabilityFlags':
      return expect.updateFlags(command, state, context);
    case 'ChangeSchool':
      return expect.changeSchool(command, state, context);
    case 'LinkToFamily':
      return expect.linkToFamily(command, state, context);
    case 'RecordMarks':
      return expect.recordMarks(command, state, context);
    case 'CorrectMark':
      return expect.correctMark(command, state, context);
    case 'RaiseConcern':
      return expect.raiseConcern(command, state, context);
    case 'RecordConversation':
      return support.recordConversation(command, state, context);
    case 'AssignLeadPractitioner':
      return support.assignLeadPractitioner(command, state, context);
    case 'ReallocateCase':
      return people.reallocateCase(command, state, context);
    case 'AllocateSocialWorker':
      return people.allocateSocialWorker(command, state, context);
    case 'EndSocialWorkerAllocation':
      return people.endSocialWorkerAllocation(command, state, context);
    case 'ReferToLocalAuthority':
      return people.referToLocalAuthority(command, state, context);
    case 'RequestPenaltyNotice':
      return people.requestPenaltyNotice(command, state, context);
    case 'AnswerSchoolRequest':
      return people.answerSchoolRequest(command, state, context);
    case 'RecordSupportAction':
      return support.recordSupportAction(command, state);
    case 'RecordSupportOutcome':
      return support.recordSupportOutcome(command, state, context);
    case 'RecordSupportNotAppropriate':
      return support.recordSupportNotAppropriate(command, state, context);
    case 'ReferToPanel':
      return support.referToPanel(command, state, context);
    case 'RecordPanelDecision':
      return support.recordPanelDecision(command, state, context);
    case 'AgreeAttendanceContract':
      return formalise.agreeContract(command, state, context);
    case 'RecordAttendanceContractDeclined':
      return formalise.declineContract(command, state, context);
    case 'ReviewAttendanceContract':
      return formalise.reviewContract(command, state, context);
    case 'EndAttendanceContract':
      return formalise.endContract(command, state, context);
    case 'RecordSocialCareConsultation':
      return formalise.consultSocialCare(command);
    case 'ApplyForSupervisionOrder':
      return formalise.applyForEso(command, state, context);
    case 'RecordSupervisionOrderGranted':
      return formalise.grantEso(command, state, context);
    case 'RecordSupervisionDirection':
      return formalise.giveDirection(command, state);
    case 'RecordSupervisionNonCompliance':
      return formalise.recordNonCompliance(command, state);
    case 'ApplyForSupervisionOrderExtension':
      return formalise.applyForExtension(command, state, context);
    case 'RecordSupervisionOrderExtended':
      return formalise.extendEso(command, state, context);
    case 'RecordSupervisionOrderDischarged':
      return formalise.dischargeEso(command, state, context);
    case 'EndSupervisionOrder':
      return formalise.endEso(command, state, context);
    case 'ReferForEducationNeglect':
      return formalise.referForNeglect(command, state, context);
    case 'RecordSocialCareResponse':
      return formalise.recordSocialCareResponse(command, state, context);
    case 'IssueNoticeToImprove':
      return enforce.issueNoticeToImprove(command, state, context);
    case 'RecordNoticeToImproveOutcome':
      return enforce.recordNoticeToImproveOutcome(command, state, context);
    case 'IssuePenaltyNotice':
      return enforce.issuePenaltyNotice(command, state, context);
    case 'RecordPenaltyNoticeService':
      return enforce.recordService(command, state, context);
    case 'RecordPenaltyNoticePayment':
      return enforce.recordPayment(command, state, context);
    case 'WithdrawPenaltyNotice':
      return enforce.withdrawNotice(command, state, context);
    case 'StartProsecution':
      return enforce.startProsecution(command, state, context);
    case 'RecordProsecutionOutcome':
      return enforce.recordProsecutionOutcome(command, state, context);
    case 'RecordParentingOrderImplementation':
      return enforce.recordParentingOrderImplementation(command, state, context);
    case 'RecordDeadlineReached':
      return deadlines.recordDeadlineReached(command, state, context);
    case 'CompleteTask':
      return tasks.completeTask(command, state, context);
    case 'ReassignTask':
      return tasks.reassignTask(command, state, context);
    case 'StepDown':
      return lifecycle.stepDown(command, state, context);
    case 'CloseCase':
      return lifecycle.closeCase(command, state, context);
    case 'ReopenCase':
      return lifecycle.reopenCase(command, state, context);
    default: {
      // Unreachable for typed callers; JSON from an edge or an old store may still carry anything.
      const _never: never = command;
      throw new InvalidInput(
        `"${(_never as { type: string }).type}" is not a command a pupil journey knows.`,
        { field: 'type' },
      );
    }
  }
}
