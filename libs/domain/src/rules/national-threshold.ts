/**
 * The national threshold for considering a penalty notice (WTISA 2024 ch. 6, the National
 * Framework; SI 2007/1867 as amended by SI 2024/210): 10 sessions of unauthorised absence (G, N,
 * O, U in any mix) within a rolling period of 10 school weeks. A school week is any week with at
 * least one school session (see `SchoolWeekBasis` for whose session). Sessions need not be
 * consecutive, and the period may span terms, school years and schools.
 * Meeting it means the school or LA must CONSIDER a notice; it never issues one by itself.
 */
import { addMonths, IsoDate, weekStart } from '../calendar';
import { DEFAULT_SCHOOL_WEEK_BASIS, SchoolWeekBasis } from '../code-of-conduct';
import { AttendanceCode, categoryOf, isPossibleSession } from './attendance-codes';
import { AttendanceMark, currentMarks, Session } from './marks';

/** Unauthorised sessions that meet the threshold (WTISA 2024 ch. 6, "10 sessions of unauthorised absence"). */
export const THRESHOLD_SESSIONS = 10;
/** Length of the rolling period, in school weeks (WTISA 2024 ch. 6, "a rolling period of 10 school weeks"). */
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
  /** The unauthorised sessions counted in the window, in date order, morning first. */
  sessions: ThresholdSession[];
  /** Mondays of the first and last school weeks of the window (null when there are none). */
  firstSchoolWeek: IsoDate | null;
  lastSchoolWeek: IsoDate | null;
}

export interface ThresholdOptions {
  /** Only marks for sessions on or before this date count (the register as it stood then). */
  asOf?: IsoDate;
  /** Only marks inside this period (inclusive) count, e.g. the offence period of a notice. */
  within?: { from: IsoDate; to: IsoDate };
  /** Whose sessions make a school week (the code of conduct's `schoolWeekBasis`). */
  schoolWeekBasis?: SchoolWeekBasis;
}

/** Codes that say the school itself did not meet: planned closure, whole site unexpectedly closed. */
const NO_SESSION_HELD: readonly string[] = ['#', 'Y4'];

/** Whether the school met for the session a mark is for (any code but `#` or `Y4`). */
export const isSchoolSessionHeld = (code: AttendanceCode): boolean =>
  !NO_SESSION_HELD.includes(code);

const makesSchoolWeek = (mark: AttendanceMark, basis: SchoolWeekBasis): boolean =>
  basis === 'pupil-possible-session'
    ? isPossibleSession(mark.code)
    : isSchoolSessionHeld(mark.code);

/**
 * One entry per half-day the pupil was absent without authority. Where several schools marked the
 * same session (dual registration), it counts only if none of them recorded the pupil as attending
 * or authorised absent: a pupil cannot be absent twice in one session, and a conflict between
 * registers is not evidence against the parent.
 */
function unauthorisedSessions(marks: readonly AttendanceMark[]): ThresholdSession[] {
  const bySession = new Map<string, AttendanceMark[]>();
  for (const mark of marks) {
    if (!isPossibleSession(mark.code)) continue;
    const key = `${mark.date}|${mark.session}`;
    const seen = bySession.get(key);
    if (seen) seen.push(mark);
    else bySession.set(key, [mark]);
  }
  const counted: ThresholdSession[] = [];
  for (const marksOfSession of bySession.values()) {
    if (marksOfSession.every((m) => categoryOf(m.code) === 'unauthorised')) {
      const { date, session, code, schoolId } = marksOfSession[0];
      counted.push({ date, session, code, schoolId });
    }
  }
  return counted; // already in register order: `currentMarks` sorts by date, session, school
}

/**
 * Evaluates the threshold over the register as it stands (a raw history is reduced to its current
 * marks first; pass `currentMarks(marks, knownAt)` for the register as known at an earlier time).
 * Returns the most recent window of 10 school weeks that meets the threshold; if none does, the
 * window with the most unauthorised sessions (the most recent of equals).
 */
