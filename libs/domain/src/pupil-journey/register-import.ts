/**
 * What a register import may record. A school's register arrives as rows (one per pupil per day,
 * a code for each session); each row is checked on its own, then a pupil's rows are checked
 * together, and what survives becomes RecordMarks commands for the pupil's journey. Every row
 * that cannot be recorded is a reject with its line and a reason an officer can act on.
 */
import { daysBetween, IsoDate, isValidDate } from '../calendar';
import { DomainError } from '../errors';
import { isAttendanceCode, isValidUpn } from '../rules';
import type { PupilCommandOf } from './commands';
import { MAX_BATCH_DAYS } from './decide/expect-monitor';
import type { SessionMark } from './events';
import type { PupilJourney } from './state';

export type RejectKind =
  | 'unknown-code'
  | 'missing-marks'
  | 'invalid-upn'
  | 'impossible-date'
  | 'future-date'
  | 'conflicting-duplicate'
  | 'unknown-pupil'
  | 'ambiguous-pupil'
  | 'pupil-at-another-school'
  | 'school-mismatch'
  | 'malformed-row'
  | 'refused';

export interface RowReject {
  line: number;
  kind: RejectKind;
  reason: string;
}

/** One register row as the file says it (strings, untrusted). Blank code: no mark for that session. */
export interface RegisterRow {
  line: number;
  upn: string;
  date: string;
  am: string;
  pm: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The checks a row passes alone; `undefined` when it may be recorded. */
export function checkRegisterRow(row: RegisterRow, today: IsoDate): RowReject | undefined {
  const reject = (kind: RejectKind, reason: string): RowReject => ({
    line: row.line,
    kind,
    reason,
  });
  if (!isValidUpn(row.upn))
    return reject(
      'invalid-upn',
      /^[A-Z][0-9]{11}[0-9A-Z]$/.test(row.upn)
        ? `UPN ${row.upn}: its check letter does not match (DfE UPN guidance); check the number in the school's MIS.`
        : `"${row.upn}" is not a UPN (13 characters: a check letter, 11 digits, then a digit or letter).`,
    );
  if (!ISO_DATE.test(row.date) || !isValidDate(row.date))
    return reject('impossible-date', `"${row.date}" is not a date on the calendar (YYYY-MM-DD).`);
  if (row.date > today)
    return reject('future-date', `${row.date} is in the future: a register cannot be taken yet.`);
  if (row.am === '' && row.pm === '')
    return reject('missing-marks', `No code for either session on ${row.date}.`);
  for (const [session, code] of [
    ['AM', row.am],
    ['PM', row.pm],
  ] as const)
    if (code !== '' && !isAttendanceCode(code))
      return reject(
        'unknown-code',
        `${session} code "${code}" is not an attendance code in the 2024 regulations.`,
      );
  return undefined;
}

/** The marks a checked row carries (blank sessions carry none). */
export function marksOfRow(row: RegisterRow): SessionMark[] {
  const marks: SessionMark[] = [];
  if (row.am !== '' && isAttendanceCode(row.am))
    marks.push({ date: row.date, session: 'AM', code: row.am });
  if (row.pm !== '' && isAttendanceCode(row.pm))
    marks.push({ date: row.date, session: 'PM', code: row.pm });
  return marks;
}

/**
 * A pupil's checked rows together. Sending the same mark twice is harmless; two different codes
 * for one session leave the register unable to say which is right, so every row involved is
 * rejected and neither code is recorded.
 */
export function pupilMarksFromRows(rows: readonly RegisterRow[]): {
  marks: SessionMark[];
  rejects: RowReject[];
} {
  const seen = new Map<string, { code: string; line: number }>();
  const conflicts = new Map<number, string>();
  const marksOf = rows.map(marksOfRow);
  for (const [i, row] of rows.entries())
    for (const m of marksOf[i]) {
      const key = `${m.date} ${m.session}`;
      const earlier = seen.get(key);
      if (!earlier) seen.set(key, { code: m.code, line: row.line });
      else if (earlier.code !== m.code) {
        const why = `${m.session} on ${m.date} is coded "${earlier.code}" on line ${earlier.line} and "${m.code}" on line ${row.line}; neither is recorded.`;
        if (!conflicts.has(earlier.line)) conflicts.set(earlier.line, why);
        if (!conflicts.has(row.line)) conflicts.set(row.line, why);
      }
    }
  const marks = new Map<string, SessionMark>();
  for (const [i, row] of rows.entries()) {
    if (conflicts.has(row.line)) continue;
    for (const m of marksOf[i]) marks.set(`${m.date} ${m.session}`, m);
  }
  const rejects = [...conflicts].map(([line, reason]) => ({
    line,
    kind: 'conflicting-duplicate' as const,
    reason,
  }));
  return { marks: [...marks.values()], rejects };
}

/**
 * RecordMarks commands for a pupil's marks at a school: one per window the decider accepts
 * (MAX_BATCH_DAYS), in date order. Sent together they land in the journey in one append.
 */
export function recordMarksCommands(
  schoolId: string,
  marks: readonly SessionMark[],
): PupilCommandOf<'RecordMarks'>[] {
  const sorted = [...marks].sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.session < b.session ? -1 : 1,
  );
  const commands: PupilCommandOf<'RecordMarks'>[] = [];
  for (const m of sorted) {
    const current = commands[commands.length - 1];
    if (current && daysBetween(current.from, m.date) <= MAX_BATCH_DAYS) {
      current.marks.push(m);
      current.to = m.date;
    } else commands.push({ type: 'RecordMarks', schoolId, from: m.date, to: m.date, marks: [m] });
  }
  return commands;
}

/** A register row for a pupil the LA knows at another school is not theirs to record. */
export class PupilAtAnotherSchool extends DomainError {
  readonly kind = 'rule' as const;
  readonly code = 'pupil-at-another-school';
  constructor(schoolId: string) {
    super(
      `This pupil is on the roll of another school, not ${schoolId}: the LA records marks only from the pupil's current school.`,
      { schoolId },
    );
  }
}

export function requirePupilAtSchool(state: PupilJourney, schoolId: string): void {
  if (state.status !== 'unregistered' && state.schoolId !== schoolId)
    throw new PupilAtAnotherSchool(schoolId);
}
