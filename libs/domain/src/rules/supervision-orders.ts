/**
 * Education supervision orders (Children Act 1989 s36 and Sch 3 Part III, para 15).
 *
 * Judgement on dates: para 15(1) gives an order effect "for a period of one year, beginning with
 * the date on which it is made", and para 15(3) lets an extension be sought no earlier than three
 * months "before the date on which the order is due to expire". We take that date, `expiresOn`, to
 * be the first anniversary of the order and treat the order as in force up to and including it, as
 * the journey does. Strictly, a year beginning with 3 March 2025 ends at the end of 2 March 2026,
 * so this reading is one day generous to the order; see the rules engineer's report.
 */
import { addMonths, addYears, IsoDate, minDate } from '../calendar';
import { FormalRouteRefused } from './formal-route-refused';

/** An order has effect for one year (Children Act 1989 Sch 3 para 15(1)). */
export const ESO_DURATION_YEARS = 1;
/** An extension may be sought no earlier than 3 months before expiry (Sch 3 para 15(3)). */
export const ESO_EXTENSION_WINDOW_MONTHS = 3;
/** Each extension is for no more than 3 years; there may be several (Sch 3 para 15(4), (5)). */
export const ESO_MAX_EXTENSION_YEARS = 3;
/** The shortest extension we accept, in whole years (our judgement: courts extend in years). */
export const ESO_MIN_EXTENSION_YEARS = 1;

export const esoExpiry = (grantedOn: IsoDate): IsoDate => addYears(grantedOn, ESO_DURATION_YEARS);

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
