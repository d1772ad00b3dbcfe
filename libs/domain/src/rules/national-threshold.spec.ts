import fc from 'fast-check';
import { addDays } from '../calendar';
import { mark, mondays, presentWeek, week, weekWithUnauthorised } from '../testing/marks';
import { AttendanceCode } from './attendance-codes';
import { currentMarks } from './marks';
import { evaluateNationalThreshold, thresholdAsOf } from './national-threshold';

// Ten school weeks from Monday 3 March 2025.
const TEN = mondays('2025-03-03', 10);
const oneUnauthorisedSessionEachWeek = (weeks: string[], code: AttendanceCode = 'O') =>
  weeks.flatMap((monday) => weekWithUnauthorised(monday, 1, code));
const weekCoded = (monday: string, code: AttendanceCode, schoolId?: string) =>
  week(monday, () => code, schoolId);

describe('the national threshold: 10 unauthorised sessions in a rolling period of 10 school weeks', () => {
  it('is met by exactly 10 unauthorised sessions in 10 school weeks', () => {
    // given one unauthorised session in each of 10 school weeks
    const register = oneUnauthorisedSessionEachWeek(TEN);
    // when the threshold is evaluated
    const result = evaluateNationalThreshold(register);
    // then it is met, over exactly those weeks
    expect(result).toMatchObject({
      met: true,
      count: 10,
      threshold: 10,
      firstSchoolWeek: '2025-03-03',
      lastSchoolWeek: '2025-05-05',
    });
    expect(result.sessions).toHaveLength(10);
  });

  it('is not met by 9 unauthorised sessions in 10 school weeks', () => {
    const register = TEN.flatMap((m, i) => weekWithUnauthorised(m, i === 0 ? 0 : 1));
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: false, count: 9 });
  });

  it('counts G, N, O and U in any mix', () => {
    const codes: AttendanceCode[] = ['G', 'N', 'O', 'U', 'G', 'N', 'O', 'U', 'G', 'N'];
    const register = TEN.flatMap((m, i) => weekWithUnauthorised(m, 1, codes[i]));
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: true, count: 10 });
  });

  it('does not need the sessions to be consecutive', () => {
    const register = TEN.flatMap((m, i) =>
      i % 2 === 0 ? weekWithUnauthorised(m, 2) : presentWeek(m),
    );
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: true, count: 10 });
  });

  it.each(['I', 'M', 'C', 'E', 'K', 'L'] as AttendanceCode[])(
    'does not count sessions coded %s',
    (code) => {
      const register = TEN.flatMap((m) => weekWithUnauthorised(m, 2, code));
      expect(evaluateNationalThreshold(register)).toMatchObject({ met: false, count: 0 });
    },
  );

  it('is not met by 10 sessions spread over 11 school weeks', () => {
    // given sessions in weeks 1-5 and 7-11 of 11 consecutive school weeks, none in week 6
    const eleven = mondays('2025-03-03', 11);
    const register = eleven.flatMap((m, i) => weekWithUnauthorised(m, i === 5 ? 0 : 1));
    // then every window of 10 school weeks holds only 9
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: false, count: 9 });
  });

  it('stretches across a holiday week, which has no school session and so is not a school week', () => {
    // given weeks 1-5, a half-term week with no register at all, then weeks 6-10
    const weeks = mondays('2025-01-06', 11).filter((_, i) => i !== 5);
    const result = evaluateNationalThreshold(oneUnauthorisedSessionEachWeek(weeks));
    // then the 10 school weeks cover 11 calendar weeks
    expect(result).toMatchObject({
      met: true,
      count: 10,
      firstSchoolWeek: '2025-01-06',
      lastSchoolWeek: '2025-03-17',
    });
  });

  it.each(['D', 'X', 'Z', '#', 'Q', 'Y1'] as AttendanceCode[])(
    'does not count a week wholly coded %s as a school week, since none of its sessions is possible',
    (code) => {
      const weeks = mondays('2025-01-06', 11);
      const register = weeks.flatMap((m, i) =>
        i === 5 ? weekCoded(m, code) : weekWithUnauthorised(m, 1),
      );
      expect(evaluateNationalThreshold(register)).toMatchObject({ met: true, count: 10 });
    },
  );

  it('spans two schools and the summer holiday', () => {
    // given 5 school weeks at school A before the summer and 5 at school B after it
    const summerTerm = mondays('2025-06-16', 5).flatMap((m) =>
      weekWithUnauthorised(m, 1, 'G', 'school-a'),
    );
    const autumnTerm = mondays('2025-09-01', 5).flatMap((m) =>
      weekWithUnauthorised(m, 1, 'N', 'school-b'),
    );
    const result = evaluateNationalThreshold([...summerTerm, ...autumnTerm]);
    // then the six holiday weeks are skipped and both schools' sessions count
    expect(result).toMatchObject({
      met: true,
      count: 10,
      firstSchoolWeek: '2025-06-16',
      lastSchoolWeek: '2025-09-29',
    });
    expect(new Set(result.sessions.map((s) => s.schoolId))).toEqual(
      new Set(['school-a', 'school-b']),
    );
  });

  it('spans a move between schools in the middle of a term', () => {
    const atA = mondays('2025-01-06', 4).flatMap((m) =>
      weekWithUnauthorised(m, 2, 'O', 'school-a'),
    );
    const atB = mondays('2025-02-03', 6).flatMap((m) =>
      weekWithUnauthorised(m, 1, 'O', 'school-b'),
    );
    expect(evaluateNationalThreshold([...atA, ...atB])).toMatchObject({ met: true, count: 14 });
  });

  it('counts a session once when two schools both marked it unauthorised', () => {
    const register = [
      ...oneUnauthorisedSessionEachWeek(TEN.slice(1)),
      mark('2025-03-03', 'AM', 'O', 'school-a'),
      mark('2025-03-03', 'AM', 'O', 'school-b'),
    ];
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: true, count: 10 });
    expect(evaluateNationalThreshold(register).sessions[0]).toEqual({
      date: '2025-03-03',
      session: 'AM',
      code: 'O',
      schoolId: 'school-a',
    });
  });

  it('does not count a session one school marked unauthorised while the other recorded the pupil there', () => {
    const register = [
      ...oneUnauthorisedSessionEachWeek(TEN.slice(1)),
      mark('2025-03-03', 'AM', 'O', 'school-a'),
      mark('2025-03-03', 'AM', '/', 'school-b'),
    ];
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: false, count: 9 });
  });

  it('counts a session the main school coded D (dual registered) and the other school coded O', () => {
    const register = [
      ...oneUnauthorisedSessionEachWeek(TEN.slice(1)),
      mark('2025-03-03', 'AM', 'D', 'school-a'),
      mark('2025-03-03', 'AM', 'O', 'school-b'),
    ];
    expect(evaluateNationalThreshold(register)).toMatchObject({ met: true, count: 10 });
  });

  it('looks at the whole register when it holds fewer than 10 school weeks', () => {
    const register = mondays('2025-03-03', 3).flatMap((m) => weekWithUnauthorised(m, 4));
    expect(evaluateNationalThreshold(register)).toMatchObject({
      met: true,
      count: 12,
      firstSchoolWeek: '2025-03-03',
      lastSchoolWeek: '2025-03-17',
    });
  });

  it('reports the most recent window that meets the threshold', () => {
    const register = oneUnauthorisedSessionEachWeek(mondays('2025-01-06', 30));
    expect(evaluateNationalThreshold(register)).toMatchObject({
      met: true,
      firstSchoolWeek: '2025-05-26',
      lastSchoolWeek: '2025-07-28',
    });
  });

  it('looks only at sessions on or before the date asked about', () => {
    const register = oneUnauthorisedSessionEachWeek(TEN);
    expect(evaluateNationalThreshold(register, { asOf: '2025-05-04' })).toMatchObject({
      met: false,
      count: 9,
    });
    expect(evaluateNationalThreshold(register, { asOf: '2025-05-05' })).toMatchObject({
      met: true,
    });
  });

  it('looks only inside an offence period when one is given', () => {
    const register = mondays('2025-01-06', 20).flatMap((m, i) =>
      weekWithUnauthorised(m, i < 10 ? 1 : 0),
    );
    expect(
      evaluateNationalThreshold(register, { within: { from: '2025-01-06', to: '2025-03-14' } }),
    ).toMatchObject({ met: true });
    expect(
      evaluateNationalThreshold(register, { within: { from: '2025-01-07', to: '2025-05-23' } }),
    ).toMatchObject({ met: false, count: 9 });
  });

  it('is refused, naming the code, when the register holds an unknown code', () => {
    const register = [
      ...oneUnauthorisedSessionEachWeek(TEN),
      { ...mark('2025-03-04', 'AM', '/'), code: 'A' },
    ];
    expect(() => evaluateNationalThreshold(register as never)).toThrow(
      /"A" is not an attendance code/,
    );
  });

  it('gives an empty result for an empty register', () => {
    expect(evaluateNationalThreshold([])).toEqual({
      met: false,
      threshold: 10,
      count: 0,
      sessions: [],
      firstSchoolWeek: null,
      lastSchoolWeek: null,
    });
  });
});

