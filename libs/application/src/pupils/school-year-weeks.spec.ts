import { fold } from '@app/domain/testing/given-when-then';
import { registered, registerWeeks } from '@app/domain/testing/journey-fixtures';
import { schoolYearWeeks } from './school-year-weeks';

const window = { firstSchoolWeek: '2025-01-13', lastSchoolWeek: '2025-01-20' };

describe("a pupil's weeks of the school year, as the case page's chart draws them", () => {
  it('given no register, when asked, then there are no weeks to draw', () => {
    expect(schoolYearWeeks(fold([registered]), '2025-03-01', window)).toBeNull();
  });

  it('given registers in two school years, when asked, then it is the latest year from its first register, week by week', () => {
    const journey = fold([
      registered,
      ...registerWeeks(0, 2, '2024-06-03'),
      ...registerWeeks(1, 3, '2025-01-06'),
    ]);
    const year = schoolYearWeeks(journey, '2025-03-01', window);
    expect(year).toMatchObject({ year: '2024/25', from: '2025-01-06', to: '2025-01-24' });
    expect(
      year!.weeks.map((w) => [w.weekStart, w.possible, w.attended, w.inThresholdWindow]),
    ).toEqual([
      ['2025-01-06', 10, 9, false],
      ['2025-01-13', 10, 9, true],
      ['2025-01-20', 10, 9, true],
    ]);
  });

  it('given registers after the date asked about, when asked, then they are left out', () => {
    const journey = fold([registered, ...registerWeeks(0, 3, '2025-01-06')]);
    expect(schoolYearWeeks(journey, '2025-01-12', window)?.weeks).toHaveLength(1);
  });
});
