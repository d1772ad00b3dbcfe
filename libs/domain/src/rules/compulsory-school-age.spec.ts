import {
  birthdayAtAge,
  compulsorySchoolAge,
  isOfCompulsorySchoolAge,
} from './compulsory-school-age';

describe('compulsory school age (Education Act 1996 s8)', () => {
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

  it('ends on the last Friday in June of the school year in which a child born on 31 August turns 16', () => {
    // Turns 16 on 31 Aug 2025: school year 2024/25; the last Friday in June 2025 is the 27th.
    expect(compulsorySchoolAge('2009-08-31').ends).toBe('2025-06-27');
  });

  it('ends a year later for a child born on 1 September, who turns 16 in the next school year', () => {
    // Turns 16 on 1 Sep 2025: school year 2025/26; the last Friday in June 2026 is the 26th.
    expect(compulsorySchoolAge('2009-09-01').ends).toBe('2026-06-26');
  });

  it('finds the last Friday when 30 June is itself a Friday', () => {
    expect(compulsorySchoolAge('2007-01-15').ends).toBe('2023-06-30');
  });

  it('gives a child born on 29 February their birthday on 1 March in other years', () => {
    expect(birthdayAtAge('2020-02-29', 5)).toBe('2025-03-01');
    expect(birthdayAtAge('2020-02-29', 4)).toBe('2024-02-29');
    expect(compulsorySchoolAge('2020-02-29').starts).toBe('2025-03-31');
  });

  it('is in force from its first day to its last, and not a day either side', () => {
    const { starts, ends } = compulsorySchoolAge('2019-09-01');
    expect(isOfCompulsorySchoolAge('2019-09-01', starts)).toBe(true);
    expect(isOfCompulsorySchoolAge('2019-09-01', '2024-12-30')).toBe(false);
    expect(isOfCompulsorySchoolAge('2019-09-01', ends)).toBe(true);
    expect(isOfCompulsorySchoolAge('2019-09-01', '2036-07-01')).toBe(false);
  });
});
