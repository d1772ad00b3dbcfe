/**
 * Penalty notices under the national framework (WTISA 2024 ch. 6; Education (Penalty Notices)
 * (England) Regulations 2007, SI 2007/1867, as amended by SI 2024/210), for offences from
 * 19 August 2024.
 */
import { addDays, addWorkingDays, addYears, IsoDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import { DomainError } from '../errors';

/** The national framework applies to notices issued from this date (SI 2024/210). */
export const NATIONAL_FRAMEWORK_STARTS: IsoDate = '2024-08-19';
/** First notice: £80 if paid within 21 days of receipt (SI 2007/1867 reg 2A as amended). */
export const FIRST_NOTICE_REDUCED_AMOUNT = 80;
export const REDUCED_PAYMENT_DAYS = 21;
/** First notice: £160 if paid within 28 days of receipt; a second notice: £160 flat. */
export const FULL_AMOUNT = 160;
export const PAYMENT_DAYS = 28;
/** At most two notices to one parent for one child in any 3 years; no third (WTISA 2024 ch. 6). */
export const MAX_NOTICES_IN_WINDOW = 2;
export const LIMIT_WINDOW_YEARS = 3;

/** The only grounds on which a notice may be withdrawn (SI 2007/1867 reg 19). */
export const WITHDRAWAL_GROUNDS = [
  'ought-not-to-have-been-issued',
  'issued-to-wrong-person',
  'material-error',
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
 * Notices that count towards the limit: issued to this parent for this pupil under the national
 * framework, not withdrawn (paid, unpaid and prosecuted ones all count), in "the 3 years ending
 * on the proposed issue date". We read that period as the day after the date 3 years earlier up to
 * and including the proposed date, so a notice issued exactly 3 years before no longer counts.
 */
export function countingNotices(
  history: readonly PenaltyNoticeHistoryEntry[],
  parentId: string,
  pupilId: string,
  proposedIssueDate: IsoDate,
) {
  const windowOpensAfter = addYears(proposedIssueDate, -LIMIT_WINDOW_YEARS);
  return history
    .filter(
      (n) =>
        n.parentId === parentId &&
        n.pupilId === pupilId &&
        !n.withdrawn &&
        n.issuedOn >= NATIONAL_FRAMEWORK_STARTS &&
        n.issuedOn > windowOpensAfter &&
        n.issuedOn <= proposedIssueDate,
    )
    .sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : -1));
}

export function penaltyNoticeTerms(
  history: readonly PenaltyNoticeHistoryEntry[],
  proposal: { parentId: string; pupilId: string; proposedIssueDate: IsoDate },
): PenaltyNoticeTerms {
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
  const nextPossibleDate = addYears(
    counting[MAX_NOTICES_IN_WINDOW - 1].issuedOn,
    LIMIT_WINDOW_YEARS,
  );
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
 * Payment periods run from receipt (service). We count the day of receipt as day 0, so "within 21
 * days" includes the 21st day after it (a documented reading; a code of conduct may say otherwise).
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

/** What is due when paying on `paidOn`; null once the 28 days have passed (then: prosecute or withdraw). */
export function amountDue(sequence: 1 | 2, servedOn: IsoDate, paidOn: IsoDate): number | null {
  const { reducedRateEnds, paymentEnds } = paymentDeadlines(servedOn, sequence);
  if (reducedRateEnds !== null && paidOn <= reducedRateEnds) return FIRST_NOTICE_REDUCED_AMOUNT;
  if (paidOn <= paymentEnds) return FULL_AMOUNT;
  return null;
}
