/**
 * The national attendance and absence codes (School Attendance (Pupil Registration) (England)
 * Regulations 2024, SI 2024/208, reg 10 and tables 1-4) and what each counts as.
 */
import { DomainError } from '../errors';

export type CodeCategory =
  'present' | 'approved-education' | 'authorised' | 'unauthorised' | 'not-possible';

const CATEGORIES = {
  // Present (table 1).
  '/': 'present',
  '\\': 'present',
  L: 'present',
  // Attending a place other than the school: approved educational activity, counted as present.
  K: 'approved-education',
  V: 'approved-education',
  P: 'approved-education',
  W: 'approved-education',
  B: 'approved-education',
  // Authorised absence (table 2).
  C: 'authorised',
  C1: 'authorised',
  C2: 'authorised',
  E: 'authorised',
  I: 'authorised',
  J1: 'authorised',
  M: 'authorised',
  R: 'authorised',
  S: 'authorised',
  T: 'authorised',
  // Unauthorised absence (table 3).
  G: 'unauthorised',
  N: 'unauthorised',
  O: 'unauthorised',
  U: 'unauthorised',
  // Not counted as possible sessions (table 4; X, Z and # to confirm against the primary text).
  D: 'not-possible',
  Q: 'not-possible',
  Y1: 'not-possible',
  Y2: 'not-possible',
  Y3: 'not-possible',
  Y4: 'not-possible',
  Y5: 'not-possible',
  Y6: 'not-possible',
  Y7: 'not-possible',
  X: 'not-possible',
  Z: 'not-possible',
  '#': 'not-possible',
} as const satisfies Record<string, CodeCategory>;

export type AttendanceCode = keyof typeof CATEGORIES;
export const ATTENDANCE_CODES = Object.keys(CATEGORIES) as readonly AttendanceCode[];
/** The codes that count towards the national penalty-notice threshold (WTISA 2024 ch. 6; SI 2024/208 table 3). */
export const UNAUTHORISED_CODES: readonly AttendanceCode[] = ATTENDANCE_CODES.filter(
  (code) => CATEGORIES[code] === 'unauthorised',
);

export class UnknownAttendanceCode extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'unknown-attendance-code';
  constructor(readonly attendanceCode: string) {
    super(`"${attendanceCode}" is not an attendance code in the 2024 regulations.`, {
      attendanceCode,
    });
  }
}

export const isAttendanceCode = (code: string): code is AttendanceCode =>
  Object.prototype.hasOwnProperty.call(CATEGORIES, code);

/** What a code counts as; an unknown code is an input error, never a silent zero. */
export function categoryOf(code: string): CodeCategory {
  if (!isAttendanceCode(code)) throw new UnknownAttendanceCode(code);
  return CATEGORIES[code];
}

/**
 * A possible session is one the pupil was expected to attend (any code but table 4's). Marks read
 * back from storage are only typed, not checked, so an unknown code throws here too.
 */
export const isPossibleSession = (code: AttendanceCode): boolean =>
  categoryOf(code) !== 'not-possible';
/** Present or at approved educational activity (both count as attendance). */
export const isAttended = (code: AttendanceCode): boolean => {
  const category = categoryOf(code);
  return category === 'present' || category === 'approved-education';
};
/** Unauthorised absence: the codes that count towards the penalty-notice threshold. */
export const isUnauthorised = (code: AttendanceCode): boolean =>
  categoryOf(code) === 'unauthorised';

/**
 * Each code as one character, so a week's register can be kept as a short string of sessions
 * (attendance-weeks.ts): the one-character codes stand for themselves, but for `\` (written `|`,
 * which JSON need not escape); the two-character codes are written in lower case or as their
 * digit: C1 `c`, C2 `d`, J1 `j`, Y1 to Y7 `1` to `7`.
 */
const CODE_CHARS: Record<AttendanceCode, string> = Object.fromEntries(
  ATTENDANCE_CODES.map((code) => [code, code]),
) as Record<AttendanceCode, string>;
Object.assign(CODE_CHARS, { '\\': '|', C1: 'c', C2: 'd', J1: 'j' });
for (let n = 1; n <= 7; n += 1) CODE_CHARS[`Y${n}` as AttendanceCode] = String(n);
const CODES_BY_CHAR = new Map(ATTENDANCE_CODES.map((code) => [CODE_CHARS[code], code]));

/** The character a code is kept as in a week's string of sessions; an unknown code throws. */
export function codeChar(code: AttendanceCode): string {
  if (!isAttendanceCode(code)) throw new UnknownAttendanceCode(code);
  return CODE_CHARS[code];
}

/** The code a character of a week's string of sessions stands for (undefined for none). */
export const codeOfChar = (char: string): AttendanceCode | undefined => CODES_BY_CHAR.get(char);
