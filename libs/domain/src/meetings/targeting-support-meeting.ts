/**
 * Targeting support meetings (WTISA 2024: schools and the LA meet termly to agree targeted
 * actions for pupils at risk of, or in, persistent or severe absence). One stream per school per
 * term (`tsm-<school>-<term>`): the list of pupils at risk prepared for it, and the actions agreed
 * for each pupil, with who owns them, by when, and whether they were done.
 *
 * The meeting is its own consistency boundary: many pupils' actions are agreed in one sitting,
 * and the list is a snapshot of what was known when it was prepared.
 */
import type { IsoDate } from '../calendar';
import { addDays, isValidDate } from '../calendar';
import { DomainError, InvalidInput } from '../errors';
import { termOf } from '../rules/school-year';

export interface AtRiskPupil {
  pupilId: string;
  reference: string;
  /** Why the pupil is on the list (e.g. `persistent absence (87.5%)`). */
  reasons: string[];
  attendanceRate: number | null;
}

export interface AgreedAction {
  actionId: string;
  pupilId: string;
  action: string;
  /** Who will do it (a user id or a role such as `school`). */
  owner: string;
  dueOn: IsoDate;
  agreedOn: IsoDate;
  completedOn: IsoDate | null;
  outcome: string | null;
}

type E<T extends string, D> = { type: T; data: D };
export type MeetingEvent =
  | E<
      'TargetingSupportMeetingPrepared',
      {
        meetingId: string;
        schoolId: string;
        term: string;
        termFrom: IsoDate;
        termTo: IsoDate;
        preparedOn: IsoDate;
        pupils: AtRiskPupil[];
      }
    >
  | E<'TargetingSupportMeetingHeld', { heldOn: IsoDate; attendees: string[] }>
  | E<'TargetingSupportActionAgreed', Omit<AgreedAction, 'completedOn' | 'outcome'>>
  | E<
      'TargetingSupportActionCompleted',
      { actionId: string; completedOn: IsoDate; outcome: string }
    >;

type C<T extends string, D> = { type: T } & D;
export type MeetingCommand =
  | C<
      'PrepareTargetingSupportMeeting',
      { schoolId: string; onDate: IsoDate; pupils: AtRiskPupil[] }
    >
  | C<'RecordTargetingSupportMeetingHeld', { heldOn: IsoDate; attendees: string[] }>
  | C<
      'AgreeTargetingSupportAction',
      {
        actionId: string;
        pupilId: string;
        action: string;
        owner: string;
        dueOn: IsoDate;
        agreedOn: IsoDate;
      }
    >
  | C<
      'CompleteTargetingSupportAction',
      { actionId: string; completedOn: IsoDate; outcome: string }
    >;

export interface MeetingState {
  status: 'none' | 'prepared' | 'held';
  meetingId: string;
  schoolId: string;
  term: string;
  termFrom: IsoDate;
  termTo: IsoDate;
  preparedOn: IsoDate | null;
  heldOn: IsoDate | null;
  attendees: string[];
  pupils: AtRiskPupil[];
  actions: AgreedAction[];
}

export class MeetingRefused extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'conflict' | 'rule' = 'conflict',
  ) {
    super(message);
  }
}

/** `autumn 2025/26` → `autumn-2025-26`, safe in a stream id and a URL. */
export const termSlug = (label: string): string => label.replace(/[ /]/g, '-');

/** The meeting of a school for the term a date falls in. */
export function meetingIdFor(schoolId: string, date: IsoDate): string {
  return `tsm-${schoolId}-${termSlug(termOf(date).label)}`;
}

/** Weeks into a term at which its meeting's list is prepared (our judgement: registers for 3 weeks to go on). */
export const PREPARE_AFTER_WEEKS = 3;

/**
 * When the term's list is due to be prepared: 3 weeks after the term's first possible school day
 * (1 September for autumn, since our autumn term nominally starts on 1 August; 1 January; Easter
 * Monday).
 */
export function meetingPreparationDate(date: IsoDate): IsoDate {
  const term = termOf(date);
  const starts = term.term === 'autumn' ? `${term.from.slice(0, 4)}-09-01` : term.from;
  return addDays(starts, PREPARE_AFTER_WEEKS * 7);
}

const date = (value: IsoDate, field: string): IsoDate => {
  if (typeof value !== 'string' || !isValidDate(value))
    throw new InvalidInput(`${field} must be a real date (got "${value}").`, { field });
  return value;
};
const text = (value: string, field: string, max = 1000): string => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw new InvalidInput(`${field} must be text of 1 to ${max} characters.`, { field });
  return value;
};

export const initialMeetingState = (): MeetingState => ({
  status: 'none',
  meetingId: '',
  schoolId: '',
  term: '',
  termFrom: '',
  termTo: '',
  preparedOn: null,
  heldOn: null,
  attendees: [],
  pupils: [],
  actions: [],
});

