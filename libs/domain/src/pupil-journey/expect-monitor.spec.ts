import { InvalidInput } from '../errors';
import { UnknownAttendanceCode } from '../rules';
import { contextOn, fold, given } from '../testing/given-when-then';
import {
  family,
  FAMILY,
  holiday,
  linked,
  MUM,
  OFFENCE,
  registered,
  registerWeeks,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import {
  DuplicateId,
  IndependentSchoolPupil,
  JourneyRefused,
  NationalThresholdNotMet,
  PupilNotRegistered,
} from './decide/guards';
import type { PupilEvent } from './events';
import { pupilJourneyDecider, pupilStreamId } from './index';

const on = (date: string) => contextOn(date);
const register = (over: Partial<PupilCommand> = {}): PupilCommand =>
  ({
    type: 'RegisterPupil',
    pupilId: 'pupil-1',
    reference: 'P-0001',
    dateOfBirth: '2012-05-10',
    schoolId: 'school-a',
    schoolType: 'academy',
    yearGroup: 8,
    flags: { fsm: true },
    ...over,
  }) as PupilCommand;
const issue: PupilCommand = {
  type: 'IssuePenaltyNotice',
  noticeId: 'pn-1',
  parentId: MUM,
  issuedOn: '2025-05-01',
  offencePeriod: OFFENCE,
  issuedBy: 'headteacher',
};

describe('expect: registering a pupil', () => {
  it('registers a pupil at the expect stage with their vulnerability flags', () => {
    given([])
      .when(register(), on('2024-09-02'))
      .then([
        {
          type: 'PupilRegistered',
          data: {
            pupilId: 'pupil-1',
            reference: 'P-0001',
            upn: null,
            dateOfBirth: '2012-05-10',
            schoolId: 'school-a',
            schoolType: 'academy',
            yearGroup: 8,
            flags: {
              ehcp: false,
              senSupport: false,
              fsm: true,
              childInNeed: false,
              childProtectionPlan: false,
              lookedAfter: false,
              youngCarer: false,
            },
            registeredOn: '2024-09-02',
          },
        },
      ]);
  });

  it('keeps the journey in its own stream, starting from nothing', () => {
    expect(pupilStreamId('pupil-1')).toBe('pupil-pupil-1');
    expect(pupilJourneyDecider.initialState().status).toBe('unregistered');
  });

  it('refuses a second registration', () => {
    given([registered])
      .when(register(), on('2024-09-02'))
      .thenThrows(JourneyRefused, /already registered/);
  });

  it('refuses a birth date in the future', () => {
    given([])
      .when(register({ dateOfBirth: '2030-01-01' } as never), on('2024-09-02'))
      .thenThrows(InvalidInput, /future/);
  });

  it('refuses a birth date that is not a real date', () => {
    given([])
      .when(register({ dateOfBirth: '2012-02-30' } as never), on('2024-09-02'))
      .thenThrows(InvalidInput, /dateOfBirth must be a real date/);
  });

  it('refuses a UPN with a wrong check letter', () => {
    given([])
      .when(register({ upn: 'A820200101001' } as never), on('2024-09-02'))
      .thenThrows(InvalidInput, /check letter/);
  });

  it('keeps a valid UPN', () => {
    given([])
      .when(register({ upn: 'U820200101001' } as never), on('2024-09-02'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { upn: 'U820200101001' } }));
  });

  it('refuses anything but registration for a pupil not yet registered', () => {
    given([])
      .when({ type: 'RaiseConcern', concernId: 'c', summary: 's' }, on('2025-01-01'))
      .thenThrows(PupilNotRegistered, 'Register the pupil first.');
  });

  it('updates flags, keeping the ones not mentioned', () => {
    given([registered])
      .when({ type: 'UpdateVulnerabilityFlags', flags: { lookedAfter: true } }, on('2025-01-10'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { flags: { lookedAfter: true, fsm: false }, updatedOn: '2025-01-10' },
        }),
      );
  });

  it('moves a pupil to another school', () => {
    given([registered])
      .when(
        { type: 'ChangeSchool', schoolId: 'school-b', schoolType: 'maintained', yearGroup: 8 },
        on('2025-01-10'),
      )
      .then([
        {
          type: 'SchoolChanged',
          data: {
            schoolId: 'school-b',
            schoolType: 'maintained',
            yearGroup: 8,
            changedOn: '2025-01-10',
          },
        },
      ]);
  });

  it('does not move a pupil to the school they are at', () => {
    given([registered])
      .when(
        { type: 'ChangeSchool', schoolId: 'school-a', schoolType: 'academy', yearGroup: 8 },
        on('2025-01-10'),
      )
      .thenThrows(JourneyRefused, /already at this school/);
  });

  it('issues no penalty notice once the pupil has moved to an independent school', () => {
    const moved: PupilEvent = {
      type: 'SchoolChanged',
      data: {
        schoolId: 'school-i',
        schoolType: 'independent',
        yearGroup: 8,
        changedOn: '2025-04-01',
      },
    };
    given([registered, linked, ...registerWeeks(1), holiday, moved])
      .when(issue, contextOn('2025-05-01', family))
      .thenThrows(IndependentSchoolPupil);
  });

  it('links a pupil to a family', () => {
    given([registered])
      .when({ type: 'LinkToFamily', familyId: FAMILY }, on('2025-01-10'))
      .then([{ type: 'LinkedToFamily', data: { familyId: FAMILY, linkedOn: '2025-01-10' } }]);
  });

  it('treats linking to the same family again as done', () => {
    given([registered, linked])
      .when({ type: 'LinkToFamily', familyId: FAMILY }, on('2025-01-10'))
      .then([]);
  });

  it('links a pupil to one family only', () => {
    given([registered, linked])
      .when({ type: 'LinkToFamily', familyId: 'family-2' }, on('2025-01-10'))
      .thenThrows(JourneyRefused, /linked to family family-1/);
  });
});

