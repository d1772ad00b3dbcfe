/** Registers for end-to-end tests: school weeks of marks in the body `POST /pupils/{id}/marks` takes. */
type Session = 'AM' | 'PM';

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** `n` Mondays from `first`, a week apart. */
export const mondays = (first: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => addDays(first, i * 7));

/**
 * Monday to Friday from `monday`. `code` chooses each session's mark; by default the first
 * `unauthorised` sessions of the week are `O` and the rest present (`/` morning, `\` afternoon).
 */
export function weekOfMarks(
  monday: string,
  options: {
    unauthorised?: number;
    schoolId?: string;
    code?: (day: number, session: Session) => string;
  } = {},
) {
  const { unauthorised = 0, schoolId = 'school-a' } = options;
  const code =
    options.code ??
    ((d: number, session: Session) =>
      d * 2 + (session === 'AM' ? 0 : 1) < unauthorised ? 'O' : session === 'AM' ? '/' : '\\');
  return {
    schoolId,
    from: monday,
    to: addDays(monday, 4),
    marks: [0, 1, 2, 3, 4].flatMap((d) =>
      (['AM', 'PM'] as const).map((session) => ({
        date: addDays(monday, d),
        session,
        code: code(d, session),
      })),
    ),
  };
}
