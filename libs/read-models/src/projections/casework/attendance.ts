/**
 * The attendance part of a pupil's casework state: the register, kept by week, and the figures
 * worked out from it. Every casework view that shows attendance folds it through `recordMarks`
 * (each register) and `settleFigures` (once per batch), so how the register is kept (and how
 * cheaply the figures follow a new register) is decided here alone.
 *
 * Each week's register (its current marks and totals) is a document of its own, read only when a
 * register for that week arrives: a new register re-counts only the weeks it is for (the domain's
 * `attendanceWeek`) and moves each academic year's totals by those weeks' change
 * (`updateSchoolYearTotals`). The pupil's document keeps only the totals of the weeks the figures
 * of the moment read (the academic year, the trend's weeks, the threshold's 6 months: from
 * `figuresFrom` of the latest register), so neither its size nor the cost of a register grows
 * with the pupil's history. The figures equal `markFigures`, the same figures by the mark-level
 * rules over the whole register (attendance.property.spec.ts).
 */
import {
  academicYearOf,
  addDays,
  addWeeks,
  AttendanceMark,
  attendanceStatistics,
  AttendanceStatistics,
  attendanceTrend,
  currentMarks,
  daysBetween,
  IsoDate,
  memoByString,
  minDate,
  Period,
  SchoolWeekBasis,
  schoolYearTotals,
  termOf,
  thresholdAsOf,
  thresholdLookback,
  ThresholdResult,
  TREND_WEEKS,
  TrendDirection,
  weekStart,
  updateSchoolYearTotals,
  weeklyStatistics,
  weeklyThresholdAsOf,
  weeklyTrend,
  AttendanceWeek,
} from '@app/domain';
import type { JourneyDoc, MarkFigures, PeriodFigures, WeekRegister } from './documents';
import { countWeek, emptyWeek, recordMark } from './register';
import { EMPTY_FIGURES } from './rows';

export type AttendanceState = Pick<JourneyDoc, 'weeks' | 'figures' | 'pendingFigures'>;

/** The Mondays of the weeks `marks` are for, each once: the week registers `recordMarks` needs. */
export const weeksOf = (marks: readonly AttendanceMark[]): IsoDate[] => [
  ...new Set(marks.map((m) => weekStart(m.date))),
];

/**
 * The first day any figure as of `asOf` reads (the academic year's, the trend's, the threshold
 * lookback's): it only moves on with `asOf`, so a week before it is never read again.
 */
export const figuresFrom = memoByString((asOf) =>
  [
    academicYearOf(asOf).from,
    addWeeks(asOf, -2 * TREND_WEEKS),
    thresholdLookback(asOf).from,
  ].reduce(minDate),
);

/** The latest day with a mark recorded (worked out or pending), null before the first. */
export const latestMark = (state: AttendanceState): IsoDate | null =>
  state.pendingFigures?.asOf ?? state.figures.asOf;

/**
 * The Mondays of the weeks `marks` are for whose register `recordMarks` needs from the store: all
 * but those after the latest mark recorded (none has a register yet).
 */
export function storedWeeksFor(
  state: AttendanceState,
  marks: readonly AttendanceMark[],
): IsoDate[] {
  const latest = latestMark(state);
  if (latest === null) return [];
  const lastMonday = weekStart(latest);
  return weeksOf(marks).filter((monday) => monday <= lastMonday);
}

/**
 * Brings the register of `state` (the caller's own copy) up to date with `marks` in place and
 * returns the week registers changed, for the caller to store (`viewWeeks`). `registers` holds
 * the stored register of each week they are for (those of `storedWeeksFor`; none yet:
 * undefined), changed in place. Each changed week is re-counted and each academic year's totals
 * moved by its change; the state keeps the totals of the weeks from `figuresFrom` the latest mark
 * on, and drops older ones. Notes in `pendingFigures` the date the figures of the moment must be
 * worked out as of (`settleFigures`): a view that derives its rows once per batch works them out
 * once for all the registers of the batch.
 */
export function recordMarks(
  state: AttendanceState,
  registers: Map<IsoDate, WeekRegister | undefined>,
  marks: readonly AttendanceMark[],
): WeekRegister[] {
  if (marks.length === 0) return [];
  const changed = new Map<IsoDate, { week: WeekRegister; counted: AttendanceWeek | null }>();
  // Marks are never taken away (a correction replaces one), so the latest only moves on.
  let asOf = latestMark(state) ?? marks[0].date;
  for (const m of marks) {
    const monday = weekStart(m.date);
    let seen = changed.get(monday);
    if (!seen) {
      const week = registers.get(monday) ?? emptyWeek(monday);
      // The totals as counted so far: kept by the state while the figures read them.
      const counted = state.weeks[monday] ?? countWeek(week);
      changed.set(monday, (seen = { week, counted }));
    }
    recordMark(seen.week, m, daysBetween(monday, m.date));
    if (m.date > asOf) asOf = m.date;
  }
  const firstRead = weekStart(figuresFrom(asOf));
  let years = state.figures.years;
  for (const [monday, { week, counted }] of changed) {
    const totals = countWeek(week) as AttendanceWeek;
    years = updateSchoolYearTotals(years, counted, totals);
    if (monday >= firstRead) state.weeks[monday] = totals;
  }
  for (const monday of Object.keys(state.weeks)) if (monday < firstRead) delete state.weeks[monday];
  state.figures = { ...state.figures, years };
  state.pendingFigures = { asOf };
  return [...changed.values()].map(({ week }) => week);
}

