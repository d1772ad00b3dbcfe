/**
 * A pupil's register for one academic year as the journey document keeps it: only the current
 * mark of each session, each school's days by date, and each instant a mark was received at
 * written once. The document is parsed and written again on every event of the pupil, so its size
 * is paid for on every register; this shape is about a quarter of one entry per session keyed
 * `date|session|school` with its own copy of the instant.
 */
import { AttendanceMark, compareMarks } from '@app/domain';
import type { YearRegister } from './documents';

export const emptyRegister = (): YearRegister => ({ received: [], schools: {} });

/**
 * Records a mark unless the session already has one received later (of two received at the same
 * instant, the later in the list wins, as in the domain's `currentMarks`).
 */
export function recordMark(register: YearRegister, m: AttendanceMark): void {
  const days = (register.schools[m.schoolId] ??= {});
  const day = (days[m.date] ??= [null, null]);
  const slot = m.session === 'AM' ? 0 : 1;
  const seen = day[slot];
  if (seen && m.receivedAt < register.received[seen[1]]) return;
  let at = register.received.lastIndexOf(m.receivedAt);
  if (at < 0) at = register.received.push(m.receivedAt) - 1;
  day[slot] = [m.code, at];
}

/** The year's current marks in register order (by date, morning first, then school). */
export function marksOf(register: YearRegister): AttendanceMark[] {
  const marks: AttendanceMark[] = [];
  const schools = Object.keys(register.schools);
  for (const schoolId of schools) {
    const days = register.schools[schoolId];
    for (const date of Object.keys(days).sort()) {
      const [am, pm] = days[date];
      if (am)
        marks.push({
          date,
          session: 'AM',
          schoolId,
          code: am[0],
          receivedAt: register.received[am[1]],
        });
      if (pm)
        marks.push({
          date,
          session: 'PM',
          schoolId,
          code: pm[0],
          receivedAt: register.received[pm[1]],
        });
    }
  }
  return schools.length > 1 ? marks.sort(compareMarks) : marks;
}
