/**
 * Attendance figures as the DfE defines them: attendance rate = sessions attended / possible
 * sessions; persistent absence = 10% or more of possible sessions missed; severe absence = 50% or
 * more (DfE, "Working together to improve school attendance" 2024, and its statistics guidance).
 */
import { addDays, addWeeks, IsoDate } from '../calendar';
import { categoryOf, isAttended, isPossibleSession } from './attendance-codes';
import type { AttendanceMark } from './marks';

/** Persistent absence: missing 10% or more of possible sessions (DfE definition). */
export const PERSISTENT_ABSENCE_RATE = 0.1;
/** Severe absence: missing 50% or more of possible sessions (DfE definition). */
export const SEVERE_ABSENCE_RATE = 0.5;
/** A change in attendance rate within 2 percentage points is reported as steady (local judgement, configurable by callers). */
export const STEADY_TREND_MARGIN = 0.02;

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
  const missed = possible - attended;
  // Compare whole numbers (missed * 10 >= possible) so that exactly 10% is never lost to rounding.
  return {
    possible,
    attended,
    authorisedAbsence,
    unauthorisedAbsence,
    rate: possible === 0 ? null : attended / possible,
    persistentAbsence: possible > 0 && missed * (1 / PERSISTENT_ABSENCE_RATE) >= possible,
    severeAbsence: possible > 0 && missed * (1 / SEVERE_ABSENCE_RATE) >= possible,
  };
}

export type TrendDirection = 'improving' | 'declining' | 'steady' | 'unknown';

export interface AttendanceTrend {
  current: number | null;
  previous: number | null;
  direction: TrendDirection;
}

/** This `weeks` weeks (ending on `asOf`) against the `weeks` weeks before them. */
export function attendanceTrend(
  marks: readonly AttendanceMark[],
  asOf: IsoDate,
  weeks = 4,
): AttendanceTrend {
  const currentFrom = addDays(addWeeks(asOf, -weeks), 1);
  const previousTo = addDays(currentFrom, -1);
  const previousFrom = addDays(addWeeks(previousTo, -weeks), 1);
  const current = attendanceStatistics(marks, { from: currentFrom, to: asOf }).rate;
  const previous = attendanceStatistics(marks, { from: previousFrom, to: previousTo }).rate;
  let direction: TrendDirection = 'unknown';
  if (current !== null && previous !== null) {
    const change = current - previous;
    direction =
      Math.abs(change) <= STEADY_TREND_MARGIN ? 'steady' : change > 0 ? 'improving' : 'declining';
  }
  return { current, previous, direction };
}
