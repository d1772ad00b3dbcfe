import fc from 'fast-check';
import { addDays, dayOfWeek } from '../calendar';
import {
  birthdayAtAge,
  compulsorySchoolAge,
  isOfCompulsorySchoolAge,
  schoolLeavingDate,
} from './compulsory-school-age';

describe('the start of compulsory school age: the first prescribed day on or after the 5th birthday', () => {
  it.each([
    ['a 5th birthday on 31 August starts that day', '2019-08-31', '2024-08-31'],
    ['a 5th birthday on 1 September starts on 31 December', '2019-09-01', '2024-12-31'],
    ['a 5th birthday on 31 December starts that day', '2019-12-31', '2024-12-31'],
    ['a 5th birthday on 1 January starts on 31 March', '2020-01-01', '2025-03-31'],
    ['a 5th birthday on 31 March starts that day', '2020-03-31', '2025-03-31'],
    ['a 5th birthday on 1 April starts on 31 August', '2020-04-01', '2025-08-31'],
  ])('%s', (_, dateOfBirth, starts) => {
    expect(compulsorySchoolAge(dateOfBirth).starts).toBe(starts);
  });

  it('is not reached the day before it starts', () => {
    expect(isOfCompulsorySchoolAge('2019-09-01', '2024-12-30')).toBe(false);
    expect(isOfCompulsorySchoolAge('2019-09-01', '2024-12-31')).toBe(true);
  });

  it('starts on 31 March for a child born on 29 February, whose 5th birthday is taken as 1 March', () => {
    expect(birthdayAtAge('2020-02-29', 5)).toBe('2025-03-01');
    expect(compulsorySchoolAge('2020-02-29').starts).toBe('2025-03-31');
  });

  it('keeps 29 February as the birthday in a leap year', () => {
    expect(birthdayAtAge('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('always starts on 31 March, 31 August or 31 December, within 4 months of the 5th birthday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), (n) => {
        const dateOfBirth = addDays('2000-01-01', n);
        const { starts } = compulsorySchoolAge(dateOfBirth);
        const fifth = birthdayAtAge(dateOfBirth, 5);
        expect(['03-31', '08-31', '12-31']).toContain(starts.slice(5));
        expect(starts >= fifth).toBe(true);
        expect(starts < addDays(fifth, 153)).toBe(true); // 1 April to 31 August is the longest gap
      }),
    );
  });
});

describe('the end of compulsory school age: the last Friday in June of the school year in which the child turns 16', () => {
  it('is 27 June 2025 for a child born on 31 August 2009, who turns 16 at the end of 2024/25', () => {
    expect(compulsorySchoolAge('2009-08-31').ends).toBe('2025-06-27');
  });

  it('is a year later, 26 June 2026, for a child born on 1 September 2009, who turns 16 in 2025/26', () => {
    expect(compulsorySchoolAge('2009-09-01').ends).toBe('2026-06-26');
  });

  it('comes before the 16th birthday of a child who turns 16 in July (s8(3)(a))', () => {
    expect(compulsorySchoolAge('2009-07-15').ends).toBe('2025-06-27');
    expect(isOfCompulsorySchoolAge('2009-07-15', '2025-07-14')).toBe(false);
  });

  it('is the 16th birthday itself for a child who turns 16 on the leaving date (s8(3)(b))', () => {
    expect(compulsorySchoolAge('2009-06-27').ends).toBe('2025-06-27');
  });

  it('is 28 June 2024 for a child born on 29 February 2008, who turns 16 on 29 February 2024', () => {
    expect(compulsorySchoolAge('2008-02-29').ends).toBe('2024-06-28');
  });

  it('is 25 June 2100 for a child born on 29 February 2084, whose 16th birthday (2100 is no leap year) is 1 March', () => {
    expect(birthdayAtAge('2084-02-29', 16)).toBe('2100-03-01');
    expect(compulsorySchoolAge('2084-02-29').ends).toBe('2100-06-25');
  });

  it('is 30 June when 30 June is itself a Friday', () => {
    expect(compulsorySchoolAge('2007-01-15').ends).toBe('2023-06-30');
  });

  it('includes the leaving date itself and not the day after', () => {
    expect(isOfCompulsorySchoolAge('2009-09-01', '2026-06-26')).toBe(true);
    expect(isOfCompulsorySchoolAge('2009-09-01', '2026-06-27')).toBe(false);
  });

  it('always falls on a Friday in the last week of June', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2200 }), (year) => {
        const date = schoolLeavingDate(year);
        expect(dayOfWeek(date)).toBe(5);
        expect(date >= `${year}-06-24` && date <= `${year}-06-30`).toBe(true);
      }),
    );
  });
});

describe('checking a date against compulsory school age', () => {
  it('refuses a date that is not a real date', () => {
    expect(() => isOfCompulsorySchoolAge('2019-09-01', '2025-02-30')).toThrow(/real calendar date/);
    expect(() => compulsorySchoolAge('2019-13-01')).toThrow(/real calendar date/);
  });
});