export function evaluateNationalThreshold(
  marks: readonly AttendanceMark[],
  options: ThresholdOptions = {},
): ThresholdResult {
  const { asOf, within } = options;
  const basis = options.schoolWeekBasis ?? DEFAULT_SCHOOL_WEEK_BASIS;
  const considered = currentMarks(marks).filter(
    (m) =>
      (asOf === undefined || m.date <= asOf) &&
      (within === undefined || (m.date >= within.from && m.date <= within.to)),
  );
  const schoolWeeks = [
    ...new Set(considered.filter((m) => makesSchoolWeek(m, basis)).map((m) => weekStart(m.date))),
  ].sort();
  return thresholdWindow(schoolWeeks, unauthorisedSessions(considered));
}

/**
 * The window `evaluateNationalThreshold` reports, from the school weeks (Mondays, in order) and
 * the unauthorised sessions (one per half-day, in register order) it found however the register
 * is kept: the most recent 10 school weeks meeting the threshold, or else those with the most.
 */
export function thresholdWindow(
  schoolWeeks: readonly IsoDate[],
  unauthorised: readonly ThresholdSession[],
): ThresholdResult {
  const perWeek = new Map<IsoDate, number>();
  for (const s of unauthorised)
    perWeek.set(weekStart(s.date), (perWeek.get(weekStart(s.date)) ?? 0) + 1);
  const inWeek = (i: number) => perWeek.get(schoolWeeks[i]) ?? 0;

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
  // Slide a window of 10 school weeks from the most recent backwards, keeping a running count.
  const size = Math.min(THRESHOLD_SCHOOL_WEEKS, schoolWeeks.length);
  let first = schoolWeeks.length - size;
  let count = 0;
  for (let i = first; i < schoolWeeks.length; i += 1) count += inWeek(i);
  let best = { first, count };
  while (count < THRESHOLD_SESSIONS && first > 0) {
    first -= 1;
    count += inWeek(first) - inWeek(first + size);
    if (count > best.count || count >= THRESHOLD_SESSIONS) best = { first, count };
  }

  const weeks = new Set(schoolWeeks.slice(best.first, best.first + size));
  return {
    met: best.count >= THRESHOLD_SESSIONS,
    threshold: THRESHOLD_SESSIONS,
    count: best.count,
    sessions: unauthorised.filter((s) => weeks.has(weekStart(s.date))),
    firstSchoolWeek: schoolWeeks[best.first],
    lastSchoolWeek: schoolWeeks[best.first + size - 1],
  };
}

/**
 * How far back a window meeting the threshold still counts "as of" a day: while a prosecution for
 * it could still be brought (information within 6 months of the offence, MCA 1980 s127). Our
 * reading: a window met longer ago can no longer lead anywhere, so it is not shown as met.
 */
export const THRESHOLD_LOOKBACK_MONTHS = 6;

/**
 * The threshold as caseworkers see it on a given day (the journey view, the caseload, penalty-notice
 * eligibility): the most recent window of 10 school weeks within the last
 * THRESHOLD_LOOKBACK_MONTHS that meets it, looking only at sessions on or before `asOf`.
 */
export function thresholdAsOf(
  marks: readonly AttendanceMark[],
  asOf: IsoDate,
  schoolWeekBasis?: SchoolWeekBasis,
): ThresholdResult {
  return evaluateNationalThreshold(marks, {
    asOf,
    within: thresholdLookback(asOf),
    schoolWeekBasis,
  });
}

/** The days `thresholdAsOf` looks at: the last THRESHOLD_LOOKBACK_MONTHS up to `asOf`. */
export const thresholdLookback = (asOf: IsoDate): { from: IsoDate; to: IsoDate } => ({
  from: addMonths(asOf, -THRESHOLD_LOOKBACK_MONTHS),
  to: asOf,
});