describe('a corrected mark and the threshold', () => {
  const tenNs = oneUnauthorisedSessionEachWeek(TEN, 'N');
  // The school later re-codes the first N as illness, once the reason is known.
  const correction = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-05-20T10:00:00.000Z');

  it('is no longer met once an N is re-coded as illness', () => {
    expect(evaluateNationalThreshold(currentMarks([...tenNs, correction]))).toMatchObject({
      met: false,
      count: 9,
    });
  });

  it('was met in the register as known before the correction arrived, which still shows the N', () => {
    const asKnown = currentMarks([...tenNs, correction], '2025-05-19T23:59:59.000Z');
    expect(evaluateNationalThreshold(asKnown)).toMatchObject({ met: true, count: 10 });
    expect(asKnown.find((m) => m.date === '2025-03-03' && m.session === 'AM')?.code).toBe('N');
  });

  it('is judged on the latest marks even when given the raw history', () => {
    expect(evaluateNationalThreshold([...tenNs, correction])).toMatchObject({
      met: false,
      count: 9,
    });
  });
});

describe('what makes a school week (the code of conduct decides; to confirm)', () => {
  const weeks = mondays('2025-01-06', 11);
  const withWeekSix = (code: AttendanceCode) =>
    weeks.flatMap((m, i) => (i === 5 ? weekCoded(m, code) : weekWithUnauthorised(m, 1)));

  it('by default, is a week with a possible session for the pupil', () => {
    expect(evaluateNationalThreshold(withWeekSix('X'))).toMatchObject({ met: true });
  });

  it.each(['D', 'X', 'Z', 'Q'] as AttendanceCode[])(
    'when read as any session the school held, counts a week wholly coded %s, so 10 sessions in 11 weeks fall short',
    (code) => {
      expect(
        evaluateNationalThreshold(withWeekSix(code), { schoolWeekBasis: 'school-session-held' }),
      ).toMatchObject({ met: false, count: 9 });
    },
  );

  it.each(['#', 'Y4'] as AttendanceCode[])(
    'when read as any session the school held, still skips a week wholly coded %s (the school did not meet)',
    (code) => {
      expect(
        evaluateNationalThreshold(withWeekSix(code), { schoolWeekBasis: 'school-session-held' }),
      ).toMatchObject({ met: true, count: 10 });
    },
  );
});

