/**
 * A mark is what a register says for one session: registers are taken at the start of the
 * morning session and once during the afternoon (SI 2024/208 reg 10). We keep both when a mark
 * was received and which session it is for, so that a later correction changes the record
 * without erasing what was known before it.
 */
import type { IsoDate } from '../calendar';
import type { AttendanceCode } from './attendance-codes';

export type Session = 'AM' | 'PM';

export interface AttendanceMark {
  date: IsoDate;
  session: Session;
  code: AttendanceCode;
  schoolId: string;
  /** When the mark reached us (ISO 8601 instant). */
  receivedAt: string;
}

const sessionKey = (m: Pick<AttendanceMark, 'date' | 'session' | 'schoolId'>) =>
  `${m.date}|${m.session}|${m.schoolId}`;

export const compareMarks = (a: AttendanceMark, b: AttendanceMark): number =>
  a.date !== b.date
    ? a.date < b.date
      ? -1
      : 1
    : a.session !== b.session
      ? a.session === 'AM'
        ? -1
        : 1
      : a.schoolId < b.schoolId
        ? -1
        : a.schoolId > b.schoolId
          ? 1
          : 0;

/**
 * The register as it stands (or as it stood when `knownAt` was the present): for each session at
 * each school, the latest mark received, ignoring marks received after `knownAt`.
 */
export function currentMarks(marks: readonly AttendanceMark[], knownAt?: string): AttendanceMark[] {
  const latest = new Map<string, AttendanceMark>();
  const cutoff = knownAt === undefined ? undefined : new Date(knownAt).getTime();
  for (const mark of marks) {
    if (cutoff !== undefined && new Date(mark.receivedAt).getTime() > cutoff) continue;
    const key = sessionKey(mark);
    const seen = latest.get(key);
    if (!seen || new Date(mark.receivedAt).getTime() >= new Date(seen.receivedAt).getTime())
      latest.set(key, mark);
  }
  return [...latest.values()].sort(compareMarks);
}
