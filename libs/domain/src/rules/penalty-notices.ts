/**
 * Penalty notices under the national framework (WTISA 2024 ch. 6; Education (Penalty Notices)
 * (England) Regulations 2007, SI 2007/1867, as amended by SI 2024/210), for offences from
 * 19 August 2024.
 */
import {
  addDays,
  addWorkingDays,
  addYears,
  compareDates,
  IsoDate,
  lastDayOfPeriodBeginningWith,
} from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import { DomainError } from '../errors';

/** The national framework applies from this date; earlier notices are outside it (SI 2024/210; WTISA 2024 ch. 6). */
export const NATIONAL_FRAMEWORK_STARTS: IsoDate = '2024-08-19';
/** A first notice costs £80 if paid within the 21 days beginning with receipt (SI 2007/1867 reg 4(1)(a), as amended by SI 2024/210 reg 4). */
export const FIRST_NOTICE_REDUCED_AMOUNT = 80;
/** "the period of 21 days beginning with the date on which the notice is received" (SI 2007/1867 reg 4(1)(a), substituted by SI 2024/210 reg 4(1)(b)(ii)). */
export const REDUCED_PAYMENT_DAYS = 21;
/** £160 within 28 days for a first notice, and £160 flat for a second (SI 2007/1867 reg 4 as amended by SI 2024/210; WTISA 2024 ch. 6). */
export const FULL_AMOUNT = 160;
/** "the period of 28 days beginning with the date on which the notice is received"; after it: prosecute or withdraw (SI 2007/1867 reg 4 as amended by SI 2024/210). */
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

/**
 * The day a notice sent by post is presumed received: the code of conduct's working day after
 * posting (local; commonly "the second working day after posting"). Working days skip weekends,
 * England and Wales bank holidays (substitute days included) and the code's local closures, so a
 * notice posted on Friday 22 August 2025, before the late-summer bank holiday on Monday 25th, is
 * presumed received on Wednesday 27th.
 */
export const presumedServiceDate = (postedOn: IsoDate, code: CodeOfConduct): IsoDate =>
  addWorkingDays(postedOn, code.presumedServiceWorkingDays, code.bankHolidays);

/**
 * How a notice reached the parent: by first-class post (received on the presumed day, the code of
 * conduct's working days after posting) or by hand (received the day it was handed over).
 */
export const SERVICE_METHODS = ['post', 'hand'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

/** The day a notice sent on `sentOn` is received, when the payment periods begin. */
export const serviceDate = (
  method: ServiceMethod,
  sentOn: IsoDate,
  code: CodeOfConduct,
): IsoDate => (method === 'hand' ? sentOn : presumedServiceDate(sentOn, code));

/**
 * The last day of each payment period of a notice received on `receivedOn`. SI 2007/1867 reg 4 (as
 * amended by SI 2024/210 reg 4) words both as "the period of 21 [28] days beginning with the date on
 * which the notice is received": the day of receipt is day 1, so received on 2 March, £80 may be
 * paid until 22 March and £160 until 29 March (`lastDayOfPeriodBeginningWith`).
 */
export function paymentDeadlines(
  receivedOn: IsoDate,
  sequence: 1 | 2,
): { reducedRateEnds: IsoDate | null; paymentEnds: IsoDate } {
  return {
    reducedRateEnds:
      sequence === 1 ? lastDayOfPeriodBeginningWith(receivedOn, REDUCED_PAYMENT_DAYS) : null,
    paymentEnds: lastDayOfPeriodBeginningWith(receivedOn, PAYMENT_DAYS),
  };
}

/**
 * The day the local authority must decide to prosecute or withdraw an unpaid notice: the day after
 * the 28-day period ends, when payment can no longer discharge liability (SI 2007/1867 as amended;
 * WTISA 2024 ch. 6). The caseload's action and the deadline job both come from here.
 */
export const prosecuteOrWithdrawDue = (paymentEnds: IsoDate): IsoDate => addDays(paymentEnds, 1);

/**
 * What is due when paying on `paidOn`, by the payment periods recorded when the notice was issued
 * (`paymentDeadlines`); null once the 28 days have passed: the LA must then prosecute or withdraw.
 * Paying before presumed service (e.g. a notice delivered by hand) is within the reduced period.
 */
export function amountDue(
  notice: { reducedRateEnds: IsoDate | null; paymentEnds: IsoDate },
  paidOn: IsoDate,
): number | null {
  if (notice.reducedRateEnds !== null && paidOn <= notice.reducedRateEnds)
    return FIRST_NOTICE_REDUCED_AMOUNT;
  if (paidOn <= notice.paymentEnds) return FULL_AMOUNT;
  return null;
}
