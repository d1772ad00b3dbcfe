/**
 * A pupil's register as the journey document keeps it: by week, each week with only the current
 * mark of each session (a correction needs the mark it replaces and when that was received), each
 * school's days by their place in the week, each instant a mark was received at written once, and
 * the week's totals, which are all the figures read. A new register re-counts the weeks it is for
 * and no other.
 */
import { addDays, AttendanceMark, attendanceWeek, compareMarks, IsoDate } from '@app/domain';
import type { WeekRegister } from './documents';

export const emptyWeek = (monday: IsoDate): WeekRegister => ({
  received: [],
  schools: {},
  totals: { monday, lastDay: 0, days: {}, heldDays: 0, years: {}, unauthorised: [] },
});

/**
 * Records a mark for day `day` of the week (0 = Monday) unless the session already has one
 * received later (of two received at the same instant, the later in the list wins, as in the
 * domain's `currentMarks`). The week's totals are left to `recount`.
 */
export function recordMark(week: WeekRegister, m: AttendanceMark, day: number): void {
  const days = (week.schools[m.schoolId] ??= {});
  const marks = (days[day] ??= [null, null]);
  const slot = m.session === 'AM' ? 0 : 1;
  const seen = marks[slot];
  if (seen && m.receivedAt < week.received[seen[1]]) return;
  let at = week.received.lastIndexOf(m.receivedAt);
  if (at < 0) at = week.received.push(m.receivedAt) - 1;
  marks[slot] = [m.code, at];
}

/** The week's current marks in register order (by date, morning first, then school). */
export function marksOf(week: WeekRegister): AttendanceMark[] {
  const marks: AttendanceMark[] = [];
  const schools = Object.keys(week.schools);
  for (const schoolId of schools) {
    const days = week.schools[schoolId];
    // Integer-like keys come back in ascending order: Monday first.
    for (const day of Object.keys(days)) {
      const date = addDays(week.totals.monday, Number(day));
      days[Number(day)].forEach((seen, slot) => {
        if (seen)
          marks.push({
            date,
            session: slot === 0 ? 'AM' : 'PM',
            schoolId,
            code: seen[0],
            receivedAt: week.received[seen[1]],
          });
      });
    }
  }
  return schools.length > 1 ? marks.sort(compareMarks) : marks;
}

/** Counts the week's totals again from its marks (after `recordMark`). */
export function recount(week: WeekRegister): void {
  week.totals = attendanceWeek(marksOf(week));
}
