/**
 * A simulated school calendar for generated histories: school years start on the first Monday of
 * September and have 39 school weeks, with an October half-term, two weeks at Christmas, a
 * February half-term, two weeks at Easter, a May half-term and the summer holiday. Close enough to
 * an English school year for registers, improvement periods and payment windows to fall as they
 * would; bank holidays are not modelled.
 */
import { addDays, dayOfWeek, daysBetween, IsoDate } from '@app/domain';

/** Weeks (counted from the first Monday of September) that are holidays. */
const HOLIDAY_WEEKS = new Set([8, 16, 17, 23, 30, 31, 37]);
/** Week 46 onwards is the summer holiday. */
const WEEKS_IN_TERM_TIME = 46;

function firstMondayOfSeptember(year: number): IsoDate {
  let date = `${year}-09-01`;
  while (dayOfWeek(date) !== 1) date = addDays(date, 1);
  return date;
}

/** Is the week starting on this Monday a school week? */
export function isSchoolWeek(monday: IsoDate): boolean {
  const year = Number(monday.slice(0, 4));
  const start =
    monday >= firstMondayOfSeptember(year)
      ? firstMondayOfSeptember(year)
      : firstMondayOfSeptember(year - 1);
  const week = Math.floor(daysBetween(start, monday) / 7);
  return week < WEEKS_IN_TERM_TIME && !HOLIDAY_WEEKS.has(week);
}

export class SchoolCalendar {
  /** Mondays of the simulated school weeks, in order. */
  readonly schoolWeeks: IsoDate[] = [];
  readonly startsOn: IsoDate;
  /** The last day simulated: the Sunday after the last school week. */
  readonly endsOn: IsoDate;
  private readonly index = new Map<IsoDate, number>();

  constructor(firstMonday: IsoDate, schoolWeeks: number) {
    if (dayOfWeek(firstMonday) !== 1) throw new Error(`${firstMonday} is not a Monday.`);
    if (!Number.isInteger(schoolWeeks) || schoolWeeks < 1)
      throw new Error('A history needs at least one school week.');
    this.startsOn = firstMonday;
    for (let monday = firstMonday; this.schoolWeeks.length < schoolWeeks;) {
      if (isSchoolWeek(monday)) {
        this.index.set(monday, this.schoolWeeks.length);
        this.schoolWeeks.push(monday);
      }
      monday = addDays(monday, 7);
    }
    this.endsOn = addDays(this.schoolWeeks[this.schoolWeeks.length - 1], 6);
  }

  /** The index of a school week by its Monday, or undefined for a holiday week. */
  weekIndex(monday: IsoDate): number | undefined {
    return this.index.get(monday);
  }

  /** The first school week starting on or after `date` (undefined past the end). */
  schoolWeekFrom(date: IsoDate): number | undefined {
    const i = this.schoolWeeks.findIndex((m) => m >= date);
    return i < 0 ? undefined : i;
  }

  /** School weeks whose Friday is before `date`: the registers already in by then. */
  weeksCompletedBefore(date: IsoDate): number {
    let n = 0;
    while (n < this.schoolWeeks.length && addDays(this.schoolWeeks[n], 4) < date) n += 1;
    return n;
  }
}

/** The date itself if it is a weekday, else the Monday after. */
export function weekdayOnOrAfter(date: IsoDate): IsoDate {
  const day = dayOfWeek(date);
  return day === 6 ? addDays(date, 2) : day === 0 ? addDays(date, 1) : date;
}
