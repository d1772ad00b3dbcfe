/**
 * Dates and limits of the formal routes: notices to improve (WTISA 2024 ch. 6), education
 * supervision orders (Children Act 1989 s36, Sch 3 Part III), prosecution (Education Act 1996
 * s444; Magistrates' Courts Act 1980 s127) and attendance contracts (Anti-social Behaviour Act
 * 2003 s19).
 */
import { addMonths, addWeeks, addYears, IsoDate, minDate } from '../calendar';
import { NOTICE_TO_IMPROVE_MAX_WEEKS, NOTICE_TO_IMPROVE_MIN_WEEKS } from '../code-of-conduct';
import { DomainError } from '../errors';

export class FormalRouteRefused extends DomainError {
  readonly kind = 'rule' as const;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

// Notices to improve.
export function validateImprovementPeriod(weeks: number): number {
  if (
    !Number.isInteger(weeks) ||
    weeks < NOTICE_TO_IMPROVE_MIN_WEEKS ||
    weeks > NOTICE_TO_IMPROVE_MAX_WEEKS
  ) {
    throw new FormalRouteRefused(
      'improvement-period-out-of-range',
      `An improvement period must be a whole number of weeks from ${NOTICE_TO_IMPROVE_MIN_WEEKS} to ${NOTICE_TO_IMPROVE_MAX_WEEKS} (got ${weeks}).`,
      { weeks },
    );
  }
  return weeks;
}
export const improvementPeriodEnds = (issuedOn: IsoDate, weeks: number): IsoDate =>
  addWeeks(issuedOn, validateImprovementPeriod(weeks));

// Education supervision orders.
/** An order lasts 1 year (Children Act 1989 Sch 3 para 15(1)). */
export const ESO_DURATION_YEARS = 1;
/** An extension may be sought in the order's last 3 months (Sch 3 para 15(2)). */
export const ESO_EXTENSION_WINDOW_MONTHS = 3;
/** Each extension is for up to 3 years (Sch 3 para 15(3)). */
export const ESO_MAX_EXTENSION_YEARS = 3;

export const esoExpiry = (grantedOn: IsoDate): IsoDate => addYears(grantedOn, ESO_DURATION_YEARS);
export const extensionWindowOpens = (expiresOn: IsoDate): IsoDate =>
  addMonths(expiresOn, -ESO_EXTENSION_WINDOW_MONTHS);
/** The order ends at its expiry or when the child leaves compulsory school age, whichever is first. */
export const esoEndsAt = (expiresOn: IsoDate, compulsorySchoolAgeEnds: IsoDate): IsoDate =>
  minDate(expiresOn, compulsorySchoolAgeEnds);

export function validateExtension(request: {
  appliedOn: IsoDate;
  expiresOn: IsoDate;
  extensionYears: number;
}): void {
  const opens = extensionWindowOpens(request.expiresOn);
  if (request.appliedOn < opens) {
    throw new FormalRouteRefused(
      'eso-extension-too-early',
      `An extension can only be applied for in the order's last 3 months, from ${opens}.`,
      { opens },
    );
  }
  if (request.appliedOn > request.expiresOn) {
    throw new FormalRouteRefused(
      'eso-expired',
      `The order expired on ${request.expiresOn}; it can no longer be extended.`,
      { expiresOn: request.expiresOn },
    );
  }
  if (
    !Number.isInteger(request.extensionYears) ||
    request.extensionYears < 1 ||
    request.extensionYears > ESO_MAX_EXTENSION_YEARS
  ) {
    throw new FormalRouteRefused(
      'eso-extension-too-long',
      `Each extension is for 1 to ${ESO_MAX_EXTENSION_YEARS} whole years (got ${request.extensionYears}).`,
    );
  }
}

// Prosecution.
/** Information must be laid within 6 months of the offence (Magistrates' Courts Act 1980 s127). */
export const PROSECUTION_TIME_LIMIT_MONTHS = 6;
export const prosecutionDeadline = (offenceEndsOn: IsoDate): IsoDate =>
  addMonths(offenceEndsOn, PROSECUTION_TIME_LIMIT_MONTHS);

// Attendance contracts.
export function validateContractTerms(terms: {
  parentIds: readonly string[];
  startsOn: IsoDate;
  endsOn: IsoDate;
  reviewDates: readonly IsoDate[];
}): void {
  if (terms.parentIds.length === 0) {
    throw new FormalRouteRefused(
      'contract-needs-a-parent',
      'An attendance contract is made with at least one parent; it cannot be made in their absence.',
    );
  }
  if (terms.endsOn <= terms.startsOn) {
    throw new FormalRouteRefused(
      'contract-dates',
      `A contract must end after it starts (${terms.startsOn} to ${terms.endsOn}).`,
    );
  }
  const outside = terms.reviewDates.filter((d) => d < terms.startsOn || d > terms.endsOn);
  if (outside.length)
    throw new FormalRouteRefused(
      'contract-review-dates',
      `Review dates must fall within the contract: ${outside.join(', ')}.`,
    );
}

export function defaultReviewDates(
  startsOn: IsoDate,
  endsOn: IsoDate,
  reviewWeeks: number,
): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let d = addWeeks(startsOn, reviewWeeks); d <= endsOn; d = addWeeks(d, reviewWeeks))
    dates.push(d);
  return dates;
}
