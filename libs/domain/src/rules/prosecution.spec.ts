import { prosecutionDeadline } from './prosecution';

describe('the time limit for prosecution (6 months, Magistrates Courts Act 1980 s127)', () => {
  it('ends on the same date 6 months after the offence', () => {
    expect(prosecutionDeadline('2025-03-14')).toBe('2025-09-14');
  });

  it('ends on the last day of a shorter month when it has no such date', () => {
    expect(prosecutionDeadline('2025-08-31')).toBe('2026-02-28');
    expect(prosecutionDeadline('2027-08-31')).toBe('2028-02-29');
  });

  it('runs into the next year', () => {
    expect(prosecutionDeadline('2025-12-19')).toBe('2026-06-19');
  });
});
