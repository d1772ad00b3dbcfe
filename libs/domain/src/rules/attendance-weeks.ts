/**
 * A pupil's register summed by week, so that attendance figures cost the same however long the
 * register is: a new register changes the weeks it is for, and the figures of the moment read
 * only the weeks they span. Each week keeps what the mark-level rules count, fine-grained enough
 * that any period (a term from Easter Monday, the academic year from 1 August, the 4 weeks to the
 * latest register, the threshold's 6 months) is summed exactly when its bounds fall mid-week.
 * The results equal the mark-level rules (`attendanceStatistics`, `attendanceTrend`,
 * `thresholdAsOf`, `schoolYearTotals`) over the same current marks; a property test checks it.
 */
import { addDays, daysBetween, IsoDate, weekStart } from '../calendar';
import { DEFAULT_SCHOOL_WEEK_BASIS, SchoolWeekBasis } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { AttendanceCode, categoryOf, isAttended, isPossibleSession } from './attendance-codes';
import {
  AttendanceStatistics,
  AttendanceTrend,
  absenceFlags,
  Period,
  SchoolYearTotals,
  STEADY_TREND_MARGIN,
  statisticsOfCounts,
  TREND_WEEKS,
  trendOver,
} from './attendance-statistics';
import type { AttendanceMark, Session } from './marks';
import {
  isSchoolSessionHeld,
  thresholdLookback,
  ThresholdResult,
  ThresholdSession,
  thresholdWindow,
} from './national-threshold';
import { academicYearOf } from './school-year';

/** One day's possible sessions over all its schools (a dual-registered session counts at each). */
export type DayCounts = [possible: number, attended: number, unauthorised: number];

/** One school's sessions in the part of the week in one academic year. */
export type SchoolCounts = [
  possible: number,
  attended: number,
  suspension: number,
  partTime: number,
];

/** An unauthorised half-day: `slot` is 2 × the day (0 = Monday) + 1 for the afternoon. */
export type UnauthorisedSlot = [slot: number, code: AttendanceCode, schoolId: string];

export interface AttendanceWeek {
  /** The week's Monday (`weekStart`). */
  monday: IsoDate;
  /** The latest day (0 = Monday … 6 = Sunday) with a mark of any code. */
  lastDay: number;
  /** The days with a possible session, by day (0 = Monday). Authorised = possible − attended − unauthorised. */
  days: Record<number, DayCounts>;
  /** Bit d: a school the pupil is on the roll of met on day d (any mark but `#` or `Y4`). */
  heldDays: number;
  /** Academic year (`2024/25`) → school → its sessions; a week can straddle 1 August. */
  years: Record<string, Record<string, SchoolCounts>>;
  /**
   * The half-days of absence without authority, once each however many schools marked them,
   * counted only where no school recorded the pupil as attending or authorised absent (the
   * national threshold's reading of dual registration), in register order. The school is the
   * first in register order.
   */
  unauthorised: UnauthorisedSlot[];
}

const EMPTY_TOTALS: SchoolYearTotals = {
  possible: 0,
  attended: 0,
  persistentAbsence: false,
  severeAbsence: false,
  suspensionSessions: 0,
  partTimeSessions: 0,
};

const slotOf = (day: number, session: Session) => day * 2 + (session === 'PM' ? 1 : 0);

/**
 * The week's aggregate from its current marks (one per session per school, as `currentMarks`
 * gives them). All the marks must be of one week, and there must be at least one.
 */
