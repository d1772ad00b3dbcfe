/**
 * Education supervision orders (Children Act 1989 s36 and Sch 3 Part III, para 15).
 *
 * Judgement on dates: para 15(1) gives an order effect "for a period of one year, beginning with
 * the date on which it is made", and para 15(3) lets an extension be sought no earlier than three
 * months "before the date on which the order is due to expire". A year beginning with 3 March 2025
 * ends at the end of 2 March 2026, so `expiresOn` is the day before the first anniversary: the last
 * day the order is in force. An extension runs on from the day after that, so a one-year extension
 * of an order expiring on 2 March 2026 expires on 2 March 2027.
 */
import { addDays, addMonths, addYears, IsoDate, minDate } from '../calendar';
import { FormalRouteRefused } from './formal-route-refused';

/** An order has effect for one year (Children Act 1989 Sch 3 para 15(1)). */
export const ESO_DURATION_YEARS = 1;
/** An extension may be sought no earlier than 3 months before expiry (Sch 3 para 15(3)). */
export const ESO_EXTENSION_WINDOW_MONTHS = 3;
/** Each extension is for no more than 3 years; there may be several (Sch 3 para 15(4), (5)). */
export const ESO_MAX_EXTENSION_YEARS = 3;
/** The shortest extension we accept, in whole years (our judgement: courts extend in years). */
export const ESO_MIN_EXTENSION_YEARS = 1;

/**
 * The last day of a period of `years` beginning with `start`: the day before its anniversary,
 * where the anniversary of 29 February in a common year is 1 March (so the period ends on 28
 * February, not a day short).
 */
function lastDayOfYearsBeginning(start: IsoDate, years: number): IsoDate {
  const anniversary = addYears(start, years);
  const leapDayClamped = start.endsWith('-02-29') && anniversary.endsWith('-02-28');
  return leapDayClamped ? anniversary : addDays(anniversary, -1);
}

/** The last day in force of an order made on `grantedOn` ("one year, beginning with" that date). */
export const esoExpiry = (grantedOn: IsoDate): IsoDate =>
  lastDayOfYearsBeginning(grantedOn, ESO_DURATION_YEARS);

/** The last day in force once extended by `years`, counted from the day after the old expiry. */
export const extendedEsoExpiry = (expiresOn: IsoDate, years: number): IsoDate =>
  lastDayOfYearsBeginning(addDays(expiresOn, 1), years);

/** The court can extend an order only while it is in force (Sch 3 para 15(3)). */
export function validateExtensionGrant(grant: { grantedOn: IsoDate; expiresOn: IsoDate }): void {
  if (grant.grantedOn > grant.expiresOn) {
    throw new FormalRouteRefused(
      'eso-expired',
      `The order expired on ${grant.expiresOn}; an extension granted on ${grant.grantedOn} came too late.`,
      { expiresOn: grant.expiresOn },
    );
  }
}

export const extensionWindowOpens = (expiresOn: IsoDate): IsoDate =>
  addMonths(expiresOn, -ESO_EXTENSION_WINDOW_MONTHS);

/**
 * The order ends at its expiry or when the child ceases to be of compulsory school age, whichever
 * is first (Sch 3 para 15(6)(a)); both dates are the last day in force.
 */
export const esoEndsAt = (expiresOn: IsoDate, compulsorySchoolAgeEnds: IsoDate): IsoDate =>
  minDate(expiresOn, compulsorySchoolAgeEnds);

export function validateExtension(request: {
  appliedOn: IsoDate;
  expiresOn: IsoDate;
  extensionYears: number;
  /** The last day of the child's compulsory school age (EA 1996 s8). */
  compulsorySchoolAgeEnds: IsoDate;
}): void {
  // An order "shall cease to have effect" when the child ceases to be of compulsory school age
  // (Sch 3 para 15(6)(a)): one already running to that day has nothing left to extend.
  if (request.expiresOn >= request.compulsorySchoolAgeEnds) {
    throw new FormalRouteRefused(
      'eso-ends-with-compulsory-school-age',
      `This order already runs to ${request.compulsorySchoolAgeEnds}, the last day of the child's compulsory school age, when it ceases to have effect (Children Act 1989 Sch 3 para 15(6)(a)); it cannot be extended beyond that. Plan the support the young person needs after that date instead.`,
      { compulsorySchoolAgeEnds: request.compulsorySchoolAgeEnds },
    );
  }
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
    request.extensionYears < ESO_MIN_EXTENSION_YEARS ||
    request.extensionYears > ESO_MAX_EXTENSION_YEARS
  ) {
    throw new FormalRouteRefused(
      'eso-extension-too-long',
      `Each extension is for ${ESO_MIN_EXTENSION_YEARS} to ${ESO_MAX_EXTENSION_YEARS} whole years (got ${request.extensionYears}).`,
      { extensionYears: request.extensionYears },
    );
  }
}
