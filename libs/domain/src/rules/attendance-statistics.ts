/**
 * Attendance figures as the DfE defines them: attendance rate = sessions attended / possible
 * sessions; persistent absence = 10% or more of possible sessions missed; severe absence = 50% or
 * more (DfE, "Working together to improve school attendance" 2024, and its statistics guidance).
 */
import { addDays, addWeeks, IsoDate } from '../calendar';
import { categoryOf, isAttended, isPossibleSession } from './attendance-codes';
import type { AttendanceMark } from './marks';

/** Persistent absence: missing 10% or more of possible sessions (WTISA 2024; DfE absence statistics). */
export const PERSISTENT_ABSENCE_PERCENT = 10;
/** Severe absence: missing 50% or more of possible sessions (WTISA 2024; DfE absence statistics). */
export const SEVERE_ABSENCE_PERCENT = 50;
/** The same thresholds as fractions, for display. */
export const PERSISTENT_ABSENCE_RATE = PERSISTENT_ABSENCE_PERCENT / 100;
export const SEVERE_ABSENCE_RATE = SEVERE_ABSENCE_PERCENT / 100;
/** A change in attendance rate within 2 percentage points reads as steady (our judgement, not guidance; callers may pass another). */
export const STEADY_TREND_MARGIN = 0.02;
/** Default length of each of the two periods a trend compares, in weeks (our judgement: about half a term). */
export const TREND_WEEKS = 4;

