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
