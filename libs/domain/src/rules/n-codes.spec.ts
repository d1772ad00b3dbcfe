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

describe('school days for replacing an N, read from the register', () => {
  const n = mark('2025-02-14', 'AM', 'N'); // the Friday before half term
  const afterHalfTerm = ['2025-02-24', '2025-02-25', '2025-02-26', '2025-02-27', '2025-02-28'];
  const register = [n, ...afterHalfTerm.map((d) => mark(d, 'AM', '/'))];

  it('skip a half-term week in which the school recorded no sessions', () => {
    expect(overdueNCodes(register, '2025-02-28', NATIONAL_DEFAULTS)).toEqual([]);
    expect(overdueNCodes(register, '2025-03-01', NATIONAL_DEFAULTS)).toEqual([
      { date: '2025-02-14', session: 'AM', schoolId: 'school-a', dueBy: '2025-02-28' },
    ]);
  });

  it('do not count a day the school was closed (#)', () => {
    const closed = [
      n,
      mark('2025-02-17', 'AM', '#'),
      ...afterHalfTerm.map((d) => mark(d, 'AM', '/')),
    ];
    expect(overdueNCodes(closed, '2025-03-01', NATIONAL_DEFAULTS)[0].dueBy).toBe('2025-02-28');
  });

  it('do not count another school’s register', () => {
    const elsewhere = [n, ...afterHalfTerm.map((d) => mark(d, 'AM', '/', 'school-b'))];
    // No later register at school A: five working days are projected from the N (to 21 Feb).
    expect(overdueNCodes(elsewhere, '2025-02-24', NATIONAL_DEFAULTS)[0].dueBy).toBe('2025-02-21');
  });

  it('are projected as working days beyond the last register received', () => {
    const partial = [n, mark('2025-02-24', 'AM', '/'), mark('2025-02-25', 'AM', '/')];
    // Two school days known (24, 25 Feb), three more projected: 26, 27, 28 Feb.
    expect(overdueNCodes(partial, '2025-03-03', NATIONAL_DEFAULTS)[0].dueBy).toBe('2025-02-28');
  });
});
