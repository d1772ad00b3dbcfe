/**
 * The attendance part of a pupil's casework state: the register, kept by week, and the figures
 * worked out from it. Every casework view that shows attendance folds it through `recordMarks`
 * (each register) and `settleFigures` (once per batch), so how the register is kept (and how
 * cheaply the figures follow a new register) is decided here alone.
 *
 * A new register changes only the weeks it is for (each school's week one string of codes, the
 * domain's `AttendanceWeek`), moves each academic year's totals by those weeks' change
 * (`updateSchoolYearTotals`), and the figures of the moment read only the weeks they span (a year,
 * 8 weeks of trend, the threshold's 6 months, a character a session),
 * so its cost does not grow with the pupil's history. The figures equal `markFigures`,
 * the same figures by the mark-level rules over the whole register (attendance.property.spec.ts).
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
  markReceivedAt,
  memoByString,
  minDate,
  Period,
  SchoolWeekBasis,
  sessionSlot,
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
import { dropSupersededReceipts, emptyWeek, recordMark } from './register';
import { EMPTY_FIGURES } from './rows';

export type AttendanceState = Pick<JourneyDoc, 'marks' | 'figures' | 'pendingFigures'>;

/**
 * Brings the register of `state` (the caller's own copy) up to date with `marks` in place,
 * re-counting only the weeks they are for, and each academic year's totals by those weeks'
 * change; notes in `pendingFigures` the date the figures of the moment must be worked out as of
 * (`settleFigures`): a view that derives its rows once per batch works them out once for all the
 * registers of the batch.
 */
export function recordMarks(state: AttendanceState, marks: readonly AttendanceMark[]): void {
  if (marks.length === 0) return;
  const register = state.marks;
  // The weeks the register changes, each with its schools' sessions as they were (null: new).
  const changed = new Map<IsoDate, Record<string, string> | null>();
  // Marks are never taken away (a correction replaces one), so the latest only moves on.
  let asOf = state.pendingFigures?.asOf ?? state.figures.asOf ?? marks[0].date;
  // A register's marks come a day (two sessions) at a time, all received at one instant: the
  // week, the day's sessions and the instant are worked out once each.
  let date = '';
  let monday = '';
  let am = 0;
  let pm = 0;
  let receivedAt = '';
  let at = 0;
  let week: WeekRegister | undefined;
  for (const m of marks) {
    if (m.receivedAt !== receivedAt) {
      receivedAt = m.receivedAt;
      at = markReceivedAt(m);
    }
    if (m.date !== date) {
      date = m.date;
      if (date > asOf) asOf = date;
      monday = weekStart(date);
      const day = daysBetween(monday, date);
      am = sessionSlot(day, 'AM');
      pm = sessionSlot(day, 'PM');
      week = register[monday];
      if (!week) {
        week = register[monday] = emptyWeek();
        changed.set(monday, null);
      } else if (!changed.has(monday)) changed.set(monday, { ...week.schools });
    }
    recordMark(week as WeekRegister, m, m.session === 'AM' ? am : pm, at);
  }
  let years = state.figures.years;
  for (const [monday, before] of changed) {
    const { schools } = register[monday];
    dropSupersededReceipts(register[monday]);
    years = updateSchoolYearTotals(years, before && { monday, schools: before }, {
      monday,
      schools,
    });
  }
  state.figures = { ...state.figures, years };
  state.pendingFigures = { asOf };
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
  state.figures = weeklyFigures(state.marks, pending.asOf, schoolWeekBasis, state.figures.years);
  delete state.pendingFigures;
}

/** The Monday after a Monday: every register steps through the same few hundred. */
const nextMonday = memoByString((monday) => addDays(monday, 7));

/** The totals of the register's weeks from the week of `from` to the week of `to`. */
function weeksBetween(
  register: Record<IsoDate, WeekRegister>,
  from: IsoDate,
  to: IsoDate,
): AttendanceWeek[] {
  const weeks: AttendanceWeek[] = [];
  for (let monday = weekStart(from); monday <= to; monday = nextMonday(monday)) {
    const week = register[monday];
    if (week) weeks.push({ monday, schools: week.schools });
  }
  return weeks;
}

/** The figures as of `asOf` from the weeks they span, with the academic years' totals. */
function weeklyFigures(
  register: Record<IsoDate, WeekRegister>,
  asOf: IsoDate,
  schoolWeekBasis: SchoolWeekBasis | undefined,
  years: MarkFigures['years'],
): MarkFigures {
  const from = [
    academicYearOf(asOf).from,
    addWeeks(asOf, -2 * TREND_WEEKS),
    thresholdLookback(asOf).from,
  ].reduce(minDate);
  const weeks = weeksBetween(register, from, asOf);
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
