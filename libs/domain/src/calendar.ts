/**
 * Calendar dates for the domain. A date is an ISO calendar date string `YYYY-MM-DD` with no time
 * zone: registers, notices and court dates are all days, not instants. Arithmetic is done in UTC
 * so that daylight saving never moves a day. Pure: no clock is read here.
 */
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays-england-wales';
import { InvalidInput } from './errors';

export type IsoDate = string;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a calendar date, or why it is not one. Memoised: a register asks the
 * same few dates for every pupil (every mark is checked, every batch measured in days), and
 * parsing was a large share of a register import's CPU.
 */
const dayNumber = memoByString((date): number | 'not-iso' | 'not-a-day' => {
  const m = ISO_DATE.exec(date);
  if (!m) return 'not-iso';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (
    d.getUTCFullYear() !== Number(m[1]) ||
    d.getUTCMonth() !== Number(m[2]) - 1 ||
    d.getUTCDate() !== Number(m[3])
  )
    return 'not-a-day';
  return d.getTime() / DAY_MS;
});

/** Days since 1970-01-01; throws InvalidInput for anything but a real `YYYY-MM-DD` date. */
function dayOf(date: IsoDate): number {
  const day = dayNumber(date);
  if (day === 'not-iso')
    throw new InvalidInput(`"${date}" is not a date in the form YYYY-MM-DD.`, { date });
  if (day === 'not-a-day')
    throw new InvalidInput(`"${date}" is not a real calendar date.`, { date });
  return day;
}

export function parseDate(date: IsoDate): Date {
  return new Date(dayOf(date) * DAY_MS);
}

export function isValidDate(date: string): boolean {
  return typeof dayNumber(date) === 'number';
}

export const formatDate = (d: Date): IsoDate => d.toISOString().slice(0, 10);

/** The calendar date of an instant, in UTC (the store records instants in UTC). */
export const dateOf = (instant: Date | string): IsoDate =>
  formatDate(typeof instant === 'string' ? new Date(instant) : instant);

/**
 * The calendar date of a day number (days since 1970-01-01). Memoised like `dayNumber`, and for
 * the same reason: the figures of every register step through the same few hundred days.
 */
const datesOfDays = new Map<number, IsoDate>();
function dateOfDay(day: number): IsoDate {
  let date = datesOfDays.get(day);
  if (date === undefined) {
    date = formatDate(new Date(day * DAY_MS));
    if (datesOfDays.size >= 20_000) datesOfDays.clear();
    datesOfDays.set(day, date);
  }
  return date;
}

export const addDays = (date: IsoDate, days: number): IsoDate => dateOfDay(dayOf(date) + days);

export const addWeeks = (date: IsoDate, weeks: number): IsoDate => addDays(date, weeks * 7);

/**
 * The last day of "the period of `days` days beginning with" `first`. In English legislation a
 * period "beginning with" a day includes that day (Zoan v Rouamba [2000] 1 WLR 1509), so `first` is
 * day 1 and the period of 21 days beginning with 2 March ends on 22 March. (A period "from" or
 * "after" a day would leave the day out and end one day later.)
 */
export const lastDayOfPeriodBeginningWith = (first: IsoDate, days: number): IsoDate =>
  addDays(first, days - 1);

/**
 * Adds calendar months; where the target month is shorter the result is clamped to its last day
 * (31 Aug + 6 months = 28/29 Feb), the reading courts give to "6 months" (Interpretation Act 1978).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = parseDate(date);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return formatDate(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

export const addYears = (date: IsoDate, years: number): IsoDate => addMonths(date, years * 12);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayOf(to) - dayOf(from);

/** 0 = Sunday … 6 = Saturday (1 January 1970 was a Thursday). */
export const dayOfWeek = (date: IsoDate): number => (((dayOf(date) + 4) % 7) + 7) % 7;

/**
 * A bounded memo for a pure function of a date string: registers ask the same few hundred dates
 * over and over (every session of a year, for every new week of marks), and parsing a date is the
 * bulk of that cost. Emptied when full, so memory stays bounded whatever the input.
 */
export function memoByString<T>(f: (key: string) => T, capacity = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = f(key);
    if (cache.size >= capacity) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/** The Monday of the week containing `date`: the key of a school week. */
export const weekStart: (date: IsoDate) => IsoDate = memoByString((date) =>
  addDays(date, -((dayOfWeek(date) + 6) % 7)),
);

export const isWeekend = (date: IsoDate): boolean => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;

const bankHolidaysOf = memoByString(
  (year) => new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS[Number(year)].split(' ')),
  200,
);
const yearsKnown = Object.keys(ENGLAND_AND_WALES_BANK_HOLIDAYS).map(Number);
/** The first and last years whose England and Wales bank holidays the system knows. */
export const BANK_HOLIDAYS_KNOWN = {
  from: Math.min(...yearsKnown),
  to: Math.max(...yearsKnown),
} as const;

/**
 * Whether `date` is a bank holiday in England and Wales (substitute days included), from the
 * generated list in `bank-holidays-england-wales.ts`. Refuses a year outside that list rather than
 * silently counting its bank holidays as working days.
 */
export function isEnglandAndWalesBankHoliday(date: IsoDate): boolean {
  const year = date.slice(0, 4);
  if (!(Number(year) in ENGLAND_AND_WALES_BANK_HOLIDAYS))
    throw new InvalidInput(
      `Working days can be counted only from ${BANK_HOLIDAYS_KNOWN.from} to ${BANK_HOLIDAYS_KNOWN.to}, the years whose bank holidays are known; ${date} is outside them.`,
      { date },
    );
  return bankHolidaysOf(year).has(date.slice(5));
}

/**
 * A working day: Monday to Friday, not a bank holiday in England and Wales (always applied), and not
 * one of the `localClosures` an LA's code of conduct adds.
 */
export const isWorkingDay = (date: IsoDate, localClosures: ReadonlySet<IsoDate>): boolean =>
  !isEnglandAndWalesBankHoliday(date) && !isWeekend(date) && !localClosures.has(date);

/** Adds working days (`isWorkingDay`): 2 working days after Friday 22 August 2025 is Wednesday 27th. */
export function addWorkingDays(
  date: IsoDate,
  days: number,
  localClosures: readonly IsoDate[] = [],
): IsoDate {
  const closures = new Set(localClosures);
  let d = date;
  let left = days;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, closures)) left -= 1;
  }
  return d;
}

export const compareDates = (a: IsoDate, b: IsoDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2025-03-07 → 7 March 2025, the GOV.UK style for dates (pages and letters). */
export function ukDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
