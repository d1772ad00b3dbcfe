/**
 * An `N` (reason not yet established) should be replaced by the right code once the reason is
 * known, or by `O` if none is given, within 5 school days (SI 2024/208; the number is to confirm
 * against the primary text, so it comes from the code of conduct's `nCodeReplacementSchoolDays`).
 *
 * The domain has no term calendar, so school days are read from the register itself: a day on
 * which the same school recorded a session for the pupil (any code but `#`, planned closure) is a
 * school day, and a holiday with no register does not count. Where the register has not yet
 * reached far enough, the remaining days are projected as working days (no weekends or bank
 * holidays), so a register that stops arriving does not hide an overdue N.
 */
import { addWorkingDays, IsoDate } from '../calendar';
import type { CodeOfConduct } from '../code-of-conduct';
import type { AttendanceMark } from './marks';

export interface OverdueNCode {
  date: IsoDate;
  session: AttendanceMark['session'];
  schoolId: string;
  /** The last school day on which it should have been replaced. */
  dueBy: IsoDate;
}

function replacementDueBy(
  n: AttendanceMark,
  marks: readonly AttendanceMark[],
  code: Pick<CodeOfConduct, 'nCodeReplacementSchoolDays' | 'bankHolidays'>,
): IsoDate {
  const laterSchoolDays = [
    ...new Set(
      marks
        .filter((m) => m.schoolId === n.schoolId && m.date > n.date && m.code !== '#')
        .map((m) => m.date),
    ),
  ].sort();
  const days = code.nCodeReplacementSchoolDays;
  if (laterSchoolDays.length >= days) return laterSchoolDays[days - 1];
  const lastKnown = laterSchoolDays[laterSchoolDays.length - 1] ?? n.date;
  return addWorkingDays(lastKnown, days - laterSchoolDays.length, code.bankHolidays);
}

/** The `N` codes still standing (in current marks) whose replacement was due before `asOf`. */
export function overdueNCodes(
  marks: readonly AttendanceMark[],
  asOf: IsoDate,
  code: Pick<CodeOfConduct, 'nCodeReplacementSchoolDays' | 'bankHolidays'>,
): OverdueNCode[] {
  return marks
    .filter((m) => m.code === 'N')
    .map((m) => ({
      date: m.date,
      session: m.session,
      schoolId: m.schoolId,
      dueBy: replacementDueBy(m, marks, code),
    }))
    .filter((n) => n.dueBy < asOf);
}
