import { InvalidInput } from '../errors';
import {
  AtRiskPupil,
  decideMeeting,
  evolveMeeting,
  initialMeetingState,
  MeetingCommand,
  MeetingEvent,
  meetingIdFor,
  meetingPreparationDate,
  MeetingRefused,
  termSlug,
} from './targeting-support-meeting';

const given = (history: MeetingEvent[]) => {
  const state = history.reduce(evolveMeeting, initialMeetingState());
  return {
    state,
    when: (command: MeetingCommand) => ({
      then: (expected: MeetingEvent[]) => expect(decideMeeting(command, state)).toEqual(expected),
      thenThrows: (error: new (...args: never[]) => Error, message: RegExp) => {
        expect(() => decideMeeting(command, state)).toThrow(error);
        expect(() => decideMeeting(command, state)).toThrow(message);
      },
    }),
  };
};

const sam: AtRiskPupil = {
  pupilId: 'pupil-sam',
  reference: 'P-SAM',
  reasons: ['persistent absence (88.0%)'],
  attendanceRate: 0.88,
};
const prepared: MeetingEvent = {
  type: 'TargetingSupportMeetingPrepared',
  data: {
    meetingId: 'tsm-school-a-autumn-2025-26',
    schoolId: 'school-a',
    term: 'autumn 2025/26',
    termFrom: '2025-08-01',
    termTo: '2025-12-31',
    preparedOn: '2025-09-22',
    pupils: [sam],
  },
};
const agree: MeetingCommand = {
  type: 'AgreeTargetingSupportAction',
  actionId: 'action-1',
  pupilId: 'pupil-sam',
  action: 'Meet mother with the school nurse',
  owner: 'worker-1',
  dueOn: '2025-10-10',
  agreedOn: '2025-09-29',
};
const agreed: MeetingEvent = {
  type: 'TargetingSupportActionAgreed',
  data: {
    actionId: 'action-1',
    pupilId: 'pupil-sam',
    action: 'Meet mother with the school nurse',
    owner: 'worker-1',
    dueOn: '2025-10-10',
    agreedOn: '2025-09-29',
  },
};

describe('a targeting support meeting', () => {
  it('is identified by school and term', () => {
    expect(meetingIdFor('school-a', '2025-09-22')).toBe('tsm-school-a-autumn-2025-26');
    expect(meetingIdFor('school-a', '2026-05-01')).toBe('tsm-school-a-summer-2025-26');
    expect(termSlug('spring 2025/26')).toBe('spring-2025-26');
  });

  it('is prepared 3 weeks into its term: 22 September, 22 January, 3 weeks after Easter Monday', () => {
    expect(meetingPreparationDate('2025-10-15')).toBe('2025-09-22');
    expect(meetingPreparationDate('2025-08-10')).toBe('2025-09-22');
    expect(meetingPreparationDate('2026-02-01')).toBe('2026-01-22');
    expect(meetingPreparationDate('2026-05-01')).toBe('2026-04-27');
  });

  it('given nothing, is prepared with the list of pupils at risk for the term', () => {
    given([])
      .when({
        type: 'PrepareTargetingSupportMeeting',
        schoolId: 'school-a',
        onDate: '2025-09-22',
        pupils: [sam],
      })
      .then([prepared]);
  });

  it('given it was prepared, preparing again records nothing (a retried job is harmless)', () => {
    given([prepared])
      .when({
        type: 'PrepareTargetingSupportMeeting',
        schoolId: 'school-a',
        onDate: '2025-09-29',
        pupils: [],
      })
      .then([]);
  });

  it('refuses to prepare on an impossible date', () => {
    given([])
      .when({
        type: 'PrepareTargetingSupportMeeting',
        schoolId: 's',
        onDate: '2025-02-30',
        pupils: [],
      })
      .thenThrows(InvalidInput, /onDate must be a real date/);
  });

  it('given it was prepared, records an action agreed for a pupil on the list', () => {
    given([prepared]).when(agree).then([agreed]);
  });

  it('given the action was recorded, recording it again records nothing', () => {
    given([prepared, agreed]).when(agree).then([]);
  });

  it('refuses an action before the meeting is prepared', () => {
    given([])
      .when(agree)
      .thenThrows(MeetingRefused, /not been prepared/);
  });

  it('refuses an action for a pupil not on the list', () => {
    given([prepared])
      .when({ ...agree, pupilId: 'pupil-other' } as MeetingCommand)
      .thenThrows(MeetingRefused, /not on the meeting's list/);
  });

  it('refuses an action due before it was agreed', () => {
    given([prepared])
      .when({ ...agree, dueOn: '2025-09-01' } as MeetingCommand)
      .thenThrows(InvalidInput, /dueOn \(2025-09-01\) is before/);
  });

  it('refuses an action with no description', () => {
    given([prepared])
      .when({ ...agree, action: '  ' } as MeetingCommand)
      .thenThrows(InvalidInput, /action must be text/);
  });

  it('given an agreed action, records it completed with its outcome, once', () => {
    const complete: MeetingCommand = {
      type: 'CompleteTargetingSupportAction',
      actionId: 'action-1',
      completedOn: '2025-10-08',
      outcome: 'Mother agreed to a morning routine',
    };
    const completed: MeetingEvent = {
      type: 'TargetingSupportActionCompleted',
      data: {
        actionId: 'action-1',
        completedOn: '2025-10-08',
        outcome: 'Mother agreed to a morning routine',
      },
    };
    given([prepared, agreed]).when(complete).then([completed]);
    given([prepared, agreed, completed]).when(complete).then([]);
    given([prepared, agreed, completed])
      .when({ ...complete, completedOn: '2025-10-09' } as MeetingCommand)
      .thenThrows(MeetingRefused, /completed on 2025-10-08/);
    expect(given([prepared, agreed, completed]).state.actions[0]).toMatchObject({
      completedOn: '2025-10-08',
      outcome: 'Mother agreed to a morning routine',
    });
  });

  it('refuses to complete an action never agreed, or before it was agreed', () => {
    const complete: MeetingCommand = {
      type: 'CompleteTargetingSupportAction',
      actionId: 'action-9',
      completedOn: '2025-10-08',
      outcome: 'Done',
    };
    given([prepared])
      .when(complete)
      .thenThrows(MeetingRefused, /No such action/);
    given([prepared, agreed])
      .when({ ...complete, actionId: 'action-1', completedOn: '2025-09-01' } as MeetingCommand)
      .thenThrows(InvalidInput, /before the action was agreed/);
  });

  it('given it was prepared, records it held in its term, once', () => {
    const held: MeetingEvent = {
      type: 'TargetingSupportMeetingHeld',
      data: { heldOn: '2025-09-29', attendees: ['school', 'worker-1'] },
    };
    const hold: MeetingCommand = {
      type: 'RecordTargetingSupportMeetingHeld',
      heldOn: '2025-09-29',
      attendees: ['school', 'worker-1'],
    };
    given([prepared]).when(hold).then([held]);
    given([prepared, held]).when(hold).then([]);
    given([prepared, held])
      .when({ ...hold, heldOn: '2025-09-30' } as MeetingCommand)
      .thenThrows(MeetingRefused, /was held on 2025-09-29/);
    given([prepared])
      .when({ ...hold, heldOn: '2026-01-05' } as MeetingCommand)
      .thenThrows(MeetingRefused, /must be held in that term \(2025-08-01 to 2025-12-31\)/);
    given([])
      .when(hold)
      .thenThrows(MeetingRefused, /not been prepared/);
  });
});
