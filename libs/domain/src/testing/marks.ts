/** Builders for attendance marks in tests: registers read like registers. */
import { addDays, IsoDate } from '../calendar';
import type { AttendanceCode, AttendanceMark, Session } from '../rules';

export const RECEIVED = '2025-01-01T00:00:00.000Z';

export const mark = (
  date: IsoDate,
  session: Session,
  code: AttendanceCode,
  schoolId = 'school-a',
  receivedAt = RECEIVED,
): AttendanceMark => ({
  date,
  session,
  code,
  schoolId,
  receivedAt,
});

/** A school week (Mon-Fri) from `monday`, both sessions each day coded by `codeFor(dayIndex, session)`. */
export function week(
  monday: IsoDate,
  codeFor: (day: number, session: Session) => AttendanceCode,
  schoolId = 'school-a',
): AttendanceMark[] {
  return [0, 1, 2, 3, 4].flatMap((day) =>
    (['AM', 'PM'] as const).map((session) =>
      mark(addDays(monday, day), session, codeFor(day, session), schoolId),
    ),
  );
}

export const presentWeek = (monday: IsoDate, schoolId?: string) =>
  week(monday, (_, s) => (s === 'AM' ? '/' : '\\'), schoolId);

/** A week with `n` unauthorised (code) sessions, the rest present. */
export const weekWithUnauthorised = (
  monday: IsoDate,
  n: number,
  code: AttendanceCode = 'O',
  schoolId?: string,
) =>
  week(
    monday,
    (day, s) => (day * 2 + (s === 'AM' ? 0 : 1) < n ? code : s === 'AM' ? '/' : '\\'),
    schoolId,
  );

/** Consecutive Mondays from `first`. */
export const mondays = (first: IsoDate, count: number): IsoDate[] =>
  Array.from({ length: count }, (_, i) => addDays(first, i * 7));
