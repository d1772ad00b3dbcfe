import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../libs/domain/src/bank-holidays-england-wales';
import {
  CORRECTIONS,
  dataFileSource,
  englandAndWalesBankHolidays,
  FIRST_YEAR,
  LAST_YEAR,
  libraryBankHolidays,
} from './england-and-wales';
import { readFileSync } from 'node:fs';
import { DATA_FILE } from './generate';

const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

describe('the England and Wales bank holidays the domain uses', () => {
  it.each(years)(
    'in %i equal what date-holidays (GB-ENG) computes, with the recorded corrections',
    (year) => {
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS[year]).toBe(
        englandAndWalesBankHolidays(year).join(' '),
      );
    },
  );

  it('are exactly the file `npm run bank-holidays:generate` writes, for no more and no fewer years', () => {
    expect(readFileSync(DATA_FILE, 'utf8')).toBe(dataFileSource());
    expect(Object.keys(ENGLAND_AND_WALES_BANK_HOLIDAYS).map(Number)).toEqual(years);
  });

  it('correct only days the library gets wrong: each correction changes what it computes', () => {
    for (const [year, { add, remove }] of Object.entries(CORRECTIONS)) {
      const library = libraryBankHolidays(Number(year));
      for (const day of add) expect(library).not.toContain(day);
      for (const day of remove) expect(library).toContain(day);
    }
  });

  it('hold eight bank holidays a year, more only where a proclamation added one', () => {
    // 2002 golden jubilee, 2011 royal wedding, 2012 diamond jubilee, 2022 platinum jubilee and the
    // state funeral, 2023 coronation (2020 moved the early May bank holiday; it added none).
    const extra: Record<number, number> = { 2002: 1, 2011: 1, 2012: 1, 2022: 2, 2023: 1 };
    for (const year of years) {
      const count = ENGLAND_AND_WALES_BANK_HOLIDAYS[year].split(' ').length;
      expect({ year, count }).toEqual({ year, count: 8 + (extra[year] ?? 0) });
    }
  });
});