export function attendanceWeek(marks: readonly AttendanceMark[]): AttendanceWeek {
  if (marks.length === 0) throw new InvalidInput('A week of the register needs at least one mark.');
  const monday = weekStart(marks[0].date);
  const week: AttendanceWeek = {
    monday,
    lastDay: 0,
    days: {},
    heldDays: 0,
    years: {},
    unauthorised: [],
  };
  // Per half-day: the school and code of each possible mark's absence without authority, or null
  // once any school recorded the pupil as attending or authorised absent.
  const slots = new Map<number, { schoolId: string; code: AttendanceCode } | null>();
  for (const m of marks) {
    const day = daysBetween(monday, m.date);
    if (day < 0 || day > 6)
      throw new InvalidInput(`${m.date} is not in the week beginning ${monday}.`, {
        date: m.date,
      });
    week.lastDay = Math.max(week.lastDay, day);
    if (isSchoolSessionHeld(m.code)) week.heldDays |= 1 << day;
    const school = ((week.years[academicYearOf(m.date).label] ??= {})[m.schoolId] ??= [0, 0, 0, 0]);
    if (!isPossibleSession(m.code)) continue;
    const counts = (week.days[day] ??= [0, 0, 0]);
    const attended = isAttended(m.code);
    const unauthorised = !attended && categoryOf(m.code) === 'unauthorised';
    counts[0] += 1;
    school[0] += 1;
    if (attended) {
      counts[1] += 1;
      school[1] += 1;
    }
    if (unauthorised) counts[2] += 1;
    if (m.code === 'E') school[2] += 1;
    if (m.code === 'C2') school[3] += 1;
    const slot = slotOf(day, m.session);
    const seen = slots.get(slot);
    if (!unauthorised) slots.set(slot, null);
    else if (seen === undefined || (seen !== null && m.schoolId < seen.schoolId))
      slots.set(slot, { schoolId: m.schoolId, code: m.code });
  }
  for (const [slot, absence] of [...slots].sort(([a], [b]) => a - b))
    if (absence) week.unauthorised.push([slot, absence.code, absence.schoolId]);
  return week;
}

/** A period as the weeks see it: its first and last Mondays and its days in those weeks. */
interface WeekBounds {
  firstMonday: IsoDate;
  lastMonday: IsoDate;
  firstDay: number;
  lastDay: number;
}

function boundsOf(period: Period): WeekBounds {
  const firstMonday = weekStart(period.from);
  const lastMonday = weekStart(period.to);
  return {
    firstMonday,
    lastMonday,
    firstDay: daysBetween(firstMonday, period.from),
    lastDay: daysBetween(lastMonday, period.to),
  };
}

/**
 * The days (0 = Monday) of the week inside the period, or null for a week outside it: only the
 * period's first and last weeks are cut, so no date is worked out for the weeks between.
 */
function daysWithin(week: AttendanceWeek, b?: WeekBounds): { first: number; last: number } | null {
  if (!b) return { first: 0, last: 6 };
  if (week.monday < b.firstMonday || week.monday > b.lastMonday) return null;
  return {
    first: week.monday === b.firstMonday ? b.firstDay : 0,
    last: week.monday === b.lastMonday ? b.lastDay : 6,
  };
}

/** `attendanceStatistics` over the weeks' marks, optionally for a period (inclusive). */
export function weeklyStatistics(
  weeks: readonly AttendanceWeek[],
  period?: Period,
): AttendanceStatistics {
  const bounds = period && boundsOf(period);
  let possible = 0;
  let attended = 0;
  let unauthorisedAbsence = 0;
  for (const week of weeks) {
    const within = daysWithin(week, bounds);
    if (!within) continue;
    for (const day in week.days) {
      const d = Number(day);
      if (d < within.first || d > within.last) continue;
      const counts = week.days[d];
      possible += counts[0];
      attended += counts[1];
      unauthorisedAbsence += counts[2];
    }
  }
  return statisticsOfCounts({
    possible,
    attended,
    authorisedAbsence: possible - attended - unauthorisedAbsence,
    unauthorisedAbsence,
  });
}

/** The latest day with a mark of any code (null when there are no weeks). */
export function latestMarkedDay(weeks: readonly AttendanceWeek[]): IsoDate | null {
  let latest: AttendanceWeek | null = null;
  for (const week of weeks) if (latest === null || week.monday > latest.monday) latest = week;
  return latest === null ? null : addDays(latest.monday, latest.lastDay);
}

/** `attendanceTrend` over the weeks' marks. */
export function weeklyTrend(
  weeks: readonly AttendanceWeek[],
  asOf: IsoDate,
  trendWeeks = TREND_WEEKS,
  margin = STEADY_TREND_MARGIN,
): AttendanceTrend {
  return trendOver((period) => weeklyStatistics(weeks, period).rate, asOf, trendWeeks, margin);
}

