/**
 * Random registers for property tests: marks of any code (non-possible ones, `#` and `Y4`
 * included) around the dates where periods start mid-week (1 August, 1 January, Easter Monday),
 * from up to three schools (dual registration, moves), received at a few instants so that later
 * corrections and corrections at the same instant both occur.
 */
import fc from 'fast-check';
import { addDays, IsoDate } from '../calendar';
import { ATTENDANCE_CODES, AttendanceCode, AttendanceMark, UNAUTHORISED_CODES } from '../rules';

/** Weeks around which registers are generated: each holds or nears a boundary of a period. */
export const ANCHORS: readonly IsoDate[] = [
  '2025-07-28', // the week of Friday 1 August 2025, straddling two academic years
  '2024-07-29', // the week of Thursday 1 August 2024
  '2025-12-29', // the week of Thursday 1 January 2026, straddling autumn and spring terms
  '2026-04-06', // Easter Monday 2026, the first day of the summer term
  '2025-03-03', // the middle of a spring term
];

const code: fc.Arbitrary<AttendanceCode> = fc.oneof(
  { arbitrary: fc.constantFrom<AttendanceCode>('/', '\\'), weight: 4 },
  { arbitrary: fc.constantFrom(...UNAUTHORISED_CODES), weight: 3 },
  { arbitrary: fc.constantFrom(...ATTENDANCE_CODES), weight: 2 },
  { arbitrary: fc.constantFrom<AttendanceCode>('#', 'Y4', 'X', 'E', 'C2'), weight: 1 },
);

/** A full register's code: mostly present, sometimes absent, so that some meet the threshold. */
const registerCode: fc.Arbitrary<AttendanceCode> = fc.oneof(
  { arbitrary: fc.constant<AttendanceCode>('/'), weight: 3 },
  { arbitrary: fc.constantFrom(...UNAUTHORISED_CODES), weight: 1 },
  { arbitrary: fc.constant<AttendanceCode>('I'), weight: 1 },
);

/**
 * Raw marks, in the order they were received: a school's full registers for some weeks (Monday
 * to Friday, both sessions), then scattered marks on any day, corrections among them.
 */
export const randomRegister: fc.Arbitrary<AttendanceMark[]> = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    span: fc.constantFrom(14, 70, 200, 420),
    firstWeek: fc.integer({ min: -30, max: 2 }),
    registers: fc.array(registerCode, { maxLength: 150, size: 'max' }),
    marks: fc.array(
      fc.record({
        day: fc.nat(),
        session: fc.constantFrom('AM' as const, 'PM' as const),
        code,
        schoolId: fc.oneof(
          { arbitrary: fc.constant('school-a'), weight: 4 },
          { arbitrary: fc.constantFrom('school-b', 'school-c'), weight: 1 },
        ),
        received: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 160, size: 'medium' },
    ),
  })
  .map(({ anchor, span, firstWeek, registers, marks }) => [
    ...registers.map((code, i): AttendanceMark => ({
      // The i-th school session: 10 a week, Monday to Friday, morning first.
      date: addDays(anchor, (firstWeek + Math.floor(i / 10)) * 7 + Math.floor((i % 10) / 2)),
      session: i % 2 === 0 ? 'AM' : 'PM',
      code,
      schoolId: 'school-a',
      receivedAt: '2026-09-01T16:00:00.000Z',
    })),
    ...marks.map((m): AttendanceMark => ({
      date: addDays(anchor, (m.day % span) - Math.floor(span / 2)),
      session: m.session,
      code: m.code,
      schoolId: m.schoolId,
      receivedAt: `2026-09-0${1 + m.received}T16:00:00.000Z`,
    })),
  ]);
