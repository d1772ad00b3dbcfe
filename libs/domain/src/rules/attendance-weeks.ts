/**
 * A pupil's register by week, so that attendance figures cost the same however long the register
 * is: a new register changes the weeks it is for, and the figures of the moment read only the
 * weeks they span. Each week is, per school, one string of its 14 sessions' current codes (a
 * character each): all the mark-level rules count, read a character at a time, so any period (a
 * term from Easter Monday, the academic year from 1 August, the 4 weeks to the latest register,
 * the threshold's 6 months) is summed exactly when its bounds fall mid-week.
 * The results equal the mark-level rules (`attendanceStatistics`, `attendanceTrend`,
 * `thresholdAsOf`, `schoolYearTotals`) over the same current marks; a property test checks it.
 */
import { addDays, daysBetween, IsoDate, memoByString, weekStart } from '../calendar';
import { DEFAULT_SCHOOL_WEEK_BASIS, SchoolWeekBasis } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import {
  ATTENDANCE_CODES,
  AttendanceCode,
  codeChar,
  codeOfChar,
  isAttended,
  isPossibleSession,
  isUnauthorised,
} from './attendance-codes';
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

/** One school's sessions in the part of the week in one academic year. */
export type SchoolCounts = [
  possible: number,
  attended: number,
  suspension: number,
  partTime: number,
];

/** A week's sessions: Monday morning, Monday afternoon, … Sunday afternoon. */
export const SESSIONS_IN_WEEK = 14;
/** A session with no mark (yet) in a week's string of sessions. */
export const NO_MARK = '-';
const NO_MARKS = NO_MARK.repeat(SESSIONS_IN_WEEK);

/**
 * A week of the register as the weekly rules read it: for each school, the current code of each of
 * its 14 sessions as one character (`codeChar`, or NO_MARK), Monday morning first, so a school's
 * week is one short string and everything the figures count follows from it.
 */
export interface AttendanceWeek {
  /** The week's Monday (`weekStart`). */
  monday: IsoDate;
  /** School id → the week's sessions (`withSessionCode`). */
  schools: Readonly<Record<string, string>>;
}

/** A session's place in a week's string of sessions: 2 × the day (0 = Monday), + 1 for the afternoon. */
export const sessionSlot = (day: number, session: Session): number =>
  day * 2 + (session === 'PM' ? 1 : 0);

/** A school's week of sessions (a new one when `sessions` is undefined) with one session coded `code`. */
export function withSessionCode(
  sessions: string | undefined,
  slot: number,
  code: AttendanceCode,
): string {
  const week = sessions ?? NO_MARKS;
  return week.slice(0, slot) + codeChar(code) + week.slice(slot + 1);
}

/** The code of a session of a school's week (undefined: no mark). */
export const sessionCode = (sessions: string, slot: number): AttendanceCode | undefined =>
  codeOfChar(sessions.charAt(slot));

// What each code's character counts as, looked up by its character code: the weekly rules read a
// week's sessions a character at a time, with no mark objects and no date arithmetic.
const MARKED = 1;
const POSSIBLE = 2;
const ATTENDED = 4;
const UNAUTHORISED = 8;
const HELD = 16;
const SUSPENSION = 32;
const PART_TIME = 64;
const FLAGS = new Uint8Array(128);
for (const code of ATTENDANCE_CODES) {
  let flags = MARKED;
  if (isPossibleSession(code)) flags |= POSSIBLE;
  if (isAttended(code)) flags |= ATTENDED;
  if (isUnauthorised(code)) flags |= UNAUTHORISED;
  if (isSchoolSessionHeld(code)) flags |= HELD;
  if (code === 'E') flags |= SUSPENSION;
  if (code === 'C2') flags |= PART_TIME;
  FLAGS[codeChar(code).charCodeAt(0)] = flags;
}
/** What session `slot` of a school's week counts as (0 for no mark). */
const flagsAt = (sessions: string, slot: number): number => FLAGS[sessions.charCodeAt(slot)] | 0;

/** The academic year of each day of the week from a Monday (two in the week of 1 August). */
const yearsOfDays = memoByString((monday) =>
  Array.from({ length: 7 }, (_, day) => academicYearOf(addDays(monday, day)).label),
);