export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'TargetingSupportMeetingPrepared': {
      const d = event.data;
      return {
        ...state,
        status: 'prepared',
        meetingId: d.meetingId,
        schoolId: d.schoolId,
        term: d.term,
        termFrom: d.termFrom,
        termTo: d.termTo,
        preparedOn: d.preparedOn,
        pupils: d.pupils,
      };
    }
    case 'TargetingSupportMeetingHeld':
      return {
        ...state,
        status: 'held',
        heldOn: event.data.heldOn,
        attendees: event.data.attendees,
      };
    case 'TargetingSupportActionAgreed':
      return {
        ...state,
        actions: [...state.actions, { ...event.data, completedOn: null, outcome: null }],
      };
    case 'TargetingSupportActionCompleted':
      return {
        ...state,
        actions: state.actions.map((a) =>
          a.actionId === event.data.actionId
            ? { ...a, completedOn: event.data.completedOn, outcome: event.data.outcome }
            : a,
        ),
      };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

export function decideMeeting(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  switch (command.type) {
    case 'PrepareTargetingSupportMeeting': {
      // The list is prepared once a term; asking again (a retried job, a second click) changes nothing.
      if (state.status !== 'none') return [];
      const onDate = date(command.onDate, 'onDate');
      const term = termOf(onDate);
      return [
        {
          type: 'TargetingSupportMeetingPrepared',
          data: {
            meetingId: meetingIdFor(text(command.schoolId, 'schoolId', 100), onDate),
            schoolId: command.schoolId,
            term: term.label,
            termFrom: term.from,
            termTo: term.to,
            preparedOn: onDate,
            pupils: command.pupils,
          },
        },
      ];
    }
    case 'RecordTargetingSupportMeetingHeld': {
      if (state.status === 'none')
        throw new MeetingRefused('meeting-not-prepared', 'This meeting has not been prepared yet.');
      const heldOn = date(command.heldOn, 'heldOn');
      if (state.status === 'held') {
        if (state.heldOn === heldOn) return [];
        throw new MeetingRefused(
          'meeting-already-held',
          `This meeting was held on ${state.heldOn}.`,
        );
      }
      if (heldOn < state.termFrom || heldOn > state.termTo)
        throw new MeetingRefused(
          'meeting-outside-term',
          `The ${state.term} meeting must be held in that term (${state.termFrom} to ${state.termTo}).`,
          'rule',
        );
      return [
        {
          type: 'TargetingSupportMeetingHeld',
          data: { heldOn, attendees: command.attendees.map((a) => text(a, 'attendees', 100)) },
        },
      ];
    }
    case 'AgreeTargetingSupportAction': {
      if (state.status === 'none')
        throw new MeetingRefused('meeting-not-prepared', 'This meeting has not been prepared yet.');
      const existing = state.actions.find((a) => a.actionId === command.actionId);
      if (existing) return [];
      if (!state.pupils.some((p) => p.pupilId === command.pupilId))
        throw new MeetingRefused(
          'pupil-not-on-list',
          "This pupil is not on the meeting's list of pupils at risk.",
          'rule',
        );
      const dueOn = date(command.dueOn, 'dueOn');
      const agreedOn = date(command.agreedOn, 'agreedOn');
      if (dueOn < agreedOn)
        throw new InvalidInput(`dueOn (${dueOn}) is before the action was agreed (${agreedOn}).`, {
          field: 'dueOn',
        });
      return [
        {
          type: 'TargetingSupportActionAgreed',
          data: {
            actionId: command.actionId,
            pupilId: command.pupilId,
            action: text(command.action, 'action'),
            owner: text(command.owner, 'owner', 100),
            dueOn,
            agreedOn,
          },
        },
      ];
    }
    case 'CompleteTargetingSupportAction': {
      const action = state.actions.find((a) => a.actionId === command.actionId);
      if (!action)
        throw new MeetingRefused('no-such-action', 'No such action was agreed at this meeting.');
      const completedOn = date(command.completedOn, 'completedOn');
      if (action.completedOn !== null) {
        if (action.completedOn === completedOn && action.outcome === command.outcome) return [];
        throw new MeetingRefused(
          'action-already-completed',
          `This action was completed on ${action.completedOn}.`,
        );
      }
      if (completedOn < action.agreedOn)
        throw new InvalidInput(
          `completedOn is before the action was agreed (${action.agreedOn}).`,
          {
            field: 'completedOn',
          },
        );
      return [
        {
          type: 'TargetingSupportActionCompleted',
          data: {
            actionId: action.actionId,
            completedOn,
            outcome: text(command.outcome, 'outcome'),
          },
        },
      ];
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export const meetingDecider = {
  initialState: initialMeetingState,
  evolve: evolveMeeting,
  decide: decideMeeting,
};
