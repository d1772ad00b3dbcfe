import { AttendanceMark, daysBetween, markReceivedAt, sessionSlot } from '@app/domain';
import type { WeekRegister } from './documents';
import { dropSupersededReceipts, emptyWeek, marksOf, recordMark } from './register';

const MONDAY = '2025-03-10';
const FRIDAY_TEA_TIME = '2025-03-14T16:00:00.000Z';
const NEXT_THURSDAY = '2025-03-20T09:00:00.000Z';

const mark = (overrides: Partial<AttendanceMark>): AttendanceMark => ({
  date: MONDAY,
  session: 'AM',
  schoolId: 'school-a',
  code: '/',
  receivedAt: FRIDAY_TEA_TIME,
  ...overrides,
});

const record = (week: WeekRegister, ...marks: AttendanceMark[]) => {
  for (const m of marks)
    recordMark(week, m, sessionSlot(daysBetween(MONDAY, m.date), m.session), markReceivedAt(m));
  dropSupersededReceipts(week);
};

/** A school's full week, Monday to Friday, both sessions coded `code`. */
const fullWeek = (code: AttendanceMark['code'], receivedAt: string) =>
  ['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14'].flatMap((date) =>
    (['AM', 'PM'] as const).map((session) => mark({ date, session, code, receivedAt })),
  );

describe("a week's register in the journey document", () => {
  it('keeps the mark received last for a session, whatever order the marks arrive in', () => {
    const week = emptyWeek();
    record(week, mark({ code: 'O', receivedAt: NEXT_THURSDAY }));
    record(week, mark({ code: '/', receivedAt: FRIDAY_TEA_TIME }));
    record(week, mark({ code: 'I', receivedAt: NEXT_THURSDAY }));
    expect(marksOf(MONDAY, week)).toEqual([mark({ code: 'I', receivedAt: NEXT_THURSDAY })]);
  });

  it('lists the marks of two schools in register order: by date, morning first, then school', () => {
    const week = emptyWeek();
    const marks = [
      mark({ date: '2025-03-11', session: 'PM', schoolId: 'school-a' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-b' }),
      mark({ date: '2025-03-10', session: 'PM', schoolId: 'school-b' }),
      mark({ date: '2025-03-11', session: 'AM', schoolId: 'school-a' }),
    ];
    record(week, ...marks);
    expect(marksOf(MONDAY, week)).toEqual([marks[2], marks[3], marks[1], marks[0]]);
  });

  it("keeps a school's week as one string of codes, a character a session, and its receipt once", () => {
    // given a week of registers, present (/) at every session but for an illness (I) on
    // Wednesday afternoon
    const week = emptyWeek();
    record(week, ...fullWeek('/', FRIDAY_TEA_TIME));
    record(week, mark({ date: '2025-03-12', session: 'PM', code: 'I' }));
    // then the week is the codes of its 14 sessions (none at the weekend) and one instant
    expect(week).toEqual({
      schools: { 'school-a': '/////I////----' },
      received: [Date.parse(FRIDAY_TEA_TIME)],
    });
  });

  it('keeps when each mark of two schools was received while they differ, and the older mark where a correction came earlier', () => {
    // given a dual-registered pupil: school a's week received on Friday, school b's Monday morning
    // received the Thursday after, and a correction of school a's Monday sent before its register
    const week = emptyWeek();
    record(week, ...fullWeek('/', FRIDAY_TEA_TIME));
    record(week, mark({ schoolId: 'school-b', code: 'O', receivedAt: NEXT_THURSDAY }));
    record(week, mark({ code: 'G', receivedAt: '2025-03-10T08:00:00.000Z' }));
    // then both receipts are kept, each session with its own, and the earlier correction lost
    expect(week.received).toEqual([Date.parse(FRIDAY_TEA_TIME), Date.parse(NEXT_THURSDAY)]);
    expect(week.receipts).toEqual({ 'school-a': '0000000000----', 'school-b': '1-------------' });
    expect(marksOf(MONDAY, week).slice(0, 2)).toEqual([
      mark({ code: '/' }),
      mark({ schoolId: 'school-b', code: 'O', receivedAt: NEXT_THURSDAY }),
    ]);
  });

  it('forgets the instant of marks all since corrected, so a week sent again is one receipt again', () => {
    // given a week of registers, one session corrected the Thursday after
    const week = emptyWeek();
    record(week, ...fullWeek('/', FRIDAY_TEA_TIME));
    record(week, mark({ code: 'I', receivedAt: NEXT_THURSDAY }));
    expect(week.receipts).toEqual({ 'school-a': '1000000000----' });
    // when the whole week is sent again, later still
    record(week, ...fullWeek('L', '2025-03-21T09:00:00.000Z'));
    // then only its receipt is kept
    expect(week).toEqual({
      schools: { 'school-a': 'LLLLLLLLLL----' },
      received: [Date.parse('2025-03-21T09:00:00.000Z')],
    });
  });
});
