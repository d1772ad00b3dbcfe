/**
 * How old a pupil on a school's register can plausibly be, so a mistyped year of birth is caught
 * when the pupil is registered rather than silently putting every rule of compulsory school age
 * out of reach.
 *
 * Judgement: no statute sets these bounds. The youngest children on a school's admission register
 * are two-year-olds in a school's nursery (the School Attendance (Pupil Registration) (England)
 * Regulations 2024, SI 2024/208, apply to every registered pupil, nursery included); the oldest
 * are young people with an EHC plan, which may continue to age 25 (Children and Families Act 2014
 * s46; SEND Code of Practice: 0 to 25 years, DfE 2015).
 */
import { IsoDate } from '../calendar';
import { birthdayAtAge } from './compulsory-school-age';

/** The youngest age at which a child is on a school's register: a nursery two-year-old. */
export const YOUNGEST_REGISTERED_AGE = 2;
/** The oldest: a young person with an EHC plan, which may run to 25 (CFA 2014 s46). */
export const OLDEST_REGISTERED_AGE = 25;

/** Age in completed years on a day (a birthday is reached at its start: FLRA 1969 s9). */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  let age = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  if (birthdayAtAge(dateOfBirth, age) > on) age -= 1;
  return age;
}

/**
 * Why a date of birth cannot be right for a pupil registered on `on`, or null when it can: the
 * child must be between 2 and 25 (in completed years, both included) that day.
 */
export function implausibleDateOfBirth(dateOfBirth: IsoDate, on: IsoDate): string | null {
  const age = ageOn(dateOfBirth, on);
  if (age >= YOUNGEST_REGISTERED_AGE && age <= OLDEST_REGISTERED_AGE) return null;
  return (
    `dateOfBirth ${dateOfBirth} would make the child ${age < 0 ? 'not yet born' : `${age}`}` +
    `${age < 0 ? '' : ` year${age === 1 ? '' : 's'} old`} on ${on}; a registered pupil is between ` +
    `${YOUNGEST_REGISTERED_AGE} and ${OLDEST_REGISTERED_AGE}. Check the year of birth.`
  );
}
