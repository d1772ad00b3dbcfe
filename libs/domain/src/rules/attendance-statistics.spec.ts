import fc from 'fast-check';
import { ATTENDANCE_CODES } from './attendance-codes';
import { addDays } from '../calendar';
import { mark, presentWeek, week } from '../testing/marks';
import {
  attendanceStatistics,
  attendanceTrend,
  trendAsOfLatestRegister,
} from './attendance-statistics';

describe('attendance statistics', () => {
  it('given a full week present, the rate is 100% and no absence flag is raised', () => {
    const stats = attendanceStatistics(presentWeek('2025-03-03'));
    expect(stats).toEqual({
      possible: 10,
      attended: 10,
      authorisedAbsence: 0,
      unauthorisedAbsence: 0,
      rate: 1,
      persistentAbsence: false,
      severeAbsence: false,
    });
  });

  it('given exactly 10% of possible sessions missed, the pupil is persistently absent', () => {
    const marks = [
      ...presentWeek('2025-03-03'),
      ...week('2025-03-10', (d) => (d === 0 ? 'I' : '/')),
    ];
    expect(attendanceStatistics(marks)).toMatchObject({
      possible: 20,
      attended: 18,
      persistentAbsence: true,
    });
  });

  it('given just under 10% missed, the pupil is not persistently absent', () => {
    const marks = [...presentWeek('2025-03-03'), mark('2025-03-10', 'AM', 'I')];
    expect(attendanceStatistics(marks)).toMatchObject({
      possible: 11,
      attended: 10,
      persistentAbsence: false,
    });
  });

  it('given 1 of 9 possible sessions missed (11%), the pupil is persistently absent', () => {
    const marks = [...presentWeek('2025-03-03').slice(0, 8), mark('2025-03-07', 'PM', 'O')];
    expect(attendanceStatistics(marks)).toMatchObject({ possible: 9, persistentAbsence: true });
  });

  it('given just under 50% missed, the pupil is not severely absent', () => {
    const marks = [
      ...week('2025-03-03', (_, s) => (s === 'AM' ? '/' : 'O')),
      mark('2025-03-10', 'AM', '/'),
    ];
    expect(attendanceStatistics(marks)).toMatchObject({
      possible: 11,
      attended: 6,
      severeAbsence: false,
      persistentAbsence: true,
    });
  });

  it('given exactly 50% missed, the pupil is severely absent', () => {
    const marks = week('2025-03-03', (_, s) => (s === 'AM' ? '/' : 'O'));
    expect(attendanceStatistics(marks)).toMatchObject({
      rate: 0.5,
      severeAbsence: true,
      persistentAbsence: true,
      unauthorisedAbsence: 5,
    });
  });

  it('does not count sessions that were not possible (dual registration, school closed)', () => {
    const marks = week('2025-03-03', (d) => (d < 2 ? 'D' : d === 2 ? '#' : '/'));
    expect(attendanceStatistics(marks)).toMatchObject({ possible: 4, attended: 4, rate: 1 });
  });

  it('counts authorised and unauthorised absence apart', () => {
    const marks = week('2025-03-03', (d) => (d === 0 ? 'I' : d === 1 ? 'G' : 'L'));
    expect(attendanceStatistics(marks)).toMatchObject({
      authorisedAbsence: 2,
      unauthorisedAbsence: 2,
      attended: 6,
    });
  });

  it.each(['D', 'Q', 'X', 'Z', '#', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7'] as const)(
    'does not count a session coded %s as possible',
    (code) => {
      const marks = [mark('2025-03-03', 'AM', code), mark('2025-03-03', 'PM', '\\')];
      expect(attendanceStatistics(marks)).toMatchObject({ possible: 1, attended: 1, rate: 1 });
    },
  );

  it('gives no rate when there were no possible sessions', () => {
    expect(attendanceStatistics([mark('2025-03-03', 'AM', 'X')]).rate).toBeNull();
  });

  it('limits figures to a period', () => {
    const marks = [...week('2025-03-03', () => 'O'), ...presentWeek('2025-03-10')];
    expect(attendanceStatistics(marks, { from: '2025-03-10', to: '2025-03-14' }).rate).toBe(1);
  });

  it('counts approved education off site (K, V, P, W, B) as attendance', () => {
    const marks = (['K', 'V', 'P', 'W', 'B'] as const).map((code) =>
      mark('2025-03-03', 'AM', code),
    );
    expect(attendanceStatistics(marks)).toMatchObject({ possible: 5, attended: 5, rate: 1 });
  });

  it('refuses a register holding an unknown code, naming it', () => {
    expect(() =>
      attendanceStatistics([{ ...mark('2025-03-03', 'AM', '/'), code: 'A' as never }]),
    ).toThrow(/"A"/);
  });

  it('raises the absence flags exactly when 10% and 50% of possible sessions are missed', () => {
    const codeArb = fc.constantFrom('/' as const, 'I' as const, 'O' as const, 'X' as const);
    fc.assert(
      fc.property(fc.array(codeArb, { maxLength: 60 }), (codes) => {
        const marks = codes.map((code, i) => mark(addDays('2025-01-06', i), 'AM', code));
        const s = attendanceStatistics(marks);
        const possible = codes.filter((c) => c !== 'X').length;
        const missed = codes.filter((c) => c === 'I' || c === 'O').length;
        expect(s.possible).toBe(possible);
        expect(s.persistentAbsence).toBe(possible > 0 && missed / possible >= 0.1 - 1e-12);
        expect(s.severeAbsence).toBe(possible > 0 && missed / possible >= 0.5 - 1e-12);
      }),
    );
  });

  it('always adds up: attended + authorised + unauthorised = possible', () => {
    const codeArb = fc.constantFrom(...ATTENDANCE_CODES);
    fc.assert(
      fc.property(fc.array(codeArb, { maxLength: 60 }), (codes) => {
        const marks = codes.map((code, i) =>
          mark(`2025-0${1 + (i % 9)}-1${i % 10}`, i % 2 ? 'AM' : 'PM', code),
        );
        const s = attendanceStatistics(marks);
        expect(s.attended + s.authorisedAbsence + s.unauthorisedAbsence).toBe(s.possible);
      }),
    );
  });
});

describe('the attendance trend', () => {
  const fourWeeks = (first: string, codeFor: Parameters<typeof week>[1]) =>
    [0, 7, 14, 21].flatMap((offset) =>
      week(new Date(Date.parse(first) + offset * 86_400_000).toISOString().slice(0, 10), codeFor),
    );

  it('is declining when this 4 weeks is worse than the 4 before', () => {
    const marks = [
      ...fourWeeks('2025-02-03', () => '/'),
      ...fourWeeks('2025-03-03', (d) => (d === 0 ? 'O' : '/')),
    ];
    expect(attendanceTrend(marks, '2025-03-30')).toEqual({
      current: 0.8,
      previous: 1,
      direction: 'declining',
    });
  });

  it('is improving when this 4 weeks is better', () => {
    const marks = [
      ...fourWeeks('2025-02-03', (d) => (d === 0 ? 'O' : '/')),
      ...fourWeeks('2025-03-03', () => '/'),
    ];
    expect(attendanceTrend(marks, '2025-03-30').direction).toBe('improving');
  });

  it('is steady within 2 percentage points', () => {
    const oneMissedAWeek = (d: number, s: string) => (d === 0 && s === 'AM' ? 'I' : '/');
    const previous = fourWeeks('2025-02-03', oneMissedAWeek);
    const trend = attendanceTrend(
      [...previous, ...fourWeeks('2025-03-03', oneMissedAWeek)],
      '2025-03-30',
    );
    expect(trend).toEqual({ current: 0.9, previous: 0.9, direction: 'steady' });
  });

  it('is steady at a change of exactly 2 percentage points', () => {
    // 45 of 50 (90%) then 46 of 50 (92%): 5 weeks of 10 sessions each.
    const fiveWeeks = (first: string, absences: number) =>
      [0, 7, 14, 21, 28].flatMap((offset, w) =>
        week(addDays(first, offset), (d, s) =>
          w * 10 + d * 2 + (s === 'AM' ? 0 : 1) < absences ? 'I' : '/',
        ),
      );
    const marks = [...fiveWeeks('2025-01-27', 5), ...fiveWeeks('2025-03-03', 4)];
    expect(attendanceTrend(marks, '2025-04-06', 5)).toEqual({
      current: 0.92,
      previous: 0.9,
      direction: 'steady',
    });
  });

  it('uses a wider margin when given one', () => {
    const marks = [
      ...fourWeeks('2025-02-03', () => '/'),
      ...fourWeeks('2025-03-03', (d) => (d === 0 ? 'O' : '/')),
    ];
    expect(attendanceTrend(marks, '2025-03-30', 4, 0.25).direction).toBe('steady');
  });

  it('is unknown without sessions in both periods', () => {
    expect(
      attendanceTrend(
        fourWeeks('2025-03-03', () => '/'),
        '2025-03-30',
      ).direction,
    ).toBe('unknown');
  });
});

describe('the attendance trend as of the latest register (what the journey and the caseload show)', () => {
  const weeks = (first: string, n: number, codeFor: Parameters<typeof week>[1]) =>
    Array.from({ length: n }, (_, i) => week(addDays(first, i * 7), codeFor)).flat();

  it('compares the 4 weeks up to the latest register with the 4 before, not the weeks up to today', () => {
    const marks = [
      ...weeks('2025-02-03', 4, () => '/'),
      ...weeks('2025-03-03', 4, (d) => (d === 0 ? 'O' : '/')),
    ];
    expect(trendAsOfLatestRegister(marks)).toEqual(attendanceTrend(marks, '2025-03-28'));
    expect(trendAsOfLatestRegister(marks).direction).toBe('declining');
  });

  it('is unknown with no register at all', () => {
    expect(trendAsOfLatestRegister([]).direction).toBe('unknown');
  });
});