/**
 * Works out the figures the registers recorded since they were last worked out call for, on the
 * code of conduct's school-week basis of the day (in place; nothing to do when none is pending).
 */
export function settleFigures(
  state: AttendanceState,
  schoolWeekBasis: SchoolWeekBasis | undefined,
): void {
  const pending = state.pendingFigures;
  if (!pending) return;
  state.figures = weeklyFigures(state.weeks, pending.asOf, schoolWeekBasis, state.figures.years);
  delete state.pendingFigures;
}

/** The Monday after a Monday: every register steps through the same few hundred. */
const nextMonday = memoByString((monday) => addDays(monday, 7));

/** The totals of the weeks from the week of `from` to the week of `to`. */
function weeksBetween(
  weeks: Record<IsoDate, AttendanceWeek>,
  from: IsoDate,
  to: IsoDate,
): AttendanceWeek[] {
  const between: AttendanceWeek[] = [];
  for (let monday = weekStart(from); monday <= to; monday = nextMonday(monday)) {
    const week = weeks[monday];
    if (week) between.push(week);
  }
  return between;
}

/** The figures as of `asOf` from the weeks they span, with the academic years' totals. */
function weeklyFigures(
  kept: Record<IsoDate, AttendanceWeek>,
  asOf: IsoDate,
  schoolWeekBasis: SchoolWeekBasis | undefined,
  years: MarkFigures['years'],
): MarkFigures {
  const weeks = weeksBetween(kept, figuresFrom(asOf), asOf);
  return figuresAsOf(
    asOf,
    {
      statistics: (period) => weeklyStatistics(weeks, period),
      trend: weeklyTrend(weeks, asOf).direction,
      threshold: weeklyThresholdAsOf(weeks, asOf, schoolWeekBasis),
    },
    years,
  );
}

/**
 * The figures by the mark-level rules over a pupil's whole history of marks (corrections
 * included): what the weekly figures must equal.
 */
export function markFigures(
  marks: readonly AttendanceMark[],
  schoolWeekBasis: SchoolWeekBasis | undefined,
): MarkFigures {
  const register = currentMarks(marks);
  if (register.length === 0) return EMPTY_FIGURES;
  const asOf = register[register.length - 1].date;
  const byYear = new Map<string, AttendanceMark[]>();
  for (const m of register) {
    const label = academicYearOf(m.date).label;
    byYear.set(label, [...(byYear.get(label) ?? []), m]);
  }
  const years: MarkFigures['years'] = {};
  for (const [label, list] of byYear) years[label] = schoolYearTotals(list);
  return figuresAsOf(
    asOf,
    {
      statistics: (period) => attendanceStatistics(register, period),
      trend: attendanceTrend(register, asOf).direction,
      threshold: thresholdAsOf(register, asOf, schoolWeekBasis),
    },
    years,
  );
}

/** The figures of the moment from the rules' answers as of the latest register. */
function figuresAsOf(
  asOf: IsoDate,
  rules: {
    statistics: (period: Period) => AttendanceStatistics;
    trend: TrendDirection;
    threshold: ThresholdResult;
  },
  years: MarkFigures['years'],
): MarkFigures {
  const over = (p: Period & { label: string }) => {
    const s = rules.statistics({ from: p.from, to: p.to });
    const figures: PeriodFigures = {
      label: p.label,
      from: p.from,
      to: p.to,
      possible: s.possible,
      attended: s.attended,
      unauthorisedAbsence: s.unauthorisedAbsence,
      rate: s.rate,
    };
    return { figures, statistics: s };
  };
  const year = over(academicYearOf(asOf));
  const { threshold } = rules;
  return {
    asOf,
    term: over(termOf(asOf)).figures,
    year: {
      ...year.figures,
      persistentAbsence: year.statistics.persistentAbsence,
      severeAbsence: year.statistics.severeAbsence,
    },
    lastFourWeeksRate: rules.statistics({ from: addDays(asOf, -27), to: asOf }).rate,
    trend: rules.trend,
    threshold: {
      met: threshold.met,
      count: threshold.count,
      firstSchoolWeek: threshold.firstSchoolWeek,
      lastSchoolWeek: threshold.lastSchoolWeek,
      sessions: threshold.sessions.map((s) => ({
        date: s.date,
        session: s.session,
        code: s.code,
      })),
    },
    years,
  };
}
