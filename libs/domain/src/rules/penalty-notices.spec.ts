import fc from 'fast-check';
import {
  addDays,
  addYears,
  dayOfWeek,
  daysBetween,
  isEnglandAndWalesBankHoliday,
} from '../calendar';
import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import {
  amountDue,
  countingNotices,
  leavesLimitWindowOn,
  limitWindowStarts,
  PenaltyNoticeHistoryEntry,
  PenaltyNoticeLimitReached,
  PAYMENT_DAYS,
  paymentDeadlines,
  penaltyNoticeTerms,
  presumedServiceDate,
  prosecuteOrWithdrawDue,
  REDUCED_PAYMENT_DAYS,
  WITHDRAWAL_GROUNDS,
} from './penalty-notices';

const notice = (
  issuedOn: string,
  extra: Partial<PenaltyNoticeHistoryEntry> = {},
): PenaltyNoticeHistoryEntry => ({
  noticeId: `pn-${issuedOn}`,
  parentId: 'parent-1',
  pupilId: 'pupil-1',
  issuedOn,
  withdrawn: false,
  ...extra,
});
const propose = (proposedIssueDate: string) => ({
  parentId: 'parent-1',
  pupilId: 'pupil-1',
  proposedIssueDate,
});

describe('penalty-notice terms under the national framework', () => {
  it('given no earlier notice, a first notice is £160, or £80 if paid within 21 days', () => {
    expect(penaltyNoticeTerms([], propose('2025-03-01'))).toEqual({
      allowed: true,
      sequence: 1,
      amount: 160,
      reducedAmount: 80,
      reducedPaymentDays: 21,
      paymentDays: 28,
    });
  });

  it('given one notice in the last 3 years, a second is £160 flat with no reduction', () => {
    expect(penaltyNoticeTerms([notice('2024-10-01')], propose('2025-03-01'))).toEqual({
      allowed: true,
      sequence: 2,
      amount: 160,
      reducedAmount: null,
      reducedPaymentDays: null,
      paymentDays: 28,
    });
  });

  it('given two notices in the last 3 years, refuses a third and says from when one could be issued', () => {
    const terms = penaltyNoticeTerms(
      [notice('2024-10-01'), notice('2025-01-15')],
      propose('2025-03-01'),
    );
    expect(terms).toEqual({
      allowed: false,
      reason:
        'Two penalty notices were issued to this parent for this pupil in the 3 years ending 2025-03-01.',
      nextPossibleDate: '2027-10-01',
      otherRoutes: ['attendance contract', 'education supervision order', 'prosecution'],
    });
  });

  it('counts a paid, an unpaid and a prosecuted notice alike: only withdrawal takes one out', () => {
    // The history carries no payment status because none is needed: only `withdrawn` matters.
    const history = [notice('2024-10-01'), notice('2025-01-15')];
    expect(penaltyNoticeTerms(history, propose('2025-03-01')).allowed).toBe(false);
  });

  it('does not count a withdrawn notice', () => {
    const history = [notice('2024-10-01', { withdrawn: true }), notice('2025-01-15')];
    expect(penaltyNoticeTerms(history, propose('2025-03-01'))).toMatchObject({
      allowed: true,
      sequence: 2,
    });
  });

  it('does not count notices issued before the national framework began on 19 August 2024', () => {
    const history = [notice('2024-08-18'), notice('2024-06-01')];
    expect(penaltyNoticeTerms(history, propose('2025-03-01'))).toMatchObject({
      allowed: true,
      sequence: 1,
    });
  });

  it('counts a notice issued on 19 August 2024, the day the framework began', () => {
    expect(penaltyNoticeTerms([notice('2024-08-19')], propose('2025-03-01'))).toMatchObject({
      sequence: 2,
    });
  });

  it('refuses to set terms for a notice proposed before the framework began', () => {
    expect(penaltyNoticeTerms([], propose('2024-08-18'))).toMatchObject({
      allowed: false,
      nextPossibleDate: '2024-08-19',
      reason: expect.stringMatching(/old scheme/),
    });
  });

  it('counts notices per parent and per child', () => {
    const history = [
      notice('2024-10-01', { parentId: 'parent-2' }),
      notice('2025-01-15', { pupilId: 'pupil-2' }),
    ];
    expect(penaltyNoticeTerms(history, propose('2025-03-01'))).toMatchObject({
      allowed: true,
      sequence: 1,
    });
  });

  it('ignores notices dated after the proposed issue date', () => {
    expect(penaltyNoticeTerms([notice('2025-05-01')], propose('2025-03-01'))).toMatchObject({
      sequence: 1,
    });
  });

  it('explains a refused third notice in words a caseworker can act on', () => {
    const refusal = new PenaltyNoticeLimitReached('2027-03-01');
    expect(refusal.message).toBe(
      'A third penalty notice cannot be issued to this parent for this pupil before 2027-03-01; consider attendance contract, education supervision order or prosecution.',
    );
    expect(refusal).toMatchObject({
      kind: 'rule',
      code: 'penalty-notice-limit-reached',
      details: { nextPossibleDate: '2027-03-01' },
    });
  });

  it('lists the notices that count, most recent first', () => {
    const history = [
      notice('2024-10-01'),
      notice('2025-01-15'),
      notice('2024-12-01', { withdrawn: true }),
    ];
    expect(
      countingNotices(history, 'parent-1', 'pupil-1', '2025-03-01').map((n) => n.issuedOn),
    ).toEqual(['2025-01-15', '2024-10-01']);
  });

  it('names the only grounds on which a notice may be withdrawn', () => {
    expect(WITHDRAWAL_GROUNDS).toEqual([
      'ought-not-to-have-been-issued',
      'issued-to-wrong-person',
      'material-error',
    ]);
  });
});

