/**
 * Facts are dated when they happened, not when they were typed in: every command that records a
 * fact names the day it happened (or leaves it out, meaning today). A journey's history can then be
 * asked "what had happened by 30 September" for every fact, and an existing case can be brought
 * across with its history by sending the same commands back-dated.
 *
 * A fact cannot have happened in the future, nor to a child before they were born.
 */
import { IsoDate, isValidDate } from '../calendar';
import { InvalidInput } from '../errors';
import type { PupilCommand, PupilCommandType } from './commands';

/**
 * For each command, the field that says when its fact happened. `null`: a fact of the system's own
 * (a deadline a job saw fall due is dated the day it ran). `planned`: a date that may lie ahead
 * (an attendance contract agreed today may start next Monday), so only the date of birth bounds it.
 */
export const HAPPENED_ON_FIELD = {
  RegisterPupil: 'registeredOn',
  UpdateVulnerabilityFlags: 'updatedOn',
  ChangeSchool: 'changedOn',
  LinkToFamily: 'linkedOn',
  RecordMarks: 'from',
  CorrectMark: 'date',
  RaiseConcern: 'raisedOn',
  RecordConversation: 'heldOn',
  AssignLeadPractitioner: 'assignedOn',
  ReallocateCase: 'reallocatedOn',
  AllocateSocialWorker: 'allocatedOn',
  EndSocialWorkerAllocation: 'endedOn',
  ReferToLocalAuthority: 'referredOn',
  RequestPenaltyNotice: 'requestedOn',
  AnswerSchoolRequest: 'answeredOn',
  RecordSupportAction: 'startedOn',
  RecordSupportOutcome: 'recordedOn',
  RecordSupportNotAppropriate: 'recordedOn',
  ReferToPanel: 'referredOn',
  RecordPanelDecision: 'decidedOn',
  AgreeAttendanceContract: 'startsOn',
  RecordAttendanceContractDeclined: 'offeredOn',
  ReviewAttendanceContract: 'reviewedOn',
  EndAttendanceContract: 'endedOn',
  RecordSocialCareConsultation: 'consultedOn',
  ApplyForSupervisionOrder: 'appliedOn',
  RecordSupervisionOrderGranted: 'courtDate',
  RecordSupervisionDirection: 'givenOn',
  RecordSupervisionNonCompliance: 'recordedOn',
  ApplyForSupervisionOrderExtension: 'appliedOn',
  RecordSupervisionOrderExtended: 'grantedOn',
  RecordSupervisionOrderDischarged: 'dischargedOn',
  EndSupervisionOrder: 'endedOn',
  ReferForEducationNeglect: 'referredOn',
  RecordSocialCareResponse: 'respondedOn',
  IssueNoticeToImprove: 'issuedOn',
  RecordNoticeToImproveOutcome: 'recordedOn',
  IssuePenaltyNotice: 'issuedOn',
  RecordPenaltyNoticeService: 'sentOn',
  RecordPenaltyNoticePayment: 'paidOn',
  WithdrawPenaltyNotice: 'withdrawnOn',
  StartProsecution: 'laidOn',
  RecordProsecutionOutcome: 'recordedOn',
  RecordParentingOrderImplementation: 'recordedOn',
  RecordDeadlineReached: null,
  CompleteTask: 'completedOn',
  ReassignTask: 'reassignedOn',
  StepDown: 'steppedDownOn',
  CloseCase: 'closedOn',
  ReopenCase: 'reopenedOn',
} as const satisfies Record<PupilCommandType, string | null>;

/** Dates that say when something is to start, not when it happened: they may lie ahead. */
const PLANNED: ReadonlySet<PupilCommandType> = new Set(['AgreeAttendanceContract']);

/** The date a command gives for its fact, if it gives one. */
export function givenHappenedOn(command: PupilCommand): string | undefined {
  const field = HAPPENED_ON_FIELD[command.type];
  if (field === null) return undefined;
  const value = (command as unknown as Record<string, unknown>)[field];
  return value === undefined ? undefined : String(value);
}

/**
 * The day a fact happened: the date given, or today. Refused (and nothing recorded) when it is not
 * a real date, lies after today, or falls before the pupil's date of birth.
 */
export function happenedOn(
  given: string | undefined,
  field: string,
  bounds: { today: IsoDate; dateOfBirth?: IsoDate; mayBeAhead?: boolean },
): IsoDate {
  if (given === undefined) return bounds.today;
  if (!isValidDate(given))
    throw new InvalidInput(
      `${field} must be a real date in the form YYYY-MM-DD (got "${given}").`,
      {
        field,
      },
    );
  if (!bounds.mayBeAhead && given > bounds.today)
    throw new InvalidInput(`${field} (${given}) cannot be in the future.`, { field });
  if (bounds.dateOfBirth && given < bounds.dateOfBirth)
    throw new InvalidInput(
      `${field} (${given}) is before the pupil's date of birth (${bounds.dateOfBirth}).`,
      { field },
    );
  return given;
}

/** Checks the date a command gives for its fact against today and the pupil's date of birth. */
export function checkHappenedOn(
  command: PupilCommand,
  bounds: { today: IsoDate; dateOfBirth?: IsoDate },
): void {
  const field = HAPPENED_ON_FIELD[command.type];
  if (field === null) return;
  happenedOn(givenHappenedOn(command), field, {
    ...bounds,
    mayBeAhead: PLANNED.has(command.type),
  });
}
