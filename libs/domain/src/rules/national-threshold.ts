/**
 * The national threshold for considering a penalty notice (WTISA 2024 ch. 6, the National
 * Framework; SI 2007/1867 as amended by SI 2024/210): 10 sessions of unauthorised absence (G, N,
 * O, U in any mix) within a rolling period of 10 school weeks. A school week is any week with at
 * least one school session, here: at least one possible session for this pupil. Sessions need
 * not be consecutive, and the period may span terms, school years and schools.
 * Meeting it means the school or LA must CONSIDER a notice; it never issues one by itself.
 */
import { IsoDate, weekStart } from '../calendar';
import { isPossibleSession, UNAUTHORISED_CODES } from './attendance-codes';
import type { AttendanceMark, Session } from './marks';

/** Unauthorised sessions that meet the threshold (WTISA 2024 ch. 6). */
export const THRESHOLD_SESSIONS = 10;
/** Length of the rolling period, in school weeks (WTISA 2024 ch. 6). */
export const THRESHOLD_SCHOOL_WEEKS = 10;

export interface ThresholdSession {
  date: IsoDate;
  session: Session;
  code: string;
  schoolId: string;
}

export interface ThresholdResult {
  met: boolean;
  threshold: typeof THRESHOLD_SESSIONS;
  count: number;
  /** The unauthorised sessions counted in the window, in date order. */
  sessions: ThresholdSession[];
  /** Mondays of the first and last school weeks of the window (null when there are none). */
  firstSchoolWeek: IsoDate | null;
  lastSchoolWeek: IsoDate | null;
}

/**
 * Evaluates the threshold over current marks. Considers marks on or before `asOf` and inside
 * `within` when given. Returns the most recent window of 10 school weeks that meets the threshold;
 * if none does, the window with the most unauthorised sessions (the most recent of equals).
 */
export function evaluateNationalThreshold(
  marks: readonly AttendanceMark[],
  options: { asOf?: IsoDate; within?: { from: IsoDate; to: IsoDate } } = {},
): ThresholdResult {
  const considered = marks.filter(
    (m) =>
      (options.asOf === undefined || m.date <= options.asOf) &&
      (options.within === undefined ||
        (m.date >= options.within.from && m.date <= options.within.to)),
  );
  const schoolWeeks = [
    ...new Set(considered.filter((m) => isPossibleSession(m.code)).map((m) => weekStart(m.date))),
  ].sort();
  const unauthorised = considered.filter((m) => UNAUTHORISED_CODES.includes(m.code));

  if (schoolWeeks.length === 0) {
    return {
      met: false,
      threshold: THRESHOLD_SESSIONS,
      count: 0,
      sessions: [],
      firstSchoolWeek: null,
      lastSchoolWeek: null,
    };
  }
  let best = { first: 0, last: 0, count: -1 };
  const windows = Math.max(1, schoolWeeks.length - THRESHOLD_SCHOOL_WEEKS + 1);
  for (let first = windows - 1; first >= 0; first -= 1) {
    const last = Math.min(first + THRESHOLD_SCHOOL_WEEKS, schoolWeeks.length) - 1;
    const weeks = new Set(schoolWeeks.slice(first, last + 1));
    const count = unauthorised.filter((m) => weeks.has(weekStart(m.date))).length;
    if (count >= THRESHOLD_SESSIONS) {
      best = { first, last, count };
      break;
    }
    if (count > best.count) best = { first, last, count };
  }

  const weeks = new Set(schoolWeeks.slice(best.first, best.last + 1));
  const sessions = unauthorised
    .filter((m) => weeks.has(weekStart(m.date)))
    .map(({ date, session, code, schoolId }) => ({ date, session, code, schoolId }))
    .sort((a, b) =>
      a.date !== b.date
        ? a.date < b.date
          ? -1
          : 1
        : a.session === b.session
          ? 0
          : a.session === 'AM'
            ? -1
            : 1,
    );
  return {
    met: best.count >= THRESHOLD_SESSIONS,
    threshold: THRESHOLD_SESSIONS,
    count: best.count,
    sessions,
    firstSchoolWeek: schoolWeeks[best.first],
    lastSchoolWeek: schoolWeeks[best.last],
  };
}
