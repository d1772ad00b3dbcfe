/**
 * Compulsory school age (Education Act 1996 s8; Education (Start of Compulsory School Age) Order
 * 1998): it starts on the first prescribed day (31 December, 31 March, 31 August) on or after the
 * child's 5th birthday, and ends on the last Friday in June of the school year in which the child
 * turns 16. Formalising support and enforcement apply only within it.
 */
import { addDays, dayOfWeek, IsoDate, parseDate } from '../calendar';

/** The prescribed days (month, day) on which compulsory school age starts (SI 1998/1607). */
export const PRESCRIBED_DAYS: readonly [number, number][] = [
  [3, 31],
  [8, 31],
  [12, 31],
];
export const STARTING_AGE = 5;
export const LEAVING_AGE = 16;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The date on which a child reaches an age. A child born on 29 February reaches it on 1 March in
 * a year that is not a leap year (Family Law Reform Act 1969 s9).
 */
export function birthdayAtAge(dateOfBirth: IsoDate, age: number): IsoDate {
  const dob = parseDate(dateOfBirth);
  const year = dob.getUTCFullYear() + age;
  const [month, day] = [dob.getUTCMonth() + 1, dob.getUTCDate()];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !leap) return `${year}-03-01`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function compulsorySchoolAge(dateOfBirth: IsoDate): { starts: IsoDate; ends: IsoDate } {
  const fifth = birthdayAtAge(dateOfBirth, STARTING_AGE);
  const year = Number(fifth.slice(0, 4));
  const candidates = [
    ...PRESCRIBED_DAYS.map(([m, d]) => `${year}-${pad(m)}-${pad(d)}`),
    `${year + 1}-03-31`,
  ];
  const starts = candidates.find((c) => c >= fifth) as IsoDate;

  // The school year runs 1 September to 31 August; find the one containing the 16th birthday.
  const sixteenth = birthdayAtAge(dateOfBirth, LEAVING_AGE);
  const endYear =
    Number(sixteenth.slice(5, 7)) >= 9
      ? Number(sixteenth.slice(0, 4)) + 1
      : Number(sixteenth.slice(0, 4));
  let ends = `${endYear}-06-30`;
  while (dayOfWeek(ends) !== 5) ends = addDays(ends, -1);
  return { starts, ends };
}

export function isOfCompulsorySchoolAge(dateOfBirth: IsoDate, on: IsoDate): boolean {
  const { starts, ends } = compulsorySchoolAge(dateOfBirth);
  return on >= starts && on <= ends;
}