describe('the threshold explains itself', () => {
  it('lists the counted sessions in date order, morning before afternoon', () => {
    const register = [
      mark('2025-03-04', 'PM', 'O'),
      mark('2025-03-04', 'AM', 'G'),
      mark('2025-03-03', 'PM', 'N'),
      mark('2025-03-05', 'AM', '/'),
    ];
    expect(
      evaluateNationalThreshold(register).sessions.map((s) => `${s.date} ${s.session} ${s.code}`),
    ).toEqual(['2025-03-03 PM N', '2025-03-04 AM G', '2025-03-04 PM O']);
  });

  it('when no window meets it, shows the most recent window with the most sessions', () => {
    const register = mondays('2025-01-06', 12).flatMap((m, i) =>
      weekWithUnauthorised(m, i === 0 || i === 11 ? 2 : 0),
    );
    expect(evaluateNationalThreshold(register)).toMatchObject({
      met: false,
      count: 2,
      firstSchoolWeek: '2025-01-20',
      lastSchoolWeek: '2025-03-24',
    });
  });

  it('when no window meets it, prefers an earlier window that holds more sessions', () => {
    const register = mondays('2025-01-06', 12).flatMap((m, i) =>
      weekWithUnauthorised(m, i === 0 ? 5 : i === 11 ? 2 : 0),
    );
    expect(evaluateNationalThreshold(register)).toMatchObject({
      met: false,
      count: 5,
      firstSchoolWeek: '2025-01-06',
      lastSchoolWeek: '2025-03-10',
    });
  });
});

