/**
 * Penalty notices under the national framework (WTISA 2024 ch. 6; Education (Penalty Notices)
 * (England) Regulations 2007, SI 2007/1867, as amended by SI 2024/210), for offences from
 * 19 August 2024.
 */
import { addDays, addWorkingDays, addYears, compareDates, IsoDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import { DomainError } from '../errors';

/** The national framework applies from this date; earlier notices are outside it (SI 2024/210; WTISA 2024 ch. 6). */
export const NATIONAL_FRAMEWORK_STARTS: IsoDate = '2024-08-19';
/** A first notice costs £80 if paid within 21 days of receipt (SI 2007/1867 as amended by SI 2024/210; WTISA 2024 ch. 6). */
export const FIRST_NOTICE_REDUCED_AMOUNT = 80;
/** Days from receipt within which the reduced £80 applies (SI 2007/1867 as amended; WTISA 2024 ch. 6). */
export const REDUCED_PAYMENT_DAYS = 21;
/** £160 within 28 days for a first notice, and £160 flat for a second (SI 2007/1867 as amended; WTISA 2024 ch. 6). */
export const FULL_AMOUNT = 160;
/** Days from receipt within which a notice must be paid; after them: prosecute or withdraw (SI 2007/1867 as amended). */
export const PAYMENT_DAYS = 28;
/** At most two notices to one parent for one child in the 3-year window; no third (WTISA 2024 ch. 6). */
export const MAX_NOTICES_IN_WINDOW = 2;
/** "in the 3 years ending on the proposed issue date" (WTISA 2024 ch. 6; SI 2007/1867 as amended). */
export const LIMIT_WINDOW_YEARS = 3;

/**
 * The only grounds on which a notice may be withdrawn (WTISA 2024 ch. 6; SI 2007/1867 as amended):
 * reg 8's three (it ought not to have been issued, it went to the wrong person, it contains
 * material errors) and reg 9's duty to withdraw a notice left unpaid that the LA does not prosecute.
 */
export const WITHDRAWAL_GROUNDS = [
  'ought-not-to-have-been-issued',
  'issued-to-wrong-person',
  'material-error',
  'unpaid-not-prosecuted',
] as const;
export type WithdrawalGround = (typeof WITHDRAWAL_GROUNDS)[number];

/** The routes to consider when a notice cannot be issued (WTISA 2024 ch. 6). */
export const OTHER_ROUTES = [
  'attendance contract',
  'education supervision order',
  'prosecution',
] as const;

export interface PenaltyNoticeHistoryEntry {
  noticeId: string;
  parentId: string;
  pupilId: string;
  issuedOn: IsoDate;
  withdrawn: boolean;
}

export type PenaltyNoticeTerms =
  | {
      allowed: true;
      sequence: 1 | 2;
      amount: number;
      reducedAmount: number | null;
      reducedPaymentDays: number | null;
      paymentDays: number;
    }
  | { allowed: false; reason: string; nextPossibleDate: IsoDate; otherRoutes: string[] };

export class PenaltyNoticeLimitReached extends DomainError {
  readonly kind = 'rule' as const;
  readonly code = 'penalty-notice-limit-reached';
  constructor(nextPossibleDate: IsoDate) {
    super(
      `A third penalty notice cannot be issued to this parent for this pupil before ${nextPossibleDate}; consider ${OTHER_ROUTES.slice(0, -1).join(', ')} or ${OTHER_ROUTES[OTHER_ROUTES.length - 1]}.`,
      { nextPossibleDate, otherRoutes: [...OTHER_ROUTES] },
    );
  }
}

/**
 * The first day of "the 3 years ending on" `date`. A period of years ending on a day starts the
 * day after the same date that many years earlier (as the year ending 31 December starts on
 * 1 January), so a notice issued exactly 3 years before the proposed date is outside it.
 */
export const limitWindowStarts = (date: IsoDate): IsoDate =>
  addDays(addYears(date, -LIMIT_WINDOW_YEARS), 1);

/**
 * The first proposed issue date whose 3-year window no longer holds a notice issued on `issuedOn`.
 * Usually the 3rd anniversary; for a notice issued on 29 February the anniversary clamps to
 * 28 February, whose window still starts on 29 February, so it is 1 March.
 */
export function leavesLimitWindowOn(issuedOn: IsoDate): IsoDate {
  const anniversary = addYears(issuedOn, LIMIT_WINDOW_YEARS);
  return limitWindowStarts(anniversary) > issuedOn ? anniversary : addDays(anniversary, 1);
}

/**
 * Notices that count towards the limit, most recent first: issued to this parent for this pupil
 * under the national framework, not withdrawn (paid, unpaid and prosecuted ones all count), in
 * the 3 years ending on the proposed issue date (see `limitWindowStarts`; both ends included).
 */
export function countingNotices(
  history: readonly PenaltyNoticeHistoryEntry[],
  parentId: string,
  pupilId: string,
  proposedIssueDate: IsoDate,
) {
  const windowStarts = limitWindowStarts(proposedIssueDate);
  return history
    .filter(
      (n) =>
        n.parentId === parentId &&
        n.pupilId === pupilId &&
        !n.withdrawn &&
        n.issuedOn >= NATIONAL_FRAMEWORK_STARTS &&
        n.issuedOn >= windowStarts &&
        n.issuedOn <= proposedIssueDate,
    )
    .sort((a, b) => compareDates(b.issuedOn, a.issuedOn));
}

export function penaltyNoticeTerms(
  history: readonly PenaltyNoticeHistoryEntry[],
  proposal: { parentId: string; pupilId: string; proposedIssueDate: IsoDate },
): PenaltyNoticeTerms {
  if (proposal.proposedIssueDate < NATIONAL_FRAMEWORK_STARTS) {
    // Defensive: this system issues no notices under the old scheme (£60/£120).
    return {
      allowed: false,
      reason: `Notices issued before ${NATIONAL_FRAMEWORK_STARTS} fall under the old scheme, outside the national framework.`,
      nextPossibleDate: NATIONAL_FRAMEWORK_STARTS,
      otherRoutes: [...OTHER_ROUTES],
    };
  }
  const counting = countingNotices(
    history,
    proposal.parentId,
    proposal.pupilId,
    proposal.proposedIssueDate,
  );
  if (counting.length === 0) {
    return {
      allowed: true,
      sequence: 1,
      amount: FULL_AMOUNT,
      reducedAmount: FIRST_NOTICE_REDUCED_AMOUNT,
      reducedPaymentDays: REDUCED_PAYMENT_DAYS,
      paymentDays: PAYMENT_DAYS,
    };
  }
  if (counting.length < MAX_NOTICES_IN_WINDOW) {
    return {
      allowed: true,
      sequence: 2,
      amount: FULL_AMOUNT,
      reducedAmount: null,
      reducedPaymentDays: null,
      paymentDays: PAYMENT_DAYS,
    };
  }
  // Allowed again once the older of the two most recent notices leaves the 3-year window.
  const nextPossibleDate = leavesLimitWindowOn(counting[MAX_NOTICES_IN_WINDOW - 1].issuedOn);
  return {
    allowed: false,
    reason: `Two penalty notices were issued to this parent for this pupil in the 3 years ending ${proposal.proposedIssueDate}.`,
    nextPossibleDate,
    otherRoutes: [...OTHER_ROUTES],
  };
}

/** Service by post is presumed on the code of conduct's working day after posting (local; commonly the 2nd). */
export const presumedServiceDate = (postedOn: IsoDate, code: CodeOfConduct): IsoDate =>
  addWorkingDays(postedOn, code.presumedServiceWorkingDays, code.bankHolidays);

/**
 * Payment periods run from receipt (service). "Within 21 days of receipt" is read the usual way
 * for periods "of"/"from" an event: the day of receipt is excluded, so the 21st (28th) day after
 * it is the last day on which £80 (£160) may be paid.
 */
export function paymentDeadlines(
  servedOn: IsoDate,
  sequence: 1 | 2,
): { reducedRateEnds: IsoDate | null; paymentEnds: IsoDate } {
  return {
    reducedRateEnds: sequence === 1 ? addDays(servedOn, REDUCED_PAYMENT_DAYS) : null,
    paymentEnds: addDays(servedOn, PAYMENT_DAYS),
  };
}

/**
 * What is due when paying on `paidOn` (given the notice's sequence or its terms); null once the 28
 * days have passed: the LA must then prosecute or withdraw. Paying before presumed service (e.g. a
 * notice delivered by hand) is within the reduced period.
 */
export function amountDue(
  notice: 1 | 2 | { sequence: 1 | 2 },
  servedOn: IsoDate,
  paidOn: IsoDate,
): number | null {
  const sequence = typeof notice === 'number' ? notice : notice.sequence;
  const { reducedRateEnds, paymentEnds } = paymentDeadlines(servedOn, sequence);
  if (reducedRateEnds !== null && paidOn <= reducedRateEnds) return FIRST_NOTICE_REDUCED_AMOUNT;
  if (paidOn <= paymentEnds) return FULL_AMOUNT;
  return null;
}
