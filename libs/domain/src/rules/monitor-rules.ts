/**
 * Monitor rules: patterns in a pupil's register that should become a concern before they become
 * entrenched (WTISA 2024, "monitor"). Each rule names itself and gives its figures, and each
 * concern's id is built from the rule, the pupil and the period it is about, so evaluating the same
 * register again (every import, a replay) raises nothing new.
 *
 * Periods: the rate and the threshold are judged per term (a pupil still below 90% next term gets
 * a new concern); persistent and severe absence per school year, as the DfE counts them; a sudden
 * drop per block of trend weeks; an unreplaced N once per session.
 */
import { addDays, daysBetween, IsoDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import {
  attendanceStatistics,
  attendanceTrend,
  PERSISTENT_ABSENCE_PERCENT,
  SEVERE_ABSENCE_PERCENT,
  TREND_WEEKS,
} from './attendance-statistics';
import { AttendanceMark, currentMarks } from './marks';
import { overdueNCodes } from './n-codes';
import { thresholdAsOf } from './national-threshold';
import { academicYearOf, termOf } from './school-year';

/**
 * A fall of this many percentage points between the last `TREND_WEEKS` weeks and the ones before
 * is a sudden drop (our judgement: five times the 2-point margin within which a trend is steady).
 */
export const SUDDEN_DROP_PERCENTAGE_POINTS = 10;

export const MONITOR_RULES = [
  'attendance-below-level',
  'persistent-absence',
  'severe-absence',
  'national-threshold-met',
  'n-code-not-replaced',
  'sudden-drop',
] as const;
export type MonitorRuleName = (typeof MONITOR_RULES)[number];

export type MonitorFigures = Record<string, number | string | boolean | null>;

export interface MonitorConcern {
  concernId: string;
  summary: string;
  rule: { name: MonitorRuleName; figures: MonitorFigures };
}

export interface MonitorInput {
  pupilId: string;
  /** Every mark received (corrections included); the register as it stands is read from them. */
  marks: readonly AttendanceMark[];
  code: Pick<
    CodeOfConduct,
    'lowAttendanceRate' | 'nCodeReplacementSchoolDays' | 'bankHolidays' | 'schoolWeekBasis'
  >;
  /** Ids of concerns already on the journey: they are not raised again. */
  raised?: readonly string[];
}

/** One decimal place of a percentage, for figures a caseworker reads. */
const percent = (fraction: number): number => Math.round(fraction * 1000) / 10;
const idPart = (value: string): string => value.replace(/[^A-Za-z0-9-]+/g, '-');
const concernId = (rule: MonitorRuleName, pupilId: string, period: string): string =>
  `monitor-${rule}-${pupilId}-${idPart(period)}`;

/** The first day of the block of `TREND_WEEKS` weeks that `date` falls in (blocks counted from 2000-01-03, a Monday). */
function trendBlock(date: IsoDate): IsoDate {
  const epoch = '2000-01-03';
  const days = daysBetween(epoch, date);
  const block = TREND_WEEKS * 7;
  return addDays(epoch, Math.floor(days / block) * block);
}

/**
 * The concerns the register calls for, as of its latest mark (a historical import is judged as of
 * its own dates, not today). Empty when there are no marks.
 */
export function evaluateMonitorRules(input: MonitorInput): MonitorConcern[] {
  const register = currentMarks(input.marks);
  if (register.length === 0) return [];
  const asOf = register[register.length - 1].date;
  const { pupilId, code } = input;
  const year = academicYearOf(asOf);
  const term = termOf(asOf);
  const yearToDate = attendanceStatistics(register, { from: year.from, to: asOf });
  const concerns: MonitorConcern[] = [];
  const raise = (rule: MonitorRuleName, period: string, summary: string, figures: MonitorFigures) =>
    concerns.push({
      concernId: concernId(rule, pupilId, period),
      summary,
      rule: { name: rule, figures },
    });

  const base: MonitorFigures = {
    from: year.from,
    to: asOf,
    possibleSessions: yearToDate.possible,
    attendedSessions: yearToDate.attended,
    attendancePercent: yearToDate.rate === null ? null : percent(yearToDate.rate),
  };
  if (yearToDate.rate !== null && yearToDate.rate < code.lowAttendanceRate) {
    raise(
      'attendance-below-level',
      term.label,
      `Attendance this school year is ${percent(yearToDate.rate)}%, below the ${percent(code.lowAttendanceRate)}% the code of conduct sets.`,
      { ...base, levelPercent: percent(code.lowAttendanceRate), term: term.label },
    );
  }
  if (yearToDate.severeAbsence) {
    raise(
      'severe-absence',
      year.label,
      `Severe absence: ${percent(1 - (yearToDate.rate ?? 0))}% of sessions missed this school year (${SEVERE_ABSENCE_PERCENT}% or more).`,
      { ...base, thresholdPercent: SEVERE_ABSENCE_PERCENT, schoolYear: year.label },
    );
  } else if (yearToDate.persistentAbsence) {
    raise(
      'persistent-absence',
      year.label,
      `Persistent absence: ${percent(1 - (yearToDate.rate ?? 0))}% of sessions missed this school year (${PERSISTENT_ABSENCE_PERCENT}% or more).`,
      { ...base, thresholdPercent: PERSISTENT_ABSENCE_PERCENT, schoolYear: year.label },
    );
  }

  // A window met within 6 months of the latest register, as the caseload shows it: an older one
  // was raised in its own term and can no longer lead to a notice.
  const threshold = thresholdAsOf(register, asOf, code.schoolWeekBasis);
  if (threshold.met) {
    raise(
      'national-threshold-met',
      term.label,
      `The national threshold is met: ${threshold.count} unauthorised sessions in 10 school weeks from ${threshold.firstSchoolWeek}. Consider support first; a penalty notice is only one option.`,
      {
        unauthorisedSessions: threshold.count,
        threshold: threshold.threshold,
        firstSchoolWeek: threshold.firstSchoolWeek,
        lastSchoolWeek: threshold.lastSchoolWeek,
        term: term.label,
      },
    );
  }

  // Overdue as of the day after the latest mark: the register has reached that far.
  for (const n of overdueNCodes(register, addDays(asOf, 1), code)) {
    raise(
      'n-code-not-replaced',
      `${n.schoolId}-${n.date}-${n.session}`,
      `The N code for ${n.date} ${n.session} has not been replaced within ${code.nCodeReplacementSchoolDays} school days (due by ${n.dueBy}).`,
      {
        date: n.date,
        session: n.session,
        schoolId: n.schoolId,
        dueBy: n.dueBy,
        schoolDaysAllowed: code.nCodeReplacementSchoolDays,
      },
    );
  }

  const trend = attendanceTrend(register, asOf);
  if (trend.current !== null && trend.previous !== null) {
    // Compare tenths of a point as whole numbers, so exactly 10 points is never lost to float error.
    const drop = Math.round((percent(trend.previous) - percent(trend.current)) * 10) / 10;
    if (drop >= SUDDEN_DROP_PERCENTAGE_POINTS) {
      raise(
        'sudden-drop',
        trendBlock(asOf),
        `Attendance fell from ${percent(trend.previous)}% to ${percent(trend.current)}% over the last ${TREND_WEEKS} weeks.`,
        {
          previousPercent: percent(trend.previous),
          currentPercent: percent(trend.current),
          dropPercentagePoints: drop,
          weeks: TREND_WEEKS,
          asOf,
        },
      );
    }
  }

  const raised = new Set(input.raised ?? []);
  return concerns.filter((c) => !raised.has(c.concernId));
}