/** `trendAsOfLatestRegister` over the weeks' marks. */
export function weeklyTrendAsOfLatestRegister(weeks: readonly AttendanceWeek[]): AttendanceTrend {
  const latest = latestMarkedDay(weeks);
  return latest === null
    ? { current: null, previous: null, direction: 'unknown' }
    : weeklyTrend(weeks, latest);
}

/** `thresholdAsOf` over the weeks' marks: the threshold as it stands on `asOf`. */
export function weeklyThresholdAsOf(
  weeks: readonly AttendanceWeek[],
  asOf: IsoDate,
  schoolWeekBasis: SchoolWeekBasis = DEFAULT_SCHOOL_WEEK_BASIS,
): ThresholdResult {
  const bounds = boundsOf(thresholdLookback(asOf));
  const schoolWeeks: IsoDate[] = [];
  const unauthorised: ThresholdSession[] = [];
  for (const week of [...weeks].sort((a, b) => (a.monday < b.monday ? -1 : 1))) {
    const within = daysWithin(week, bounds);
    if (!within) continue;
    const { first, last } = within;
    let schoolDays = week.heldDays;
    if (schoolWeekBasis === 'pupil-possible-session') {
      schoolDays = 0;
      for (const day in week.days) schoolDays |= 1 << Number(day);
    }
    // The days of the week inside the period, as bits.
    const inPeriod = ((1 << (last + 1)) - 1) & ~((1 << first) - 1);
    if ((schoolDays & inPeriod) !== 0) schoolWeeks.push(week.monday);
    for (const [slot, code, schoolId] of week.unauthorised) {
      const day = slot >> 1;
      if (day < first || day > last) continue;
      unauthorised.push({
        date: addDays(week.monday, day),
        session: slot % 2 === 0 ? 'AM' : 'PM',
        code,
        schoolId,
      });
    }
  }
  return thresholdWindow(schoolWeeks, unauthorised);
}

/** `schoolYearTotals` over the weeks' marks of the academic year `label` (e.g. `2024/25`). */
export function weeklySchoolYearTotals(
  weeks: readonly AttendanceWeek[],
  label: string,
): Record<string, SchoolYearTotals> {
  const sums = new Map<string, SchoolCounts>();
  for (const week of weeks)
    for (const [schoolId, counts] of Object.entries(week.years[label] ?? {})) {
      const sum = sums.get(schoolId);
      if (sum) for (let i = 0; i < 4; i += 1) sum[i] += counts[i];
      else sums.set(schoolId, [...counts]);
    }
  const totals: Record<string, SchoolYearTotals> = {};
  for (const [schoolId, [possible, attended, suspension, partTime]] of [...sums].sort(([a], [b]) =>
    a < b ? -1 : 1,
  ))
    totals[schoolId] = {
      possible,
      attended,
      ...absenceFlags(possible, attended),
      suspensionSessions: suspension,
      partTimeSessions: partTime,
    };
  return totals;
}

/**
 * Each academic year's per-school totals (as `weeklySchoolYearTotals` gives them) after one week
 * changed from `before` (null for a week not counted yet) to `after`: the week's old counts are
 * taken out and its new ones put in, so a register costs the same however long the year.
 */
export function updateSchoolYearTotals(
  totals: Readonly<Record<string, Record<string, SchoolYearTotals>>>,
  before: AttendanceWeek | null,
  after: AttendanceWeek,
): Record<string, Record<string, SchoolYearTotals>> {
  const updated = { ...totals };
  const change = (week: AttendanceWeek, sign: 1 | -1) => {
    for (const [label, schools] of Object.entries(week.years)) {
      const year = (updated[label] = { ...updated[label] });
      for (const [schoolId, [possible, attended, suspension, partTime]] of Object.entries(
        schools,
      )) {
        const was = year[schoolId] ?? EMPTY_TOTALS;
        const sums = {
          possible: was.possible + sign * possible,
          attended: was.attended + sign * attended,
          suspensionSessions: was.suspensionSessions + sign * suspension,
          partTimeSessions: was.partTimeSessions + sign * partTime,
        };
        year[schoolId] = { ...sums, ...absenceFlags(sums.possible, sums.attended) };
      }
    }
  };
  if (before) change(before, -1);
  change(after, 1);
  return updated;
}
