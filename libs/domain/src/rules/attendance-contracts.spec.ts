import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { InvalidInput } from '../errors';
import { defaultReviewDates, validateContractTerms } from './attendance-contracts';
import { FormalRouteRefused } from './formal-route-refused';

const terms = (change: Partial<Parameters<typeof validateContractTerms>[0]> = {}) => ({
  parentIds: ['parent-1'],
  startsOn: '2025-03-03',
  endsOn: '2025-05-30',
  reviewDates: ['2025-04-14'],
  ...change,
});

describe('an attendance contract', () => {
  it('is accepted with a parent, an end after its start and reviews inside it', () => {
    expect(() => validateContractTerms(terms())).not.toThrow();
  });

  it('needs at least one parent, who must be present to agree it', () => {
    expect(() => validateContractTerms(terms({ parentIds: [] }))).toThrow(/at least one parent/);
  });

  it('must end after it starts', () => {
    expect(() => validateContractTerms(terms({ endsOn: '2025-03-03' }))).toThrow(
      FormalRouteRefused,
    );
    expect(() => validateContractTerms(terms({ endsOn: '2025-03-03' }))).toThrow(
      /end after it starts/,
    );
  });

  it('may be reviewed on its first and last days', () => {
    expect(() =>
      validateContractTerms(terms({ reviewDates: ['2025-03-03', '2025-05-30'] })),
    ).not.toThrow();
  });

  it('refuses reviews outside it, naming them', () => {
    expect(() =>
      validateContractTerms(terms({ reviewDates: ['2025-03-02', '2025-04-14', '2025-06-02'] })),
    ).toThrow('Review dates must fall within the contract: 2025-03-02, 2025-06-02.');
  });
});

describe('default review dates of an attendance contract', () => {
  it('fall every 6 weeks under the national defaults', () => {
    expect(defaultReviewDates('2025-03-03', '2025-05-30', NATIONAL_DEFAULTS)).toEqual([
      '2025-04-14',
      '2025-05-26',
    ]);
  });

  it('follow a local interval given in weeks', () => {
    expect(defaultReviewDates('2025-03-03', '2025-04-14', 4)).toEqual(['2025-03-31']);
  });

  it('include a review falling on the last day', () => {
    expect(defaultReviewDates('2025-03-03', '2025-04-14', 6)).toEqual(['2025-04-14']);
  });

  it('are none for a contract shorter than one interval', () => {
    expect(defaultReviewDates('2025-03-03', '2025-03-20', 4)).toEqual([]);
  });

  it.each([0, -1, 1.5])('refuse an interval of %p weeks instead of looping for ever', (weeks) => {
    expect(() => defaultReviewDates('2025-03-03', '2025-05-30', weeks)).toThrow(InvalidInput);
  });
});