describe('monitor: recording marks', () => {
  const week = (codes: string[], over: object = {}): PupilCommand =>
    ({
      type: 'RecordMarks',
      schoolId: 'school-a',
      from: '2025-01-06',
      to: '2025-01-10',
      marks: codes.map((code, i) => ({
        date: `2025-01-0${6 + Math.floor(i / 2)}`,
        session: i % 2 ? 'PM' : 'AM',
        code,
      })),
      ...over,
    }) as PupilCommand;

  it('records a week of marks with when they were received', () => {
    given([registered])
      .when(week(['/', '\\', 'N', 'N']), contextOn('2025-01-10'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          type: 'AttendanceMarksRecorded',
          data: { receivedAt: '2025-01-10T10:00:00.000Z', marks: [{}, {}, {}, {}] },
        }),
      );
  });

  it('records nothing when the same register is sent again', () => {
    given([registered, ...registerWeeks(1, 1)])
      .when(
        { ...registerWeeks(1, 1).map((e) => e.data)[0], type: 'RecordMarks' } as never,
        contextOn('2025-01-20'),
      )
      .then([]);
  });

  it('records a re-coded session as a correction, keeping the session date and when it was received', () => {
    given([registered, ...registerWeeks(1, 1)])
      .when(week(['I', '\\']), contextOn('2025-01-20'))
      .then([
        {
          type: 'AttendanceMarkCorrected',
          data: {
            schoolId: 'school-a',
            date: '2025-01-06',
            session: 'AM',
            code: 'I',
            previousCode: 'O',
            reason: 'Re-coded in a later register',
            receivedAt: '2025-01-20T10:00:00.000Z',
          },
        },
      ]);
  });

  it('records new sessions and corrections from one batch side by side', () => {
    given([registered, ...registerWeeks(1, 1)])
      .when(
        week(['I'], {
          to: '2025-01-13',
          marks: [
            { date: '2025-01-06', session: 'AM', code: 'I' },
            { date: '2025-01-13', session: 'AM', code: '/' },
          ],
        }),
        contextOn('2025-01-20'),
      )
      .thenRecords((events) =>
        expect(events.map((e) => e.type)).toEqual([
          'AttendanceMarksRecorded',
          'AttendanceMarkCorrected',
        ]),
      );
  });

  it('refuses an unknown code, naming it', () => {
    given([registered])
      .when(week(['A']), contextOn('2025-01-10'))
      .thenThrows(UnknownAttendanceCode, /"A"/);
  });

  it('refuses a mark outside the batch’s period', () => {
    given([registered])
      .when(
        week([], { marks: [{ date: '2025-01-13', session: 'AM', code: '/' }] }),
        contextOn('2025-01-20'),
      )
      .thenThrows(InvalidInput, /outside/);
  });

  it('refuses two different codes for one session in one batch', () => {
    given([registered])
      .when(
        week([], {
          marks: [
            { date: '2025-01-06', session: 'AM', code: '/' },
            { date: '2025-01-06', session: 'AM', code: 'N' },
          ],
        }),
        contextOn('2025-01-10'),
      )
      .thenThrows(InvalidInput, /two different codes/);
  });

  it('refuses a register for days still to come', () => {
    given([registered])
      .when(week(['/']), contextOn('2025-01-08'))
      .thenThrows(InvalidInput, /future/);
  });

  it('refuses a period that ends before it starts', () => {
    given([registered])
      .when(week(['/'], { to: '2025-01-05' }), contextOn('2025-01-10'))
      .thenThrows(InvalidInput, /ends/);
  });

  it('refuses a batch longer than a term', () => {
    given([registered])
      .when(week(['/'], { from: '2024-01-01' }), contextOn('2025-01-10'))
      .thenThrows(InvalidInput, /at most 120 days/);
  });
});

