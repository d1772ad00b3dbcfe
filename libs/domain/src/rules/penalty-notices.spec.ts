import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import {
  amountDue,
  PenaltyNoticeHistoryEntry,
  PenaltyNoticeLimitReached,
  paymentDeadlines,
  penaltyNoticeTerms,
  presumedServiceDate,
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
    expect(penaltyNoticeTerms([notice('2024-10-01')], propose('2025-03-01'))).toMatchObject({
      allowed: true,
      sequence: 2,
      amount: 160,
      reducedAmount: null,
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

  it('stops counting a notice issued exactly 3 years before the proposed date', () => {
    const history = [notice('2024-10-01'), notice('2025-01-15')];
    expect(penaltyNoticeTerms(history, propose('2027-09-30'))).toMatchObject({ allowed: false });
    expect(penaltyNoticeTerms(history, propose('2027-10-01'))).toMatchObject({
      allowed: true,
      sequence: 2,
    });
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
    expect(penaltyNoticeTerms([notice('2024-08-19')], propose('2025-03-01'))).toMatchObject({
      sequence: 2,
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
    expect(new PenaltyNoticeLimitReached('2027-03-01').message).toBe(
      'A third penalty notice cannot be issued to this parent for this pupil before 2027-03-01; consider attendance contract, education supervision order or prosecution.',
    );
  });
});

describe('service and payment', () => {
  it('presumes service on the 2nd working day after posting, skipping the weekend', () => {
    expect(presumedServiceDate('2025-03-06', NATIONAL_DEFAULTS)).toBe('2025-03-10'); // Thursday -> Monday
  });

  it('skips bank holidays too', () => {
    expect(
      presumedServiceDate('2025-04-17', {
        ...NATIONAL_DEFAULTS,
        bankHolidays: ['2025-04-18', '2025-04-21'],
      }),
    ).toBe('2025-04-23');
  });

  it('charges £80 on day 21 after receipt and £160 on day 22', () => {
    expect(amountDue(1, '2025-03-10', '2025-03-31')).toBe(80);
    expect(amountDue(1, '2025-03-10', '2025-04-01')).toBe(160);
  });

  it('charges £160 on day 28 and nothing can be paid on day 29 (prosecute or withdraw)', () => {
    expect(amountDue(1, '2025-03-10', '2025-04-07')).toBe(160);
    expect(amountDue(1, '2025-03-10', '2025-04-08')).toBeNull();
  });

  it('charges a second notice £160 from the first day', () => {
    expect(amountDue(2, '2025-03-10', '2025-03-11')).toBe(160);
    expect(paymentDeadlines('2025-03-10', 2)).toEqual({
      reducedRateEnds: null,
      paymentEnds: '2025-04-07',
    });
  });
});
