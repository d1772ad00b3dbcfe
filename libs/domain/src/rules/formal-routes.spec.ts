import {
  defaultReviewDates,
  esoEndsAt,
  esoExpiry,
  extensionWindowOpens,
  FormalRouteRefused,
  improvementPeriodEnds,
  prosecutionDeadline,
  validateContractTerms,
  validateExtension,
} from './formal-routes';

describe('notices to improve', () => {
  it('end their improvement period the given number of weeks after issue', () => {
    expect(improvementPeriodEnds('2025-03-03', 6)).toBe('2025-04-14');
    expect(improvementPeriodEnds('2025-03-03', 3)).toBe('2025-03-24');
  });

  it.each([2, 7, 4.5])('refuse an improvement period of %p weeks', (weeks) => {
    expect(() => improvementPeriodEnds('2025-03-03', weeks)).toThrow(FormalRouteRefused);
  });
});

describe('education supervision orders', () => {
  it('last one year from the day granted', () => {
    expect(esoExpiry('2025-02-10')).toBe('2026-02-10');
  });

  it('open their extension window 3 months before expiry', () => {
    expect(extensionWindowOpens('2026-02-10')).toBe('2025-11-10');
  });

  it('refuse an extension applied for too early', () => {
    expect(() =>
      validateExtension({ appliedOn: '2025-11-09', expiresOn: '2026-02-10', extensionYears: 1 }),
    ).toThrow(
      "An extension can only be applied for in the order's last 3 months, from 2025-11-10.",
    );
  });

  it('accept an extension applied for in the window, for up to 3 years', () => {
    expect(() =>
      validateExtension({ appliedOn: '2025-11-10', expiresOn: '2026-02-10', extensionYears: 3 }),
    ).not.toThrow();
    expect(() =>
      validateExtension({ appliedOn: '2026-02-10', expiresOn: '2026-02-10', extensionYears: 1 }),
    ).not.toThrow();
  });

  it('refuse an extension after expiry, or for more than 3 years', () => {
    expect(() =>
      validateExtension({ appliedOn: '2026-02-11', expiresOn: '2026-02-10', extensionYears: 1 }),
    ).toThrow(/expired on 2026-02-10/);
    expect(() =>
      validateExtension({ appliedOn: '2025-12-01', expiresOn: '2026-02-10', extensionYears: 4 }),
    ).toThrow(/1 to 3 whole years/);
  });

  it('end when the child leaves compulsory school age, if that comes first', () => {
    expect(esoEndsAt('2026-02-10', '2025-06-27')).toBe('2025-06-27');
    expect(esoEndsAt('2026-02-10', '2027-06-25')).toBe('2026-02-10');
  });
});

describe('prosecution', () => {
  it('must be laid within 6 months of the offence', () => {
    expect(prosecutionDeadline('2025-03-14')).toBe('2025-09-14');
    expect(prosecutionDeadline('2025-08-31')).toBe('2026-02-28');
  });
});

describe('attendance contracts', () => {
  it('need at least one parent, who must be present to agree it', () => {
    expect(() =>
      validateContractTerms({
        parentIds: [],
        startsOn: '2025-03-03',
        endsOn: '2025-05-30',
        reviewDates: [],
      }),
    ).toThrow(/at least one parent/);
  });

  it('must end after they start, with reviews inside them', () => {
    expect(() =>
      validateContractTerms({
        parentIds: ['p'],
        startsOn: '2025-03-03',
        endsOn: '2025-03-03',
        reviewDates: [],
      }),
    ).toThrow(/end after it starts/);
    expect(() =>
      validateContractTerms({
        parentIds: ['p'],
        startsOn: '2025-03-03',
        endsOn: '2025-05-30',
        reviewDates: ['2025-06-02'],
      }),
    ).toThrow(/2025-06-02/);
    expect(() =>
      validateContractTerms({
        parentIds: ['p'],
        startsOn: '2025-03-03',
        endsOn: '2025-05-30',
        reviewDates: ['2025-04-14'],
      }),
    ).not.toThrow();
  });

  it('are reviewed every few weeks by default', () => {
    expect(defaultReviewDates('2025-03-03', '2025-05-30', 6)).toEqual(['2025-04-14', '2025-05-26']);
  });
});

describe('a refused formal route', () => {
  it('carries its code and no facts unless given some', () => {
    const refusal = new FormalRouteRefused('some-code', 'Not now.');
    expect(refusal).toMatchObject({
      code: 'some-code',
      kind: 'rule',
      details: {},
      message: 'Not now.',
    });
  });
});
