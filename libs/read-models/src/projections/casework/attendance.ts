/**
 * The attendance part of a pupil's casework state: the register, kept compactly, and the figures
 * worked out from it. Every casework view that shows attendance folds it through these two
 * functions, so how the register is kept (and how cheaply the figures follow a new register) is
 * decided here alone.
 */
import { academicYearOf, AttendanceMark, SchoolWeekBasis } from '@app/domain';
import type { JourneyDoc } from './documents';
import { emptyRegister, recordMark } from './register';
import { markFigures } from './rows';

export type AttendanceState = Pick<JourneyDoc, 'marks' | 'figures'>;

/**
 * The attendance state after `marks` were received. `before` belongs to the caller's own copy of
 * the document: its register is brought up to date in place. The figures are worked out again
 * only when there were marks.
 */
export function recordAttendance(
  before: AttendanceState,
  marks: readonly AttendanceMark[],
  schoolWeekBasis: SchoolWeekBasis | undefined,
): AttendanceState {
  if (marks.length === 0) return before;
  const register = before.marks;
  const touched = new Set<string>();
  for (const m of marks) {
    const year = academicYearOf(m.date).label;
    touched.add(year);
    recordMark((register[year] ??= emptyRegister()), m);
  }
  return {
    marks: register,
    figures: markFigures(register, schoolWeekBasis, before.figures, [...touched]),
  };
}
