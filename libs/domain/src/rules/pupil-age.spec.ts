import { ageOn, implausibleDateOfBirth } from './pupil-age';

describe('a pupil’s age in completed years (a birthday is reached at its start, FLRA 1969 s9)', () => {
  it.each([
    ['the day before the 10th birthday', '2015-03-10', '2025-03-09', 9],
    ['on the 10th birthday', '2015-03-10', '2025-03-10', 10],
    ['a 29 February child on 28 February of a common year', '2016-02-29', '2025-02-28', 8],
    ['a 29 February child on 1 March of a common year', '2016-02-29', '2025-03-01', 9],
  ])('%s', (_, dateOfBirth, on, age) => {
    expect(ageOn(dateOfBirth, on)).toBe(age);
  });
});

describe('a plausible date of birth for a registered pupil: between 2 and 25 on the day recorded', () => {
  it('accepts the youngest and the oldest', () => {
    expect(implausibleDateOfBirth('2023-01-15', '2025-01-15')).toBeNull();
    expect(implausibleDateOfBirth('1999-01-16', '2025-01-15')).toBeNull();
  });

  it('says how old the child would be and what to check', () => {
    expect(implausibleDateOfBirth('2023-01-16', '2025-01-15')).toBe(
      'dateOfBirth 2023-01-16 would make the child 1 year old on 2025-01-15; a registered pupil is between 2 and 25. Check the year of birth.',
    );
    expect(implausibleDateOfBirth('1999-01-15', '2025-01-15')).toMatch(/26 years old/);
  });

  it('says a child not yet born is not yet born', () => {
    expect(implausibleDateOfBirth('2025-02-01', '2025-01-15')).toMatch(
      /not yet born on 2025-01-15/,
    );
  });
});