describe('"the 3 years ending on the proposed issue date"', () => {
  // Judgement: a period of 3 years ending on 2027-10-01 runs from 2024-10-02 to 2027-10-01
  // inclusive, as the year ending 31 December runs from 1 January. So a notice issued exactly
  // 3 years before the proposed date (2024-10-01) is outside it.
  const history = [notice('2024-10-01'), notice('2025-01-15')];

  it('begins the day after the same date 3 years earlier', () => {
    expect(limitWindowStarts('2027-10-01')).toBe('2024-10-02');
  });

  it('still holds a notice issued 3 years less a day before the proposed date', () => {
    expect(penaltyNoticeTerms(history, propose('2027-09-30'))).toMatchObject({ allowed: false });
  });

  it('no longer holds a notice issued exactly 3 years before the proposed date', () => {
    expect(penaltyNoticeTerms(history, propose('2027-10-01'))).toMatchObject({
      allowed: true,
      sequence: 2,
    });
  });

  it('holds a notice issued on the proposed date itself', () => {
    expect(penaltyNoticeTerms([notice('2025-03-01')], propose('2025-03-01'))).toMatchObject({
      sequence: 2,
    });
  });

  it('lets a notice issued on 29 February leave on 1 March three years later, not on 28 February', () => {
    const leap = [notice('2028-02-29'), notice('2029-01-15')];
    expect(leavesLimitWindowOn('2028-02-29')).toBe('2031-03-01');
    expect(penaltyNoticeTerms(leap, propose('2031-02-28'))).toMatchObject({
      allowed: false,
      nextPossibleDate: '2031-03-01',
    });
    expect(penaltyNoticeTerms(leap, propose('2031-03-01'))).toMatchObject({ allowed: true });
  });

  it('is blocked on the day before the next possible date, and open on it, for any two notices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => {
        const first = addDays('2024-08-19', a);
        const second = addDays(first, b);
        const blockedOn = second;
        const terms = penaltyNoticeTerms([notice(first), notice(second)], propose(blockedOn));
        if (terms.allowed) throw new Error(`expected a refusal on ${blockedOn}`);
        const before = penaltyNoticeTerms(
          [notice(first), notice(second)],
          propose(addDays(terms.nextPossibleDate, -1)),
        );
        const on = penaltyNoticeTerms(
          [notice(first), notice(second)],
          propose(terms.nextPossibleDate),
        );
        expect(before.allowed).toBe(false);
        // Two notices on one day leave the window together; otherwise the later one still counts.
        expect(on).toMatchObject({ allowed: true, sequence: b === 0 ? 1 : 2 });
        expect(terms.nextPossibleDate >= addYears(first, 3)).toBe(true);
      }),
    );
  });
});

describe('service by post', () => {
  it('is presumed on the 2nd working day after posting', () => {
    expect(presumedServiceDate('2025-03-04', NATIONAL_DEFAULTS)).toBe('2025-03-06'); // Tue -> Thu
  });

  it('skips the weekend', () => {
    expect(presumedServiceDate('2025-03-06', NATIONAL_DEFAULTS)).toBe('2025-03-10'); // Thu -> Mon
    expect(presumedServiceDate('2025-03-07', NATIONAL_DEFAULTS)).toBe('2025-03-11'); // Fri -> Tue
    expect(presumedServiceDate('2025-03-08', NATIONAL_DEFAULTS)).toBe('2025-03-11'); // Sat -> Tue
  });

  it('skips the England and Wales bank holidays by default: posted Thursday 17 April 2025, before Good Friday and Easter Monday, it is received on Wednesday 23rd', () => {
    expect(NATIONAL_DEFAULTS.bankHolidays).toEqual([]);
    expect(presumedServiceDate('2025-04-17', NATIONAL_DEFAULTS)).toBe('2025-04-23');
  });

  it('given a notice posted on Friday 22 August 2025, before the late-summer bank holiday on Monday 25th, when receipt is presumed, then it is Wednesday 27th, and £80 runs to 16 September and £160 to 23 September', () => {
    const receivedOn = presumedServiceDate('2025-08-22', NATIONAL_DEFAULTS);
    expect(receivedOn).toBe('2025-08-27');
    expect(paymentDeadlines(receivedOn, 1)).toEqual({
      reducedRateEnds: '2025-09-16',
      paymentEnds: '2025-09-23',
    });
    expect(prosecuteOrWithdrawDue('2025-09-23')).toBe('2025-09-24');
  });

  it('never lands on Christmas Day: posted Tuesday 23 December 2025, it is received on Monday 29th (25th, 26th and the weekend skipped)', () => {
    expect(presumedServiceDate('2025-12-23', NATIONAL_DEFAULTS)).toBe('2025-12-29');
  });

  it('skips substitute days: posted Wednesday 23 December 2026, it is received on Tuesday 29th (Boxing Day, a Saturday, is made up on Monday 28th)', () => {
    expect(presumedServiceDate('2026-12-23', NATIONAL_DEFAULTS)).toBe('2026-12-29');
  });

  it('skips the local closures a code of conduct adds to the bank holidays', () => {
    const closedOn24th = { ...NATIONAL_DEFAULTS, bankHolidays: ['2025-12-24'] };
    expect(presumedServiceDate('2025-12-22', NATIONAL_DEFAULTS)).toBe('2025-12-24');
    expect(presumedServiceDate('2025-12-22', closedOn24th)).toBe('2025-12-29');
  });

  it('follows a local code of conduct that presumes service on another working day', () => {
    expect(
      presumedServiceDate('2025-03-04', { ...NATIONAL_DEFAULTS, presumedServiceWorkingDays: 0 }),
    ).toBe('2025-03-04');
  });

  it('always falls on a working day after posting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (n) => {
        const posted = addDays('2024-08-19', n);
        const served = presumedServiceDate(posted, NATIONAL_DEFAULTS);
        expect(served > posted).toBe(true);
        expect([0, 6]).not.toContain(dayOfWeek(served));
        expect(isEnglandAndWalesBankHoliday(served)).toBe(false);
      }),
    );
  });
});

