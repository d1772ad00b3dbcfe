/**
 * Compulsory school age (Education Act 1996 s8). It starts on the first prescribed day (31 March,
 * 31 August, 31 December) on or after the child's 5th birthday (s8(2); Education (Start of
 * Compulsory School Age) Order 1998, SI 1998/1607), and ends at the end of the school leaving date
 * (the last Friday in June; Education (School Leaving Date) Order 1997, SI 1997/1970) of the
 * school year in which the child turns 16 (s8(3)). Formalising and enforcement apply only within it.
 *
 * Judgement: s8(3)(a) speaks of a 16th birthday "before the beginning of the school year next
 * following", and s579 ties the school year to the first term after July. We take the school year
 * to begin on 1 September, as the DfE's own guidance does, so a child born on 31 August turns 16 in
 * the old school year and one born on 1 September in the new one, whatever a school's term dates.
 */
import { addDays, dayOfWeek, IsoDate, parseDate } from '../calendar';

/** The prescribed days (month, day) on which compulsory school age starts (SI 1998/1607 art 2). */
export const PRESCRIBED_DAYS: readonly [number, number][] = [
  [3, 31],
  [8, 31],
  [12, 31],
];
/** Compulsory school age starts on the prescribed day on or after the 5th birthday (EA 1996 s8(2)). */
export const STARTING_AGE = 5;
/** It ends on the school leaving date of the school year in which the child turns 16 (EA 1996 s8(3)). */
export const LEAVING_AGE = 16;
/** The school leaving date is the last Friday in June (SI 1997/1970 art 2): month and weekday. */
export const LEAVING_MONTH = 6;
const FRIDAY = 5;
/** We take the school year to start in September (DfE; see the judgement above). */
export const SCHOOL_YEAR_FIRST_MONTH = 9;

const pad = (n: number) => String(n).padStart(2, '0');
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The date on which a child reaches an age (Family Law Reform Act 1969 s9: at the start of the
 * anniversary). A child born on 29 February has no anniversary in other years; we take 1 March,
 * the usual reading in England (it changes nothing here: both days give the same start and end).
 */
export function birthdayAtAge(dateOfBirth: IsoDate, age: number): IsoDate {
  const dob = parseDate(dateOfBirth);
  const year = dob.getUTCFullYear() + age;
  const [month, day] = [dob.getUTCMonth() + 1, dob.getUTCDate()];
  if (month === 2 && day === 29 && !isLeapYear(year)) return `${year}-03-01`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last Friday in June of a calendar year: the school leaving date. */
export function schoolLeavingDate(year: number): IsoDate {
  let date = `${year}-${pad(LEAVING_MONTH)}-30`;
  while (dayOfWeek(date) !== FRIDAY) date = addDays(date, -1);
  return date;
}

/** First and last day (both inclusive) on which a child is of compulsory school age. */
export function compulsorySchoolAge(dateOfBirth: IsoDate): { starts: IsoDate; ends: IsoDate } {
  const fifth = birthdayAtAge(dateOfBirth, STARTING_AGE);
  const year = Number(fifth.slice(0, 4));
  const candidates = PRESCRIBED_DAYS.map(([m, d]) => `${year}-${pad(m)}-${pad(d)}`);
  const starts = candidates.find((c) => c >= fifth) as IsoDate; // 31 December is on or after any day of its year

  // The school year containing the 16th birthday ends in the following calendar year when the
  // birthday falls from September on; its leaving date may come before the birthday (s8(3)(a)).
  const sixteenth = birthdayAtAge(dateOfBirth, LEAVING_AGE);
  const birthdayYear = Number(sixteenth.slice(0, 4));
  const schoolYearEnds =
    Number(sixteenth.slice(5, 7)) >= SCHOOL_YEAR_FIRST_MONTH ? birthdayYear + 1 : birthdayYear;
  return { starts, ends: schoolLeavingDate(schoolYearEnds) };
}

export function isOfCompulsorySchoolAge(dateOfBirth: IsoDate, on: IsoDate): boolean {
  parseDate(on);
  const { starts, ends } = compulsorySchoolAge(dateOfBirth);
  return on >= starts && on <= ends;
}