const EMPTY_TOTALS: SchoolYearTotals = {
  possible: 0,
  attended: 0,
  persistentAbsence: false,
  severeAbsence: false,
  suspensionSessions: 0,
  partTimeSessions: 0,
};

/**
 * The week from its current marks (one per session per school, as `currentMarks` gives them). All
 * the marks must be of one week, and there must be at least one.
 */
export function attendanceWeek(marks: readonly AttendanceMark[]): AttendanceWeek {
  if (marks.length === 0) throw new InvalidInput('A week of the register needs at least one mark.');
  const monday = weekStart(marks[0].date);
  const schools: Record<string, string> = {};
  for (const m of marks) {
    const day = daysBetween(monday, m.date);
    if (day < 0 || day > 6)
      throw new InvalidInput(`${m.date} is not in the week beginning ${monday}.`, {
        date: m.date,
      });
    schools[m.schoolId] = withSessionCode(schools[m.schoolId], sessionSlot(day, m.session), m.code);
  }
  return { monday, schools };
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
 * The sessions of the week inside the period, as a range of slots (the first and, 8 bits up, the
 * last), or -1 for a week outside it: only the period's first and last weeks are cut, so no date
 * is worked out for the weeks between.
 */
function slotsWithin(week: AttendanceWeek, b?: WeekBounds): number {
  if (!b) return (SESSIONS_IN_WEEK - 1) << 8;
  if (week.monday < b.firstMonday || week.monday > b.lastMonday) return -1;
  const first = week.monday === b.firstMonday ? b.firstDay * 2 : 0;
  const last = week.monday === b.lastMonday ? b.lastDay * 2 + 1 : SESSIONS_IN_WEEK - 1;
  return first | (last << 8);
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
    const within = slotsWithin(week, bounds);
    if (within < 0) continue;
    const last = within >> 8;
    for (const schoolId in week.schools) {
      const sessions = week.schools[schoolId];
      for (let slot = within & 255; slot <= last; slot += 1) {
        const flags = flagsAt(sessions, slot);
        if ((flags & POSSIBLE) === 0) continue;
        possible += 1;
        if (flags & ATTENDED) attended += 1;
        else if (flags & UNAUTHORISED) unauthorisedAbsence += 1;
      }
    }
  }
  return statisticsOfCounts({
    possible,
    attended,
    authorisedAbsence: possible - attended - unauthorisedAbsence,
    unauthorisedAbsence,
  });
}

/** The latest day (0 = Monday) of the week with a mark of any code (0 when it has none). */
function lastMarkedDay(week: AttendanceWeek): number {
  let last = 0;
  for (const schoolId in week.schools)
    for (let slot = SESSIONS_IN_WEEK - 1; slot >= last * 2; slot -= 1)
      if (flagsAt(week.schools[schoolId], slot) & MARKED) {
        last = slot >> 1;
        break;
      }
  return last;
}

