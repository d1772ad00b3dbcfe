import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { mark } from '../testing/marks';
import { currentMarks } from './marks';
import { overdueNCodes } from './n-codes';

describe('N codes awaiting a reason', () => {
  const n = mark('2025-03-03', 'AM', 'N'); // a Monday

  it('are due for replacement within 5 school days', () => {
    expect(overdueNCodes([n], '2025-03-10', NATIONAL_DEFAULTS)).toEqual([]);
    expect(overdueNCodes([n], '2025-03-11', NATIONAL_DEFAULTS)).toEqual([
      { date: '2025-03-03', session: 'AM', schoolId: 'school-a', dueBy: '2025-03-10' },
    ]);
  });

  it('do not count bank holidays as school days', () => {
    expect(
      overdueNCodes([n], '2025-03-11', { ...NATIONAL_DEFAULTS, bankHolidays: ['2025-03-07'] }),
    ).toEqual([]);
  });

  it('stop being overdue once re-coded', () => {
    const recoded = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-03-05T09:00:00.000Z');
    expect(overdueNCodes(currentMarks([n, recoded]), '2025-03-20', NATIONAL_DEFAULTS)).toEqual([]);
  });

  it('follow the code of conduct’s number of days', () => {
    expect(
      overdueNCodes([n], '2025-03-06', { ...NATIONAL_DEFAULTS, nCodeReplacementSchoolDays: 2 }),
    ).toHaveLength(1);
  });
});