describe('the threshold, for any register', () => {
  // A register of up to 30 weeks: each week is a holiday (no marks) or holds 0-10 unauthorised sessions.
  const registers = fc.array(fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), {
    minLength: 1,
    maxLength: 30,
  });
  const build = (plan: (number | null)[]) =>
    plan.flatMap((n, i) =>
      n === null ? [] : weekWithUnauthorised(addDays('2025-01-06', i * 7), n),
    );
  /** By brute force over the plan: is there a run of 10 consecutive non-holiday weeks holding 10? */
  const meetsByHand = (plan: (number | null)[]) => {
    const schoolWeeks = plan.filter((n): n is number => n !== null);
    const size = Math.min(10, schoolWeeks.length);
    for (let i = 0; i + size <= schoolWeeks.length; i += 1) {
      if (schoolWeeks.slice(i, i + size).reduce((a, b) => a + b, 0) >= 10) return true;
    }
    return false;
  };

  it('is met exactly when some 10 consecutive school weeks hold 10 unauthorised sessions', () => {
    fc.assert(
      fc.property(registers, (plan) => {
        expect(evaluateNationalThreshold(build(plan)).met).toBe(meetsByHand(plan));
      }),
    );
  });

  it('never stops being met, and never counts fewer, when a present session becomes unauthorised', () => {
    fc.assert(
      fc.property(registers, fc.nat(), (plan, pick) => {
        const before = build(plan);
        const present = before.filter((m) => m.code === '/' || m.code === '\\');
        fc.pre(present.length > 0);
        const changed = present[pick % present.length];
        const after = before.map((m) => (m === changed ? { ...m, code: 'G' as const } : m));
        const [was, is] = [evaluateNationalThreshold(before), evaluateNationalThreshold(after)];
        if (was.met) expect(is.met).toBe(true);
        expect(is.count).toBeGreaterThanOrEqual(Math.min(was.count, 10));
      }),
    );
  });

  it('counts exactly the sessions it lists, all inside the window it names', () => {
    fc.assert(
      fc.property(registers, (plan) => {
        const result = evaluateNationalThreshold(build(plan));
        expect(result.sessions).toHaveLength(result.count);
        for (const s of result.sessions) {
          expect(s.date >= (result.firstSchoolWeek as string)).toBe(true);
          expect(s.date <= addDays(result.lastSchoolWeek as string, 6)).toBe(true);
        }
      }),
    );
  });
});

describe('the threshold as of a day: a window met within the last 6 months', () => {
  // Ten school weeks from 3 March 2025 (the last one starts 5 May), one unauthorised session each.
  const register = oneUnauthorisedSessionEachWeek(TEN);

  it('is met while the window that met it is within the last 6 months', () => {
    // given the window of 3 March to 9 May 2025, when asked on 3 September 2025 (six months after 3 March)
    const result = thresholdAsOf(register, '2025-09-03');
    // then it is met, over that window
    expect(result).toMatchObject({ met: true, count: 10, firstSchoolWeek: '2025-03-03' });
  });

  it('is no longer met once the window starts more than 6 months back', () => {
    // given the same window, when asked on 4 September 2025, then its first week has dropped out
    expect(thresholdAsOf(register, '2025-09-04')).toMatchObject({ met: false, count: 9 });
  });

  it('looks only at sessions on or before the day asked about', () => {
    // given the tenth session falls on 5 May, when asked on 4 May, then only nine count
    expect(thresholdAsOf(register, '2025-05-04')).toMatchObject({ met: false, count: 9 });
  });
});
