import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { FormalRouteRefused } from './formal-route-refused';
import { improvementPeriodEnds, validateImprovementPeriod } from './notice-to-improve';

describe('the improvement period of a notice to improve (3 to 6 weeks)', () => {
  it('ends 6 weeks after issue under the national defaults', () => {
    expect(improvementPeriodEnds('2025-03-03', NATIONAL_DEFAULTS.noticeToImproveWeeks)).toBe(
      '2025-04-14',
    );
  });

  it('ends 3 weeks after issue where the code of conduct fixes 3 weeks', () => {
    expect(improvementPeriodEnds('2025-03-03', 3)).toBe('2025-03-24');
  });

  it.each([2, 7, 4.5, 0, -3, Number.NaN])('is refused at %p weeks', (weeks) => {
    expect(() => improvementPeriodEnds('2025-03-03', weeks)).toThrow(FormalRouteRefused);
  });

  it('names the permitted range and what was asked for when refused', () => {
    expect(() => validateImprovementPeriod(7)).toThrow(
      'An improvement period must be a whole number of weeks from 3 to 6 (got 7).',
    );
  });

  it.each([3, 4, 5, 6])('accepts %p weeks', (weeks) => {
    expect(validateImprovementPeriod(weeks)).toBe(weeks);
  });
});
