import {
  ATTENDANCE_CODES,
  AttendanceCode,
  categoryOf,
  codeChar,
  codeOfChar,
  isAttendanceCode,
  isAttended,
  isPossibleSession,
  isUnauthorised,
  UNAUTHORISED_CODES,
  UnknownAttendanceCode,
} from './attendance-codes';

describe('attendance codes (SI 2024/208 reg 10)', () => {
  it.each([
    ['/', 'present'],
    ['\\', 'present'],
    ['L', 'present'],
    ['K', 'approved-education'],
    ['V', 'approved-education'],
    ['P', 'approved-education'],
    ['W', 'approved-education'],
    ['B', 'approved-education'],
    ['C', 'authorised'],
    ['C1', 'authorised'],
    ['C2', 'authorised'],
    ['E', 'authorised'],
    ['I', 'authorised'],
    ['J1', 'authorised'],
    ['M', 'authorised'],
    ['R', 'authorised'],
    ['S', 'authorised'],
    ['T', 'authorised'],
    ['G', 'unauthorised'],
    ['N', 'unauthorised'],
    ['O', 'unauthorised'],
    ['U', 'unauthorised'],
    ['D', 'not-possible'],
    ['Q', 'not-possible'],
    ['Y1', 'not-possible'],
    ['Y2', 'not-possible'],
    ['Y3', 'not-possible'],
    ['Y4', 'not-possible'],
    ['Y5', 'not-possible'],
    ['Y6', 'not-possible'],
    ['Y7', 'not-possible'],
    ['X', 'not-possible'],
    ['Z', 'not-possible'],
    ['#', 'not-possible'],
  ])('counts %s as %s', (code, category) => {
    expect(categoryOf(code)).toBe(category);
  });

  it('knows the 34 codes of the regulations', () => {
    expect(ATTENDANCE_CODES).toHaveLength(34);
  });

  it('refuses an unknown code, naming it, rather than counting it as nothing', () => {
    expect(() => categoryOf('A')).toThrow(UnknownAttendanceCode);
    expect(() => categoryOf('A')).toThrow('"A" is not an attendance code in the 2024 regulations.');
  });

  it('gives the refusal of an unknown code a stable reason and the code itself', () => {
    expect(new UnknownAttendanceCode('Y8')).toMatchObject({
      kind: 'invalid',
      code: 'unknown-attendance-code',
      details: { attendanceCode: 'Y8' },
    });
  });

  it.each(['a', 'n', '', ' N', 'Y8', 'J', 'toString', '__proto__'])(
    'does not take %p for a code',
    (text) => {
      expect(isAttendanceCode(text)).toBe(false);
      expect(() => categoryOf(text)).toThrow(UnknownAttendanceCode);
    },
  );

  it('refuses an unknown code read back from storage when asked whether it was a possible session', () => {
    expect(() => isPossibleSession('A' as never)).toThrow(/"A"/);
    expect(() => isAttended('A' as never)).toThrow(/"A"/);
    expect(() => isUnauthorised('A' as never)).toThrow(/"A"/);
  });

  it('counts the four unauthorised codes towards the penalty-notice threshold', () => {
    expect(UNAUTHORISED_CODES).toEqual(['G', 'N', 'O', 'U']);
    expect(ATTENDANCE_CODES.filter(isUnauthorised)).toEqual(['G', 'N', 'O', 'U']);
  });

  it('treats approved education off site as attendance, and table 4 codes as no possible session', () => {
    expect(isAttended('K')).toBe(true);
    expect(isAttended('I')).toBe(false);
    expect(isPossibleSession('D')).toBe(false);
    expect(isPossibleSession('N')).toBe(true);
  });

  it('keeps every code as one character of its own, and reads each back', () => {
    const chars = ATTENDANCE_CODES.map(codeChar);
    expect(chars.every((c) => c.length === 1)).toBe(true);
    expect(new Set(chars).size).toBe(ATTENDANCE_CODES.length);
    expect(chars.map(codeOfChar)).toEqual(ATTENDANCE_CODES);
    // the two-character codes, and the one JSON would escape
    expect(['C1', 'C2', 'J1', 'Y4', '\\'].map((c) => codeChar(c as AttendanceCode))).toEqual([
      'c',
      'd',
      'j',
      '4',
      '|',
    ]);
  });

  it('has no character for an unknown code, and no code for a session without a mark', () => {
    expect(() => codeChar('ZZ' as AttendanceCode)).toThrow(UnknownAttendanceCode);
    expect(codeOfChar('-')).toBeUndefined();
  });
});
