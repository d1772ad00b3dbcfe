/**
 * A mark is what a register says for one session: registers are taken at the start of the
 * morning session and once during the afternoon (SI 2024/208 reg 10). We keep both when a mark
 * was received and which session it is for, so that a later correction changes the record
 * without erasing what was known before it.
 */
import { IsoDate, memoByString } from '../calendar';
import { InvalidInput } from '../errors';
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

const parseInstant = memoByString((value) => new Date(value).getTime());

/** Milliseconds of an ISO 8601 instant; an unreadable instant is an input error, not "never". */
function instant(value: string, field: string): number {
  const ms = parseInstant(value);
  if (Number.isNaN(ms))
    throw new InvalidInput(`"${value}" is not an instant (${field}).`, { field });
  return ms;
}

/** When a mark reached us, in milliseconds since 1970 (an unreadable instant is an input error). */
export const markReceivedAt = (mark: Pick<AttendanceMark, 'receivedAt'>): number =>
  instant(mark.receivedAt, 'receivedAt');

/**
 * The register as it stands (or as it stood when `knownAt` was the present): for each session at
 * each school, the latest mark received, ignoring marks received after `knownAt`. Of two marks
 * received at the same instant the one later in the list wins (the store's order of arrival).
 */
export function currentMarks(marks: readonly AttendanceMark[], knownAt?: string): AttendanceMark[] {
  const latest = new Map<string, { mark: AttendanceMark; at: number }>();
  const cutoff = knownAt === undefined ? undefined : instant(knownAt, 'knownAt');
  for (const mark of marks) {
    const at = markReceivedAt(mark);
    if (cutoff !== undefined && at > cutoff) continue;
    const key = sessionKey(mark);
    const seen = latest.get(key);
    if (!seen || at >= seen.at) latest.set(key, { mark, at });
  }
  return [...latest.values()].map((seen) => seen.mark).sort(compareMarks);
}
