/**
 * Prosecution under Education Act 1996 s444. Information must be laid within 6 months from the
 * offence (Magistrates' Courts Act 1980 s127). "Within 6 months from" a day excludes that day, so
 * the last day is the same date 6 months on (or the month's last day if it has no such date).
 */
import { addMonths, IsoDate } from '../calendar';

/** Months within which information must be laid (Magistrates' Courts Act 1980 s127(1)). */
export const PROSECUTION_TIME_LIMIT_MONTHS = 6;

/** The last day on which information may be laid for an offence (period) ending on `offenceEndsOn`. */
export const prosecutionDeadline = (offenceEndsOn: IsoDate): IsoDate =>
  addMonths(offenceEndsOn, PROSECUTION_TIME_LIMIT_MONTHS);
