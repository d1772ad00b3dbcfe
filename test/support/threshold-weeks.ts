/**
 * A spring term's registers in which the national threshold is met: 15 calendar weeks from Monday
 * 6 January 2025, half term in week 7 (no sessions), and one O (unauthorised) morning at the start
 * of each of 10 school weeks, so 10 sessions fall within 10 school weeks (20 January to 31 March).
 */
export const addDays = (date: string, n: number) =>
  new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10);
export const FIRST_MONDAY = '2025-01-06';
export const THRESHOLD_WEEKS = 15;
export const HALF_TERM_WEEK = 7; // w/c 24 February: no sessions
export const UNAUTHORISED_WEEKS = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12];

/** The POST /pupils/{id}/marks body for one week of the term at a school. */
export const weekOfMarks = (week: number, schoolId: string) => {
  const monday = addDays(FIRST_MONDAY, week * 7);
  const marks = [];
  for (let d = 0; d < 5; d += 1)
    for (const session of ['AM', 'PM'] as const)
      marks.push({
        date: addDays(monday, d),
        session,
        code:
          d === 0 && session === 'AM' && UNAUTHORISED_WEEKS.includes(week)
            ? 'O'
            : session === 'AM'
              ? '/'
              : '\\',
      });
  return { schoolId, from: monday, to: addDays(monday, 4), marks };
};