export interface AttendanceStatistics {
  possible: number;
  attended: number;
  authorisedAbsence: number;
  unauthorisedAbsence: number;
  /** attended / possible; null when there were no possible sessions. */
  rate: number | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

const inPeriod = (date: IsoDate, period?: Period) =>
  !period || (date >= period.from && date <= period.to);

/** Figures over current marks (see `currentMarks`), optionally for a period (inclusive). */
export function attendanceStatistics(
  marks: readonly AttendanceMark[],
  period?: Period,
): AttendanceStatistics {
  let possible = 0;
  let attended = 0;
  let authorisedAbsence = 0;
  let unauthorisedAbsence = 0;
  for (const mark of marks) {
    if (!inPeriod(mark.date, period) || !isPossibleSession(mark.code)) continue;
    possible += 1;
    if (isAttended(mark.code)) attended += 1;
    else if (categoryOf(mark.code) === 'authorised') authorisedAbsence += 1;
    else unauthorisedAbsence += 1;
  }
  return statisticsOfCounts({ possible, attended, authorisedAbsence, unauthorisedAbsence });
}

/** The figures from counts of possible sessions, however they were counted (marks or weeks). */
export function statisticsOfCounts(
  counts: Pick<
    AttendanceStatistics,
    'possible' | 'attended' | 'authorisedAbsence' | 'unauthorisedAbsence'
  >,
): AttendanceStatistics {
  const { possible, attended } = counts;
  const flags = absenceFlags(possible, attended);
  return {
    possible,
    attended,
    authorisedAbsence: counts.authorisedAbsence,
    unauthorisedAbsence: counts.unauthorisedAbsence,
    rate: possible === 0 ? null : attended / possible,
    persistentAbsence: flags.persistentAbsence,
    severeAbsence: flags.severeAbsence,
  };
}

/**
 * Persistent and severe absence from a pupil's possible and attended sessions: the same rule for
 * one school's register and for a pupil's sessions summed across the schools of a year.
 */
export function absenceFlags(
  possible: number,
  attended: number,
): { persistentAbsence: boolean; severeAbsence: boolean } {
  // Compare whole numbers (missed * 100 >= possible * 10) so exactly 10% is never lost to rounding.
  // (Written out, not through a closure: every register of every pupil asks this.)
  const missed100 = (possible - attended) * 100;
  return {
    persistentAbsence: possible > 0 && missed100 >= possible * PERSISTENT_ABSENCE_PERCENT,
    severeAbsence: possible > 0 && missed100 >= possible * SEVERE_ABSENCE_PERCENT,
  };
}

/** One school's sessions for a pupil over an academic year: what statistics and cohorts add up. */
export interface SchoolYearTotals {
  possible: number;
  attended: number;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  /** Sessions coded E: suspended or permanently excluded (SI 2024/208 table 2). */
  suspensionSessions: number;
  /** Sessions coded C2: a temporarily reduced (part-time) timetable (SI 2024/208 table 2). */
  partTimeSessions: number;
}

/**
 * Each school's totals over current marks (pass one academic year's): a pupil who moved school,
 * or is dual registered, has a row per school, one with only non-possible sessions included.
 */
export function schoolYearTotals(
  marks: readonly AttendanceMark[],
): Record<string, SchoolYearTotals> {
  const bySchool = new Map<string, AttendanceMark[]>();
  for (const m of marks) {
    const list = bySchool.get(m.schoolId);
    if (list) list.push(m);
    else bySchool.set(m.schoolId, [m]);
  }
  const totals: Record<string, SchoolYearTotals> = {};
  for (const [schoolId, list] of bySchool) {
    const s = attendanceStatistics(list);
    totals[schoolId] = {
      possible: s.possible,
      attended: s.attended,
      persistentAbsence: s.persistentAbsence,
      severeAbsence: s.severeAbsence,
      suspensionSessions: list.filter((m) => m.code === 'E').length,
      partTimeSessions: list.filter((m) => m.code === 'C2').length,
    };
  }
  return totals;
}

export type TrendDirection = 'improving' | 'declining' | 'steady' | 'unknown';

const FLOAT_TOLERANCE = 1e-9;

export interface AttendanceTrend {
  current: number | null;
  previous: number | null;
  direction: TrendDirection;
}

/**
 * The rate over the `weeks` weeks ending on `asOf` against the `weeks` weeks before them; a change
 * within `margin` (a fraction: 0.02 = 2 percentage points) is steady.
 */
export function attendanceTrend(
  marks: readonly AttendanceMark[],
  asOf: IsoDate,
  weeks = TREND_WEEKS,
  margin = STEADY_TREND_MARGIN,
): AttendanceTrend {
  return trendOver((period) => attendanceStatistics(marks, period).rate, asOf, weeks, margin);
}

/**
 * `attendanceTrend` from the rate over any period, however the register is kept: the `weeks`
 * weeks ending on `asOf` against the `weeks` weeks before them.
 */
export function trendOver(
  rateOver: (period: Period) => number | null,
  asOf: IsoDate,
  weeks: number,
  margin: number,
): AttendanceTrend {
  const currentFrom = addDays(addWeeks(asOf, -weeks), 1);
  const previousTo = addDays(currentFrom, -1);
  const previousFrom = addDays(addWeeks(previousTo, -weeks), 1);
  const current = rateOver({ from: currentFrom, to: asOf });
  const previous = rateOver({ from: previousFrom, to: previousTo });
  let direction: TrendDirection = 'unknown';
  if (current !== null && previous !== null) {
    const change = current - previous;
    // Rates are fractions of whole sessions; allow for float error so exactly 2 points is steady.
    direction =
      Math.abs(change) <= margin + FLOAT_TOLERANCE
        ? 'steady'
        : change > 0
          ? 'improving'
          : 'declining';
  }
  return { current, previous, direction };
}

/**
 * The trend as of the pupil's latest register, not as of today: registers arrive weeks apart (and
 * not at all in the holidays), and weeks with no register yet are no evidence either way. The
 * journey (`GET /pupils/{id}`) and the caseload both show this one.
 */
export function trendAsOfLatestRegister(marks: readonly AttendanceMark[]): AttendanceTrend {
  let latest: IsoDate | null = null;
  for (const m of marks) if (latest === null || m.date > latest) latest = m.date;
  return latest === null
    ? { current: null, previous: null, direction: 'unknown' }
    : attendanceTrend(marks, latest);
}