describe('monitor: correcting a mark', () => {
  const correct = (code: string): PupilCommand => ({
    type: 'CorrectMark',
    schoolId: 'school-a',
    date: '2025-01-06',
    session: 'AM',
    code: code as never,
    reason: 'Doctor’s note received',
  });

  it('corrects a mark with a reason, keeping the code it replaces', () => {
    given([registered, ...registerWeeks(1, 1)])
      .when(correct('M'), contextOn('2025-01-15'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { code: 'M', previousCode: 'O', reason: 'Doctor’s note received' },
        }),
      );
  });

  it('ignores a correction to the code already there', () => {
    given([registered, ...registerWeeks(1, 1)])
      .when(correct('O'), contextOn('2025-01-15'))
      .then([]);
  });

  it('records a mark for a session that had none as a correction from nothing', () => {
    given([registered])
      .when(correct('M'), contextOn('2025-01-15'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { previousCode: null } }));
  });

  it('takes a corrected session out of the threshold: 9 unauthorised sessions are left', () => {
    const corrected: PupilEvent = {
      type: 'AttendanceMarkCorrected',
      data: {
        schoolId: 'school-a',
        date: '2025-01-06',
        session: 'AM',
        code: 'M',
        previousCode: 'O',
        reason: 'Dentist',
        receivedAt: '2025-04-01T09:00:00.000Z',
      },
    };
    given([registered, linked, ...registerWeeks(1), holiday, corrected])
      .when(issue, contextOn('2025-05-01', family))
      .thenThrows(NationalThresholdNotMet, /9 unauthorised sessions/);
  });
});

describe('monitor: raising a concern', () => {
  const raised: PupilEvent = {
    type: 'ConcernRaised',
    data: {
      concernId: 'c-1',
      raisedOn: '2025-02-01',
      raisedBy: 'person',
      rule: null,
      summary: 's',
    },
  };

  it('raises a concern by a rule, with the rule’s name and figures', () => {
    given([registered])
      .when(
        {
          type: 'RaiseConcern',
          concernId: 'c-1',
          summary: 'Attendance below 90%',
          rule: { name: 'low-attendance', figures: { rate: 0.86 } },
        },
        contextOn('2025-02-01'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { raisedBy: 'rule', rule: { name: 'low-attendance', figures: { rate: 0.86 } } },
        }),
      );
  });

  it('raises a concern by a person', () => {
    given([registered])
      .when({ type: 'RaiseConcern', concernId: 'c-1', summary: 's' }, contextOn('2025-02-01'))
      .then([raised]);
  });

  it('moves the journey to monitor', () => {
    expect(fold([registered, raised]).stage).toBe('monitor');
  });

  it('refuses a repeated concern id', () => {
    given([registered, raised])
      .when({ type: 'RaiseConcern', concernId: 'c-1', summary: 'again' }, contextOn('2025-02-02'))
      .thenThrows(DuplicateId, /already recorded/);
  });
});
