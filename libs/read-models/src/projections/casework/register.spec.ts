import { AttendanceMark, daysBetween } from '@app/domain';
import type { WeekRegister } from './documents';
import { emptyWeek, marksOf, recordMark, recount } from './register';

const MONDAY = '2025-03-10';

const mark = (overrides: Partial<AttendanceMark>): AttendanceMark => ({
  date: MONDAY,
  session: 'AM',
  schoolId: 'school-a',
  code: '/',
  receivedAt: '2025-03-14T16:00:00.000Z',
  ...overrides,
});

const record = (week: WeekRegister, m: AttendanceMark) =>
  recordMark(week, m, daysBetween(MONDAY, m.date));

describe("a week's register in the journey document", () => {
  it('keeps the mark received last for a session, whatever order the marks arrive in', () => {
    const week = emptyWeek(MONDAY);
    record(week, mark({ code: 'O', receivedAt: '2025-03-20T09:00:00.000Z' }));
    record(week, mark({ code: '/', receivedAt: '2025-03-14T16:00:00.000Z' }));
    record(week, mark({ code: 'I', receivedAt: '2025-03-20T09:00:00.000Z' }));
    expect(marksOf(week)).toEqual([mark({ code: 'I', receivedAt: '2025-03-20T09:00:00.000Z' })]);
  });

  it('lists the marks of two schools in register order: by date, morning first, then school', () => {
    const week = emptyWeek(MONDAY);
    const marks = [
      mark({ date: '2025-03-11', session: 'PM', schoolId: 'school-a' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-b' }),
      mark({ date: '2025-03-10', session: 'PM', schoolId: 'school-b' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-a' }),
    ];
    for (const m of marks) record(week, m);
    expect(marksOf(week)).toEqual([marks[2], marks[3], marks[1], marks[0]]);
  });

  it('counts its totals again from the current marks after a correction', () => {
    // given an unauthorised Monday morning, corrected to illness
    const week = emptyWeek(MONDAY);
    record(week, mark({ code: 'O' }));
    recount(week);
    expect(week.totals.unauthorised).toHaveLength(1);
    record(week, mark({ code: 'I', receivedAt: '2025-03-20T09:00:00.000Z' }));
    // when the week is counted again
    recount(week);
    // then it holds one authorised absence and no unauthorised session
    expect(week.totals).toMatchObject({ days: { 0: [1, 0, 0] }, unauthorised: [] });
  });
});
