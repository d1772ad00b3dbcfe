/**
 * An `N` (reason not yet established) should be replaced by the right code once the reason is
 * known, or by `O` if none is given, within 5 school days (SI 2024/208; the number is to confirm
 * against the primary text, so it comes from the code of conduct).
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
      dueBy: addWorkingDays(m.date, code.nCodeReplacementSchoolDays, code.bankHolidays),
    }))
    .filter((n) => n.dueBy < asOf);
}
