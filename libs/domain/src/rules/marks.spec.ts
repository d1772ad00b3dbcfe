import fc from 'fast-check';
import { InvalidInput } from '../errors';
import { mark } from '../testing/marks';
import { compareMarks, currentMarks } from './marks';

describe('the register as it stands', () => {
  it('keeps the latest mark received for each session', () => {
    const n = mark('2025-03-03', 'AM', 'N', 'school-a', '2025-03-03T09:00:00Z');
    const corrected = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-03-06T12:00:00Z');
    expect(currentMarks([corrected, n])).toEqual([corrected]);
  });

  it('rebuilds the register as it was known before a correction arrived', () => {
    const n = mark('2025-03-03', 'AM', 'N', 'school-a', '2025-03-03T09:00:00Z');
    const corrected = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-03-06T12:00:00Z');
    expect(currentMarks([n, corrected], '2025-03-05T00:00:00Z')).toEqual([n]);
  });

  it('keeps the same session at two schools apart (dual registration)', () => {
    const a = mark('2025-03-03', 'AM', 'D', 'school-a');
    const b = mark('2025-03-03', 'AM', '/', 'school-b');
    expect(currentMarks([b, a])).toEqual([a, b]);
  });

  it('orders the register by date, then morning before afternoon', () => {
    const marks = [
      mark('2025-03-04', 'AM', '/'),
      mark('2025-03-03', 'PM', '\\'),
      mark('2025-03-03', 'AM', '/'),
    ];
    expect(currentMarks(marks).map((m) => `${m.date} ${m.session}`)).toEqual([
      '2025-03-03 AM',
      '2025-03-03 PM',
      '2025-03-04 AM',
    ]);
  });
});

describe('ordering and ties in the register', () => {
  it('keeps the later of two marks received at the same instant in arrival order', () => {
    const first = mark('2025-03-03', 'AM', 'N');
    const second = mark('2025-03-03', 'AM', 'O');
    expect(currentMarks([first, second])).toEqual([second]);
  });

  it('orders the same session at two schools by school', () => {
    const marks = [
      mark('2025-03-03', 'PM', '/', 'school-b'),
      mark('2025-03-03', 'PM', 'D', 'school-a'),
      mark('2025-03-03', 'PM', 'D', 'school-a'),
    ];
    expect(currentMarks(marks).map((m) => m.schoolId)).toEqual(['school-a', 'school-b']);
  });
});

describe('instants in the register', () => {
  it('refuses a mark whose time of receipt cannot be read, rather than treating it as never', () => {
    expect(() => currentMarks([mark('2025-03-03', 'AM', '/', 'school-a', 'yesterday')])).toThrow(
      InvalidInput,
    );
  });

  it('refuses a "known at" time that cannot be read, rather than showing everything', () => {
    expect(() => currentMarks([mark('2025-03-03', 'AM', '/')], 'not a time')).toThrow(
      /"not a time" is not an instant \(knownAt\)/,
    );
  });

  it('includes a mark received at exactly the "known at" instant', () => {
    const m = mark('2025-03-03', 'AM', 'N', 'school-a', '2025-03-03T09:00:00.000Z');
    expect(currentMarks([m], '2025-03-03T09:00:00.000Z')).toEqual([m]);
  });
});

describe('the register as it stands, for any history', () => {
  const history = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 4 }),
      session: fc.constantFrom('AM' as const, 'PM' as const),
      code: fc.constantFrom('/' as const, 'N' as const, 'I' as const, 'O' as const),
      school: fc.constantFrom('school-a', 'school-b'),
      hour: fc.integer({ min: 0, max: 23 }),
    }),
    { maxLength: 40 },
  );
  const toMarks = (
    h: {
      day: number;
      session: 'AM' | 'PM';
      code: '/' | 'N' | 'I' | 'O';
      school: string;
      hour: number;
    }[],
  ) =>
    h.map((r) =>
      mark(
        `2025-03-0${3 + r.day}`,
        r.session,
        r.code,
        r.school,
        `2025-03-10T${String(r.hour).padStart(2, '0')}:00:00.000Z`,
      ),
    );

  it('holds one mark per session and school, and reading it again changes nothing', () => {
    fc.assert(
      fc.property(history, (h) => {
        const register = currentMarks(toMarks(h));
        const keys = register.map((m) => `${m.date}|${m.session}|${m.schoolId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(currentMarks(register)).toEqual(register);
      }),
    );
  });

  it('keeps for each session a mark received no earlier than any other for it', () => {
    fc.assert(
      fc.property(history, (h) => {
        const marks = toMarks(h);
        for (const kept of currentMarks(marks)) {
          const rivals = marks.filter(
            (m) =>
              m.date === kept.date && m.session === kept.session && m.schoolId === kept.schoolId,
          );
          for (const r of rivals) expect(r.receivedAt <= kept.receivedAt).toBe(true);
        }
      }),
    );
  });
});

describe('the order of the register', () => {
  it('holds two marks for the same session at the same school as equal', () => {
    const a = mark('2025-03-03', 'AM', 'N');
    expect(compareMarks(a, { ...a, code: 'I' })).toBe(0);
  });
});
