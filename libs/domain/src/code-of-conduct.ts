/**
 * The few things each local authority decides in its own code of conduct (SI 2007/1867 regs 14-18,
 * WTISA 2024 ch. 6), with national defaults. Passed into `decide`; every decision event records
 * the `version` it was made under, so a decision can be read later against the rules of its day.
 */
import { isValidDate, IsoDate } from './calendar';
import { InvalidInput } from './errors';

/**
 * What makes a week a "school week" for the penalty-notice threshold. WTISA 2024 ch. 6: "any week
 * in which there is at least one school session", which does not say whose session. (to confirm)
 * - `pupil-possible-session` (default, agreed with the journey): a week in which the pupil had at
 *   least one possible session at any school; weeks wholly coded D, Q, X, Y, Z or # do not count.
 * - `school-session-held`: a week in which any school the pupil is on the roll of met, i.e. any
 *   mark but `#` (planned closure) or `Y4` (whole site unexpectedly closed). More weeks count, so
 *   the 10 weeks cover less time: the stricter reading for the family's benefit.
 */
export const SCHOOL_WEEK_BASES = ['pupil-possible-session', 'school-session-held'] as const;
export type SchoolWeekBasis = (typeof SCHOOL_WEEK_BASES)[number];

export interface CodeOfConduct {
  /** Names this rule set, e.g. `national-2024-08-19` or `kent-2025-09-01`. */
  version: string;
  /** Improvement period of a notice to improve: 3 to 6 weeks (WTISA 2024 ch. 6; many LAs fix 6). */
  noticeToImproveWeeks: number;
  /** Service by post is presumed on this working day after posting (local; commonly 2). */
  presumedServiceWorkingDays: number;
  /** School days within which an `N` code should be replaced (to confirm in the regulations: 5). */
  nCodeReplacementSchoolDays: number;
  /** Default interval between attendance contract reviews, in weeks (local: typically 4-6). */
  contractReviewWeeks: number;
  /** Attendance rate below which a monitoring concern is raised (local; default 90%). */
  lowAttendanceRate: number;
  /**
   * Days that are not working days under this code besides weekends and the England and Wales bank
   * holidays, which always apply (`isWorkingDay`): the LA's local closures, or a bank holiday
   * proclaimed after this release. Empty by default.
   */
  bankHolidays: IsoDate[];
  /** How a school week is recognised for the national threshold (to confirm; absent = the default). */
  schoolWeekBasis?: SchoolWeekBasis;
}

/** The school-week reading used when a code of conduct does not name one. */
export const DEFAULT_SCHOOL_WEEK_BASIS: SchoolWeekBasis = 'pupil-possible-session';

export const NATIONAL_DEFAULTS: CodeOfConduct = {
  version: 'national-2024-08-19',
  noticeToImproveWeeks: 6,
  presumedServiceWorkingDays: 2,
  nCodeReplacementSchoolDays: 5,
  contractReviewWeeks: 6,
  lowAttendanceRate: 0.9,
  bankHolidays: [],
};

/** Shortest improvement period of a notice to improve, in weeks (WTISA 2024 ch. 6: "between 3 and 6 weeks"). */
export const NOTICE_TO_IMPROVE_MIN_WEEKS = 3;
/** Longest improvement period of a notice to improve, in weeks (WTISA 2024 ch. 6). */
export const NOTICE_TO_IMPROVE_MAX_WEEKS = 6;

const wholeIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Checks a code of conduct an administrator proposes; throws InvalidInput naming the field. */
export function validateCodeOfConduct(candidate: CodeOfConduct): CodeOfConduct {
  const fail = (field: keyof CodeOfConduct, rule: string): never => {
    throw new InvalidInput(`Code of conduct: ${field} ${rule}.`, { field });
  };
  if (
    typeof candidate.version !== 'string' ||
    !/^[a-z0-9][a-z0-9.-]{2,63}$/.test(candidate.version)
  ) {
    fail('version', 'must be 3 to 64 lower-case letters, digits, dots or hyphens');
  }
  if (
    !wholeIn(
      candidate.noticeToImproveWeeks,
      NOTICE_TO_IMPROVE_MIN_WEEKS,
      NOTICE_TO_IMPROVE_MAX_WEEKS,
    )
  ) {
    fail(
      'noticeToImproveWeeks',
      `must be a whole number of weeks from ${NOTICE_TO_IMPROVE_MIN_WEEKS} to ${NOTICE_TO_IMPROVE_MAX_WEEKS}`,
    );
  }
  if (!wholeIn(candidate.presumedServiceWorkingDays, 0, 10))
    fail('presumedServiceWorkingDays', 'must be a whole number from 0 to 10');
  if (!wholeIn(candidate.nCodeReplacementSchoolDays, 1, 20))
    fail('nCodeReplacementSchoolDays', 'must be a whole number from 1 to 20');
  if (!wholeIn(candidate.contractReviewWeeks, 1, 12))
    fail('contractReviewWeeks', 'must be a whole number from 1 to 12');
  if (
    typeof candidate.lowAttendanceRate !== 'number' ||
    !(candidate.lowAttendanceRate > 0 && candidate.lowAttendanceRate < 1)
  ) {
    fail('lowAttendanceRate', 'must be a fraction between 0 and 1, e.g. 0.9');
  }
  if (
    !Array.isArray(candidate.bankHolidays) ||
    !candidate.bankHolidays.every((d) => typeof d === 'string' && isValidDate(d))
  ) {
    fail('bankHolidays', 'must be a list of dates in the form YYYY-MM-DD');
  }
  if (
    candidate.schoolWeekBasis !== undefined &&
    !(SCHOOL_WEEK_BASES as readonly unknown[]).includes(candidate.schoolWeekBasis)
  ) {
    fail('schoolWeekBasis', `must be one of ${SCHOOL_WEEK_BASES.join(', ')}`);
  }
  return candidate;
}
