import { InvalidInput } from '../errors';
import { UnknownAttendanceCode } from '../rules';
import { contextOn, fold, given } from '../testing/given-when-then';
import { FAMILY, registered, registerWeeks } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import { JourneyRefused } from './decide/guards';
import { decide } from './decide';
import { initialState } from './state';

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
    expect(fold([registered]).stage).toBe('expect');
  });

  it('refuses a second registration, a birth date in the future and a UPN with a wrong check letter', () => {
    given([registered])
      .when(register(), on('2024-09-02'))
      .thenThrows(JourneyRefused, /already registered/);
    given([])
      .when(register({ dateOfBirth: '2030-01-01' } as never), on('2024-09-02'))
      .thenThrows(InvalidInput, /future/);
    given([])
      .when(register({ upn: 'A820200101001' } as never), on('2024-09-02'))
      .thenThrows(InvalidInput, /check letter/);
    given([])
      .when(register({ upn: 'U820200101001' } as never), on('2024-09-02'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { upn: 'U820200101001' } }));
  });

  it('refuses anything but registration for a pupil not yet registered', () => {
    expect(() =>
      decide(
        { type: 'RaiseConcern', concernId: 'c', summary: 's' },
        initialState(),
        on('2025-01-01'),
      ),
    ).toThrow('Register the pupil first.');
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

  it('moves a pupil to another school, but not to the one they are at', () => {
    given([registered])
      .when(
        { type: 'ChangeSchool', schoolId: 'school-b', schoolType: 'maintained', yearGroup: 8 },
        on('2025-01-10'),
      )
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { changedOn: '2025-01-10' } }));
    given([registered])
      .when(
        { type: 'ChangeSchool', schoolId: 'school-a', schoolType: 'academy', yearGroup: 8 },
        on('2025-01-10'),
      )
      .thenThrows(JourneyRefused, /already at this school/);
  });

  it('links a pupil to one family, and treats a repeat as done', () => {
    given([registered])
      .when({ type: 'LinkToFamily', familyId: FAMILY }, on('2025-01-10'))
      .then([{ type: 'LinkedToFamily', data: { familyId: FAMILY } }]);
    const linked = [registered, { type: 'LinkedToFamily', data: { familyId: FAMILY } } as const];
    given(linked).when({ type: 'LinkToFamily', familyId: FAMILY }, on('2025-01-10')).then([]);
    given(linked)
      .when({ type: 'LinkToFamily', familyId: 'family-2' }, on('2025-01-10'))
      .thenThrows(JourneyRefused, /linked to family family-1/);
  });
});

describe('monitor: recording marks', () => {
  const week = (codes: string[]): PupilCommand => ({
    type: 'RecordMarks',
    schoolId: 'school-a',
    from: '2025-01-06',
    to: '2025-01-10',
    marks: codes.map((code, i) => ({
      date: `2025-01-0${6 + Math.floor(i / 2)}`,
      session: i % 2 ? 'PM' : 'AM',
      code,
    })) as never,
  });

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

  it('records a re-coded session as a correction, keeping the old code', () => {
    const history = [registered, ...registerWeeks(1, 1)];
    given(history)
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

  it('refuses unknown codes, marks outside the period, conflicting duplicates and future registers', () => {
    given([registered])
      .when(week(['A']), contextOn('2025-01-10'))
      .thenThrows(UnknownAttendanceCode, /"A"/);
    given([registered])
      .when(
        {
          ...(week(['/']) as object),
          marks: [{ date: '2025-01-13', session: 'AM', code: '/' }],
        } as never,
        contextOn('2025-01-20'),
      )
      .thenThrows(InvalidInput, /outside/);
    given([registered])
      .when(
        {
          ...(week(['/']) as object),
          marks: [
            { date: '2025-01-06', session: 'AM', code: '/' },
            { date: '2025-01-06', session: 'AM', code: 'N' },
          ],
        } as never,
        contextOn('2025-01-10'),
      )
      .thenThrows(InvalidInput, /two different codes/);
    given([registered])
      .when(week(['/']), contextOn('2025-01-08'))
      .thenThrows(InvalidInput, /future/);
    given([registered])
      .when({ ...(week(['/']) as object), to: '2025-01-05' } as never, contextOn('2025-01-10'))
      .thenThrows(InvalidInput, /ends/);
    given([registered])
      .when({ ...(week(['/']) as object), from: '2024-01-01' } as never, contextOn('2025-01-10'))
      .thenThrows(InvalidInput, /at most 120 days/);
  });

  it('corrects a single mark with a reason, and ignores a correction to the same code', () => {
    const history = [registered, ...registerWeeks(1, 1)];
    const correct = (code: string): PupilCommand => ({
      type: 'CorrectMark',
      schoolId: 'school-a',
      date: '2025-01-06',
      session: 'AM',
      code: code as never,
      reason: 'Doctor’s note received',
    });
    given(history)
      .when(correct('M'), contextOn('2025-01-15'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          data: { code: 'M', previousCode: 'O', reason: 'Doctor’s note received' },
        }),
      );
    given(history).when(correct('O'), contextOn('2025-01-15')).then([]);
    given([registered])
      .when(correct('M'), contextOn('2025-01-15'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { previousCode: null } }));
  });

  it('raises a concern by a person or by a rule, moving the journey to monitor', () => {
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
        expect(e).toMatchObject({ data: { raisedBy: 'rule', rule: { name: 'low-attendance' } } }),
      );
    const raised = {
      type: 'ConcernRaised',
      data: {
        concernId: 'c-1',
        raisedOn: '2025-02-01',
        raisedBy: 'person',
        rule: null,
        summary: 's',
      },
    } as const;
    expect(fold([registered, raised]).stage).toBe('monitor');
    given([registered, raised])
      .when({ type: 'RaiseConcern', concernId: 'c-1', summary: 'again' }, contextOn('2025-02-02'))
      .thenThrows(JourneyRefused, /already recorded/);
  });
});
