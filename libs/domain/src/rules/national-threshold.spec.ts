import fc from 'fast-check';
import { mark, mondays, presentWeek, weekWithUnauthorised } from '../testing/marks';
import { currentMarks } from './marks';
import { evaluateNationalThreshold } from './national-threshold';

// Ten school weeks from Monday 3 March 2025.
const TEN = mondays('2025-03-03', 10);

describe('the national threshold: 10 unauthorised sessions in a rolling 10 school weeks', () => {
  it('is met by exactly 10 unauthorised sessions in 10 school weeks', () => {
    const marks = TEN.flatMap((m) => weekWithUnauthorised(m, 1));
    const result = evaluateNationalThreshold(marks);
    expect(result).toMatchObject({
      met: true,
      count: 10,
      threshold: 10,
      firstSchoolWeek: '2025-03-03',
      lastSchoolWeek: '2025-05-05',
    });
    expect(result.sessions).toHaveLength(10);
    expect(result.sessions[0]).toEqual({
      date: '2025-03-03',
      session: 'AM',
      code: 'O',
      schoolId: 'school-a',
    });
  });

  it('is not met by 9', () => {
    const marks = TEN.flatMap((m, i) => weekWithUnauthorised(m, i === 0 ? 0 : 1));
    expect(evaluateNationalThreshold(marks)).toMatchObject({ met: false, count: 9 });
  });

  it('counts G, N, O and U in any mix, and sessions need not be consecutive', () => {
    const codes = ['G', 'N', 'O', 'U', 'G'] as const;
    const marks = TEN.flatMap((m, i) =>
      i % 2 === 0 ? weekWithUnauthorised(m, 2, codes[i / 2]) : presentWeek(m),
    );
    expect(evaluateNationalThreshold(marks)).toMatchObject({ met: true, count: 10 });
  });

  it('does not count authorised absence', () => {
    const marks = TEN.flatMap((m) => weekWithUnauthorised(m, 2, 'I'));
    expect(evaluateNationalThreshold(marks)).toMatchObject({ met: false, count: 0 });
  });

  it('does not count 10 sessions spread over 11 school weeks', () => {
    const eleven = mondays('2025-03-03', 11);
    const marks = eleven.flatMap((m, i) =>
      weekWithUnauthorised(m, i === 0 || i === 10 ? 1 : i === 5 ? 0 : 1),
    );
    // Weeks 0..10 hold 10 sessions, but every window of 10 school weeks holds only 9.
    expect(marks.filter((m) => m.code === 'O')).toHaveLength(10);
    expect(evaluateNationalThreshold(marks)).toMatchObject({ met: false, count: 9 });
  });

  it('skips a holiday week, which is not a school week, so the window stretches across it', () => {
    // Weeks 1-5, then a half-term week with no possible sessions, then weeks 6-10.
    const weeks = mondays('2025-01-06', 11).filter((_, i) => i !== 5);
    const marks = weeks.flatMap((m) => weekWithUnauthorised(m, 1));
    const result = evaluateNationalThreshold(marks);
    expect(result).toMatchObject({
      met: true,
      count: 10,
      firstSchoolWeek: '2025-01-06',
      lastSchoolWeek: '2025-03-17',
    });
  });

  it('treats a week with only non-possible sessions (school closed) as no school week', () => {
    const closed = presentWeek('2025-02-10').map((m) => ({ ...m, code: '#' as const }));
    const weeks = mondays('2025-01-06', 11).filter((_, i) => i !== 5);
    const marks = [...weeks.flatMap((m) => weekWithUnauthorised(m, 1)), ...closed];
    expect(evaluateNationalThreshold(marks)).toMatchObject({ met: true, count: 10 });
  });

  it('spans two schools and the summer holiday', () => {
    const summerTerm = mondays('2025-06-16', 5).flatMap((m) =>
      weekWithUnauthorised(m, 1, 'G', 'school-a'),
    );
    const autumnTerm = mondays('2025-09-01', 5).flatMap((m) =>
      weekWithUnauthorised(m, 1, 'N', 'school-b'),
    );
    const result = evaluateNationalThreshold([...summerTerm, ...autumnTerm]);
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

  it('reports the most recent window that meets the threshold', () => {
    const marks = mondays('2025-01-06', 30).flatMap((m) => weekWithUnauthorised(m, 1));
    expect(evaluateNationalThreshold(marks)).toMatchObject({
      met: true,
      firstSchoolWeek: '2025-05-26',
      lastSchoolWeek: '2025-07-28',
    });
  });

  it('looks only at what had happened by a date', () => {
    const marks = TEN.flatMap((m) => weekWithUnauthorised(m, 1));
    expect(evaluateNationalThreshold(marks, { asOf: '2025-04-30' })).toMatchObject({
      met: false,
      count: 9,
    });
  });

  it('looks only inside an offence period when one is given', () => {
    const marks = mondays('2025-01-06', 20).flatMap((m, i) =>
      weekWithUnauthorised(m, i < 10 ? 1 : 0),
    );
    expect(
      evaluateNationalThreshold(marks, { within: { from: '2025-01-06', to: '2025-03-14' } }),
    ).toMatchObject({ met: true });
    expect(
      evaluateNationalThreshold(marks, { within: { from: '2025-01-13', to: '2025-05-23' } }),
    ).toMatchObject({ met: false, count: 9 });
  });

  it('changes when an N is later re-coded as illness, while the register as known before still shows it met', () => {
    const marks = TEN.flatMap((m) => weekWithUnauthorised(m, 1, 'N'));
    const correction = mark('2025-03-03', 'AM', 'I', 'school-a', '2025-05-20T10:00:00.000Z');
    const all = [...marks, correction];
    expect(evaluateNationalThreshold(currentMarks(all))).toMatchObject({ met: false, count: 9 });
    expect(evaluateNationalThreshold(currentMarks(all, '2025-05-19T23:59:59.000Z'))).toMatchObject({
      met: true,
      count: 10,
    });
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

  it('never stops being met when more unauthorised sessions are added', () => {
    const base = TEN.flatMap((m) => weekWithUnauthorised(m, 1));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (weekIndex, slot) => {
          const extra = weekWithUnauthorised(TEN[weekIndex], slot + 1);
          const marks = currentMarks([
            ...base,
            ...extra.map((m) => ({ ...m, receivedAt: '2025-06-01T00:00:00.000Z' })),
          ]);
          expect(evaluateNationalThreshold(marks).met).toBe(true);
        },
      ),
    );
  });
});

describe('the threshold explains itself', () => {
  it('lists the counted sessions in date order, morning before afternoon', () => {
    const marks = [
      mark('2025-03-04', 'PM', 'O'),
      mark('2025-03-04', 'AM', 'G'),
      mark('2025-03-03', 'PM', 'N'),
      mark('2025-03-04', 'PM', 'O', 'school-b'),
    ];
    expect(
      evaluateNationalThreshold(marks).sessions.map((s) => `${s.date} ${s.session} ${s.code}`),
    ).toEqual(['2025-03-03 PM N', '2025-03-04 AM G', '2025-03-04 PM O', '2025-03-04 PM O']);
  });

  it('when no window meets it, shows the most recent window with the most sessions', () => {
    const marks = mondays('2025-01-06', 12).flatMap((m, i) =>
      weekWithUnauthorised(m, i === 0 || i === 11 ? 2 : 0),
    );
    expect(evaluateNationalThreshold(marks)).toMatchObject({
      met: false,
      count: 2,
      firstSchoolWeek: '2025-01-20',
      lastSchoolWeek: '2025-03-24',
    });
  });
});
