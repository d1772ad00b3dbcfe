/**
 * A pupil's register as the journey document keeps it: by week, each week with only the current
 * mark of each session, as one string of codes per school (the domain's `AttendanceWeek`, all the
 * figures read), and when each current mark was received, so that a correction replaces a mark
 * only if received later (of two received at the same instant, the later in the list wins, as in
 * the domain's `currentMarks`). A new register changes the weeks it is for and no other.
 */
import {
  AttendanceMark,
  addDays,
  compareMarks,
  IsoDate,
  NO_MARK,
  SESSIONS_IN_WEEK,
  sessionCode,
  withSessionCode,
} from '@app/domain';
import type { WeekRegister } from './documents';

export const emptyWeek = (): WeekRegister => ({ schools: {}, received: [] });

const NONE = NO_MARK.charCodeAt(0);
/** The character of the first receipt in `receipts`; the n-th is n characters on. */
const FIRST_RECEIPT = '0'.charCodeAt(0);
const receiptChar = (receipt: number) => String.fromCharCode(FIRST_RECEIPT + receipt);
/** The sessions with a mark, in a string of codes or of receipts. */
const MARKED = new RegExp(`[^${NO_MARK}]`, 'g');
const replaceAt = (s: string, at: number, char: string) => s.slice(0, at) + char + s.slice(at + 1);

/** Which of `received` the current mark of a session was received at (-1: no mark). */
function receiptOf(week: WeekRegister, schoolId: string, slot: number): number {
  const sessions = week.schools[schoolId];
  if (sessions === undefined || sessions.charCodeAt(slot) === NONE) return -1;
  const receipts = week.receipts?.[schoolId];
  return receipts === undefined ? 0 : receipts.charCodeAt(slot) - FIRST_RECEIPT;
}

/**
 * Records a mark for session `slot` of the week (the domain's `sessionSlot`), received at `at`
 * (`markReceivedAt`, worked out by the caller once per register), unless the session already has
 * one received later. Call `dropSupersededReceipts` once the register's marks are recorded.
 */
export function recordMark(week: WeekRegister, m: AttendanceMark, slot: number, at: number): void {
  const seen = receiptOf(week, m.schoolId, slot);
  if (seen >= 0 && at < week.received[seen]) return;
  let receipt = week.received.indexOf(at);
  if (receipt < 0) receipt = week.received.push(at) - 1;
  const sessions = withSessionCode(week.schools[m.schoolId], slot, m.code);
  week.schools[m.schoolId] = sessions;
  if (week.received.length === 1) return;
  // Two receipts or more: each session says which.
  if (!week.receipts) {
    week.receipts = {};
    for (const schoolId in week.schools)
      week.receipts[schoolId] = week.schools[schoolId].replace(MARKED, receiptChar(0));
  }
  week.receipts[m.schoolId] = replaceAt(
    week.receipts[m.schoolId] ?? NO_MARK.repeat(SESSIONS_IN_WEEK),
    slot,
    receiptChar(receipt),
  );
}

/**
 * Forgets the instants no current mark was received at (every mark received then was corrected
 * since), so a week re-sent whole is one receipt again and `receipts` is left out.
 */
export function dropSupersededReceipts(week: WeekRegister): void {
  const { receipts } = week;
  if (!receipts) return;
  const kept = week.received.map(() => false);
  for (const schoolId in receipts)
    for (let slot = 0; slot < SESSIONS_IN_WEEK; slot += 1) {
      const code = receipts[schoolId].charCodeAt(slot);
      if (code !== NONE) kept[code - FIRST_RECEIPT] = true;
    }
  if (!kept.includes(false)) return;
  let next = 0;
  const renumbered = kept.map((k) => (k ? receiptChar(next++) : NO_MARK));
  week.received = week.received.filter((_, receipt) => kept[receipt]);
  if (week.received.length === 1) {
    delete week.receipts;
    return;
  }
  for (const schoolId in receipts)
    receipts[schoolId] = receipts[schoolId].replace(
      MARKED,
      (c) => renumbered[c.charCodeAt(0) - FIRST_RECEIPT],
    );
}

/** The week's current marks in register order (by date, morning first, then school). */
export function marksOf(monday: IsoDate, week: WeekRegister): AttendanceMark[] {
  const marks: AttendanceMark[] = [];
  for (const schoolId in week.schools)
    for (let slot = 0; slot < SESSIONS_IN_WEEK; slot += 1) {
      const code = sessionCode(week.schools[schoolId], slot);
      if (code === undefined) continue;
      marks.push({
        date: addDays(monday, slot >> 1),
        session: slot % 2 === 0 ? 'AM' : 'PM',
        schoolId,
        code,
        receivedAt: new Date(week.received[receiptOf(week, schoolId, slot)]).toISOString(),
      });
    }
  return marks.sort(compareMarks);
}
