import fc from 'fast-check';
import {
  BANK_HOLIDAYS_KNOWN,
  isEnglandAndWalesBankHoliday,
  isWorkingDay,
  memoByString,
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  compareDates,
  dateOf,
  dayOfWeek,
  daysBetween,
  isWeekend,
  isValidDate,
  maxDate,
  minDate,
  parseDate,
  weekStart,
} from './calendar';
import { InvalidInput } from './errors';

describe('calendar dates', () => {
  it('refuses text that is not a date, and dates that do not exist', () => {
    expect(() => parseDate('3 March 2025')).toThrow(InvalidInput);
    expect(() => parseDate('2025-02-29')).toThrow('"2025-02-29" is not a real calendar date.');
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-13-01')).toBe(false);
  });

  it('adds days across a month, a year and the clocks changing', () => {
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysBetween('2025-03-01', '2025-04-01')).toBe(31);
    expect(daysBetween('2025-04-01', '2025-03-01')).toBe(-31);
  });

  it('adds months and years, clamping to the end of a shorter month', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2026-02-10', -3)).toBe('2025-11-10');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('finds the Monday of a week, Sunday belonging to the week before it', () => {
    expect(weekStart('2025-03-05')).toBe('2025-03-03');
    expect(weekStart('2025-03-09')).toBe('2025-03-03');
    expect(weekStart('2025-03-03')).toBe('2025-03-03');
  });

  it('counts working days past weekends and bank holidays', () => {
    expect(addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
    expect(addWorkingDays('2025-05-02', 1)).toBe('2025-05-06'); // Monday 5 May: early May bank holiday
    expect(addWorkingDays('2025-05-02', 0)).toBe('2025-05-02');
  });

  it('reads the UTC date of an instant and compares dates', () => {
    expect(dateOf('2025-03-03T23:30:00.000Z')).toBe('2025-03-03');
    expect(dateOf(new Date('2025-03-04T00:30:00.000Z'))).toBe('2025-03-04');
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(maxDate('2025-01-01', '2025-01-02')).toBe('2025-01-02');
    expect(minDate('2025-01-01', '2025-01-02')).toBe('2025-01-01');
  });
});

describe('calendar dates, more edges', () => {
  it('takes the later of two dates whichever comes first', () => {
    expect(maxDate('2025-01-02', '2025-01-01')).toBe('2025-01-02');
    expect(minDate('2025-01-02', '2025-01-01')).toBe('2025-01-01');
  });

  it('knows Saturday and Sunday as the weekend', () => {
    expect(dayOfWeek('2025-03-08')).toBe(6);
    expect(isWeekend('2025-03-08')).toBe(true);
    expect(isWeekend('2025-03-09')).toBe(true);
    expect(isWeekend('2025-03-10')).toBe(false);
  });

  it('knows the day of the week and the days around it before 1970 as after', () => {
    // 31 December 1969 was a Wednesday, 1 January 1970 a Thursday
    expect(['1969-12-28', '1969-12-31', '1970-01-01'].map(dayOfWeek)).toEqual([0, 3, 4]);
    expect(addDays('1969-12-31', 1)).toBe('1970-01-01');
    expect(addDays('1970-01-01', -366)).toBe('1968-12-31');
  });

  it('stays right past the 20,000 days it remembers the dates of', () => {
    // given more distinct days asked for than are remembered
    const dates = Array.from({ length: 20_050 }, (_, n) => addDays('1970-01-01', n));
    // then the dates asked for before and after it forgot are right
    expect([dates[5], dates[20_049], addDays('1970-01-01', 5)]).toEqual([
      '1970-01-06',
      '2024-11-22',
      '1970-01-06',
    ]);
  });

  it('steps over a bank holiday Monday after a weekend', () => {
    // Friday 23 May 2025; Monday 26 May is the spring bank holiday.
    expect(addWorkingDays('2025-05-23', 2)).toBe('2025-05-28');
  });

  it('goes back months across a year end, clamping to a shorter month', () => {
    expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
    expect(addYears('2028-02-29', -3)).toBe('2025-02-28');
  });

  it('refuses a date with a time in it', () => {
    expect(isValidDate('2025-03-03T00:00:00Z')).toBe(false);
  });

  it('adds days and counts them back to the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), (n) => {
        expect(daysBetween('2025-03-03', addDays('2025-03-03', n))).toBe(n);
      }),
    );
  });

  it('lands working days only on weekdays that are not bank holidays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 10 }), (n, days) => {
        const holidays = ['2025-12-25', '2025-12-26', '2026-01-01'];
        const d = addWorkingDays(addDays('2025-06-01', n), days, holidays);
        expect(isWeekend(d)).toBe(false);
        expect(holidays).not.toContain(d);
      }),
    );
  });
});

describe('working days in England and Wales (Banking and Financial Dealings Act 1971 Sch 1, and royal proclamations)', () => {
  it('knows the 2025 bank holidays as GOV.UK lists them', () => {
    const days = (year: number) =>
      Array.from({ length: 366 }, (_, i) => addDays(`${year}-01-01`, i))
        .filter((d) => d.startsWith(`${year}-`))
        .filter(isEnglandAndWalesBankHoliday);
    expect(days(2025)).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
    // Boxing Day 2026 is a Saturday: its substitute is Monday 28 December.
    expect(days(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('knows the days moved or added by proclamation (2022: jubilee, spring bank holiday moved, state funeral; 2023: coronation)', () => {
    expect(
      ['2022-05-30', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'].map(
        isEnglandAndWalesBankHoliday,
      ),
    ).toEqual([false, true, true, true, true]);
  });

  it('given Friday 22 August 2025, two working days later is Wednesday 27th (the late-summer bank holiday on Monday 25th skipped)', () => {
    expect(addWorkingDays('2025-08-22', 2)).toBe('2025-08-27');
  });

  it("adds a code of conduct's local closures to the bank holidays, never replaces them", () => {
    expect(isWorkingDay('2025-12-24', new Set())).toBe(true);
    expect(isWorkingDay('2025-12-24', new Set(['2025-12-24']))).toBe(false);
    expect(isWorkingDay('2025-12-25', new Set(['2025-12-24']))).toBe(false);
  });

  it('refuses to count working days in a year whose bank holidays it does not know', () => {
    expect(BANK_HOLIDAYS_KNOWN).toEqual({ from: 2000, to: 2100 });
    expect(() => addWorkingDays('2100-12-31', 1)).toThrow(
      'Working days can be counted only from 2000 to 2100, the years whose bank holidays are known; 2101-01-01 is outside them.',
    );
  });
});

describe('memoByString', () => {
  it('given the same key twice, computes once; given more keys than it holds, starts afresh and stays right', () => {
    const seen: string[] = [];
    const upper = memoByString((key) => {
      seen.push(key);
      return key.toUpperCase();
    }, 2);
    expect([upper('a'), upper('a'), upper('b')]).toEqual(['A', 'A', 'B']);
    expect(seen).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C'); // full: emptied, then holds c
    expect(upper('a')).toBe('A');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
