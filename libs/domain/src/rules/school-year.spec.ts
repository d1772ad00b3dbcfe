import { academicYearOf, easterSunday, termOf } from './school-year';

describe('the school year', () => {
  it('given 1 September 2025, is the academic year 2025/26 from 1 August to 31 July', () => {
    expect(academicYearOf('2025-09-01')).toEqual({
      label: '2025/26',
      from: '2025-08-01',
      to: '2026-07-31',
    });
  });

  it('given 31 July 2026, is still 2025/26; given 1 August 2026, 2026/27', () => {
    expect(academicYearOf('2026-07-31').label).toBe('2025/26');
    expect(academicYearOf('2026-08-01').label).toBe('2026/27');
  });

  it('given the turn of the century, labels 1999/00', () => {
    expect(academicYearOf('1999-10-01').label).toBe('1999/00');
  });
});

describe('Easter Sunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('in %i falls on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('the term of a date', () => {
  it('given a December date, is the autumn term from 1 August to 31 December', () => {
    expect(termOf('2025-12-19')).toEqual({
      term: 'autumn',
      label: 'autumn 2025/26',
      from: '2025-08-01',
      to: '2025-12-31',
    });
  });

  it('given Easter Sunday 2026, is still the spring term', () => {
    expect(termOf('2026-04-05')).toEqual({
      term: 'spring',
      label: 'spring 2025/26',
      from: '2026-01-01',
      to: '2026-04-05',
    });
  });

  it('given Easter Monday 2026, is the summer term to 31 July', () => {
    expect(termOf('2026-04-06')).toEqual({
      term: 'summer',
      label: 'summer 2025/26',
      from: '2026-04-06',
      to: '2026-07-31',
    });
  });
});
