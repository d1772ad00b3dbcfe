/**
 * The school year and its terms, for "attendance this term / this year".
 *
 * The DfE's attendance statistics use the academic year from 1 August to 31 July and three terms:
 * autumn (to the Christmas holiday), spring (to Easter) and summer (after Easter). Term dates are
 * set locally, so we take the holiday boundaries that every calendar shares: autumn is 1 August to
 * 31 December, spring 1 January to Easter Sunday, summer Easter Monday to 31 July. Marks only
 * exist on school days, so where exactly a holiday falls inside these spans changes no figure.
 */
import { addDays, IsoDate } from '../calendar';

export type Term = 'autumn' | 'spring' | 'summer';

export interface SchoolPeriod {
  /** e.g. `2025/26` */
  label: string;
  from: IsoDate;
  to: IsoDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The year the academic year containing `date` starts in (1 August to 31 July). */
export const academicYearStart = (date: IsoDate): number => {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '08-01' ? year : year - 1;
};

export const academicYearLabel = (startYear: number): string =>
  `${startYear}/${pad((startYear + 1) % 100)}`;

export function academicYearOf(date: IsoDate): SchoolPeriod {
  const start = academicYearStart(date);
  return { label: academicYearLabel(start), from: `${start}-08-01`, to: `${start + 1}-07-31` };
}

export function termOf(date: IsoDate): SchoolPeriod & { term: Term } {
  const start = academicYearStart(date);
  const year = academicYearLabel(start);
  if (date.slice(5) >= '08-01')
    return {
      term: 'autumn',
      label: `autumn ${year}`,
      from: `${start}-08-01`,
      to: `${start}-12-31`,
    };
  const easter = easterSunday(start + 1);
  if (date <= easter)
    return { term: 'spring', label: `spring ${year}`, from: `${start + 1}-01-01`, to: easter };
  return {
    term: 'summer',
    label: `summer ${year}`,
    from: addDays(easter, 1),
    to: `${start + 1}-07-31`,
  };
}
