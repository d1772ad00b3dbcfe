/**
 * What a register event adds to the pupil's register: `evolve` appends these marks to the
 * journey's, and a read model that keeps the register its own way (by week) records the same
 * marks without folding the rest of the journey, so there is one reading of a register event.
 */
import type { AttendanceMark } from '../rules/marks';
import type { PupilEvent } from './events';

/** The events that change nothing but the register. */
export type RegisterEvent = Extract<
  PupilEvent,
  { type: 'AttendanceMarksRecorded' | 'AttendanceMarkCorrected' }
>;

export const isRegisterEvent = (event: PupilEvent): event is RegisterEvent =>
  event.type === 'AttendanceMarksRecorded' || event.type === 'AttendanceMarkCorrected';

/** The marks a register event adds, each with the school and the instant it was received. */
export function marksAddedBy(event: RegisterEvent): AttendanceMark[] {
  if (event.type === 'AttendanceMarkCorrected') {
    const { schoolId, date, session, code, receivedAt } = event.data;
    return [{ schoolId, date, session, code, receivedAt }];
  }
  const { schoolId, receivedAt } = event.data;
  // Each field named: the most common event by far, and a spread of each mark costs more.
  return event.data.marks.map(({ date, session, code }) => ({
    date,
    session,
    code,
    schoolId,
    receivedAt,
  }));
}