/** The latest day with a mark of any code (null when there are no weeks). */
export function latestMarkedDay(weeks: readonly AttendanceWeek[]): IsoDate | null {
  let latest: AttendanceWeek | null = null;
  for (const week of weeks) if (latest === null || week.monday > latest.monday) latest = week;
  return latest === null ? null : addDays(latest.monday, lastMarkedDay(latest));
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

/** The weeks by Monday, earliest first (as given when they already are). */
function inWeekOrder(weeks: readonly AttendanceWeek[]): readonly AttendanceWeek[] {
  for (let i = 1; i < weeks.length; i += 1)
    if (weeks[i - 1].monday > weeks[i].monday)
      return [...weeks].sort((a, b) => (a.monday < b.monday ? -1 : 1));
  return weeks;
}

/**
 * `thresholdAsOf` over the weeks' marks: the threshold as it stands on `asOf`. A half-day of
 * absence without authority counts once however many schools marked it, and only where no school
 * recorded the pupil as attending or authorised absent (the national threshold's reading of dual
 * registration), with the first school in register order.
 */
export function weeklyThresholdAsOf(
  weeks: readonly AttendanceWeek[],
  asOf: IsoDate,
  schoolWeekBasis: SchoolWeekBasis = DEFAULT_SCHOOL_WEEK_BASIS,
): ThresholdResult {
  const bounds = boundsOf(thresholdLookback(asOf));
  const makesSchoolWeek = schoolWeekBasis === 'pupil-possible-session' ? POSSIBLE : HELD;
  const schoolWeeks: IsoDate[] = [];
  const unauthorised: ThresholdSession[] = [];
  for (const week of inWeekOrder(weeks)) {
    const within = slotsWithin(week, bounds);
    if (within < 0) continue;
    let schoolWeek = false;
    for (let slot = within & 255; slot <= within >> 8; slot += 1) {
      // The first school in register order (by id) that marked the session absent without
      // authority, unless a school recorded the pupil as attending or authorised absent.
      let absentAt: string | undefined;
      let accounted = false;
      for (const schoolId in week.schools) {
        const flags = flagsAt(week.schools[schoolId], slot);
        if (flags & makesSchoolWeek) schoolWeek = true;
        if ((flags & POSSIBLE) === 0) continue;
        if ((flags & UNAUTHORISED) === 0) accounted = true;
        else if (absentAt === undefined || schoolId < absentAt) absentAt = schoolId;
      }
      if (accounted || absentAt === undefined) continue;
      unauthorised.push({
        date: addDays(week.monday, slot >> 1),
        session: slot % 2 === 0 ? 'AM' : 'PM',
        code: sessionCode(week.schools[absentAt], slot) as AttendanceCode,
        schoolId: absentAt,
      });
    }
    if (schoolWeek) schoolWeeks.push(week.monday);
  }
  return thresholdWindow(schoolWeeks, unauthorised);
}

/** Each academic year's sessions of the week, by school: a school with any mark in a year has counts there. */
function yearCounts(week: AttendanceWeek): Map<string, Map<string, SchoolCounts>> {
  const years = yearsOfDays(week.monday);
  const counts = new Map<string, Map<string, SchoolCounts>>();
  for (const schoolId in week.schools) {
    const sessions = week.schools[schoolId];
    for (let slot = 0; slot < SESSIONS_IN_WEEK; slot += 1) {
      const flags = flagsAt(sessions, slot);
      if ((flags & MARKED) === 0) continue;
      const label = years[slot >> 1];
      let year = counts.get(label);
      if (!year) counts.set(label, (year = new Map()));
      let school = year.get(schoolId);
      if (!school) year.set(schoolId, (school = [0, 0, 0, 0]));
      if ((flags & POSSIBLE) === 0) continue;
      school[0] += 1;
      if (flags & ATTENDED) school[1] += 1;
      if (flags & SUSPENSION) school[2] += 1;
      if (flags & PART_TIME) school[3] += 1;
    }
  }
  return counts;
}

/** `schoolYearTotals` over the weeks' marks of the academic year `label` (e.g. `2024/25`). */
export function weeklySchoolYearTotals(
  weeks: readonly AttendanceWeek[],
  label: string,
): Record<string, SchoolYearTotals> {
  let totals: Record<string, Record<string, SchoolYearTotals>> = {};
  for (const week of weeks) totals = updateSchoolYearTotals(totals, null, week);
  const year = totals[label] ?? {};
  return Object.fromEntries(
    Object.keys(year)
      .sort()
      .map((id) => [id, year[id]]),
  );
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
  const change = yearCounts(after);
  if (before)
    for (const [label, schools] of yearCounts(before))
      for (const [schoolId, counts] of schools) {
        const into = change.get(label)?.get(schoolId) as SchoolCounts; // marks are never removed
        for (let i = 0; i < 4; i += 1) into[i] -= counts[i];
      }
  const updated = { ...totals };
  for (const [label, schools] of change) {
    let year = updated[label];
    for (const [schoolId, [possible, attended, suspension, partTime]] of schools) {
      const was = year?.[schoolId];
      if (was && possible === 0 && attended === 0 && suspension === 0 && partTime === 0) continue;
      if (year === totals[label]) updated[label] = year = { ...year };
      const base = was ?? EMPTY_TOTALS;
      const sessions = base.possible + possible;
      const present = base.attended + attended;
      const flags = absenceFlags(sessions, present);
      year[schoolId] = {
        possible: sessions,
        attended: present,
        persistentAbsence: flags.persistentAbsence,
        severeAbsence: flags.severeAbsence,
        suspensionSessions: base.suspensionSessions + suspension,
        partTimeSessions: base.partTimeSessions + partTime,
      };
    }
  }
  return updated;
}