describe('payment: "the period of 21 [28] days beginning with the date on which the notice is received" (SI 2007/1867 reg 4, as amended by SI 2024/210 reg 4)', () => {
  // Received on 2 March 2026, day 1 of both periods: day 21 is 22 March, day 28 is 29 March.
  const receivedOn = '2026-03-02';
  const first = paymentDeadlines(receivedOn, 1);
  const second = paymentDeadlines(receivedOn, 2);

  it('counts the day of receipt as day 1: received 2 March, £80 until 22 March and £160 until 29 March', () => {
    expect(first).toEqual({ reducedRateEnds: '2026-03-22', paymentEnds: '2026-03-29' });
  });

  it('leaves the decision to prosecute or withdraw due on 30 March, the day after the 28 days', () => {
    expect(prosecuteOrWithdrawDue(first.paymentEnds)).toBe('2026-03-30');
  });

  it('of a first notice is £80 on day 21 (22 March)', () => {
    expect(amountDue(first, '2026-03-22')).toBe(80);
  });

  it('of a first notice is £160 on day 22 (23 March): the reduced period is over', () => {
    expect(amountDue(first, '2026-03-23')).toBe(160);
  });

  it('of a first notice is £160 on day 28 (29 March)', () => {
    expect(amountDue(first, '2026-03-29')).toBe(160);
  });

  it('is no longer possible on day 29 (30 March): the LA must prosecute or withdraw', () => {
    expect(amountDue(first, '2026-03-30')).toBeNull();
  });

  it('of a first notice is £80 if made on the day of receipt or before it', () => {
    expect(amountDue(first, receivedOn)).toBe(80);
    expect(amountDue(first, '2026-02-27')).toBe(80);
  });

  it('of a second notice is £160 from the first day, with no reduced period, until day 28', () => {
    expect(second).toEqual({ reducedRateEnds: null, paymentEnds: '2026-03-29' });
    expect(amountDue(second, receivedOn)).toBe(160);
    expect(amountDue(second, '2026-03-29')).toBe(160);
    expect(amountDue(second, '2026-03-30')).toBeNull();
  });

  it('follows the dates a notice was issued with, so a notice keeps the periods its parent was given', () => {
    const issuedWithOneDayMore = { reducedRateEnds: '2026-03-23', paymentEnds: '2026-03-30' };
    expect(amountDue(issuedWithOneDayMore, '2026-03-23')).toBe(80);
    expect(amountDue(issuedWithOneDayMore, '2026-03-30')).toBe(160);
  });

  it('runs across a month end and a leap day: received 31 January 2028, £80 until 20 February and £160 until 27 February', () => {
    expect(paymentDeadlines('2028-01-31', 1)).toEqual({
      reducedRateEnds: '2028-02-20',
      paymentEnds: '2028-02-27',
    });
    expect(paymentDeadlines('2028-02-10', 1)).toEqual({
      reducedRateEnds: '2028-03-01',
      paymentEnds: '2028-03-08',
    });
  });

  it('always gives 21 and 28 days counting the day of receipt, whatever the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), (n) => {
        const received = addDays('2024-08-19', n);
        const { reducedRateEnds, paymentEnds } = paymentDeadlines(received, 1);
        expect(daysBetween(received, reducedRateEnds as string) + 1).toBe(REDUCED_PAYMENT_DAYS);
        expect(daysBetween(received, paymentEnds) + 1).toBe(PAYMENT_DAYS);
      }),
    );
  });
});
