import { NATIONAL_DEFAULTS } from '../code-of-conduct';
import { mark, mondays, presentWeek, week, weekWithUnauthorised } from '../testing/marks';
import type { AttendanceMark } from './marks';
import {
  evaluateMonitorRules,
  MonitorConcern,
  SUDDEN_DROP_PERCENTAGE_POINTS,
} from './monitor-rules';

/** Specs read: given a register, when the monitor rules run, then these concerns are raised. */
const given = (marks: AttendanceMark[], raised: string[] = [], code = NATIONAL_DEFAULTS) => ({
  whenEvaluated: () => evaluateMonitorRules({ pupilId: 'pupil-1', marks, code, raised }),
});
const names = (concerns: MonitorConcern[]) => concerns.map((c) => c.rule.name).sort();
const named = (concerns: MonitorConcern[], name: string) =>
  concerns.find((c) => c.rule.name === name);

const SPRING = mondays('2025-01-06', 10);
/** Ten weeks of spring 2025, each with `n` unauthorised sessions out of 10. */
const springWith = (n: number) => SPRING.flatMap((m) => weekWithUnauthorised(m, n));

describe('monitor rules', () => {
  it('raise nothing for a register without marks', () => {
    expect(given([]).whenEvaluated()).toEqual([]);
  });

  it('raise nothing for a pupil attending 100%', () => {
    expect(given(SPRING.flatMap((m) => presentWeek(m))).whenEvaluated()).toEqual([]);
  });

  it('raise attendance below the level and persistent absence at 80% attendance, with the figures', () => {
    const concerns = given(springWith(2)).whenEvaluated();
    expect(names(concerns)).toEqual([
      'attendance-below-level',
      'national-threshold-met',
      'persistent-absence',
    ]);
    expect(named(concerns, 'attendance-below-level')).toEqual({
      concernId: 'monitor-attendance-below-level-pupil-1-spring-2024-25',
      summary: 'Attendance this school year is 80%, below the 90% the code of conduct sets.',
      rule: {
        name: 'attendance-below-level',
        figures: {
          from: '2024-08-01',
          to: '2025-03-14',
          possibleSessions: 100,
          attendedSessions: 80,
          attendancePercent: 80,
          levelPercent: 90,
          term: 'spring 2024/25',
        },
      },
    });
    expect(named(concerns, 'persistent-absence')?.concernId).toBe(
      'monitor-persistent-absence-pupil-1-2024-25',
    );
  });

  it('take the level from the code of conduct: 92% is below a local level of 95% but not persistent absence', () => {
    const marks = [
      ...weekWithUnauthorised(SPRING[0], 4, 'I'),
      ...SPRING.slice(1, 5).flatMap((m) => presentWeek(m)),
    ];
    const concerns = given(marks, [], {
      ...NATIONAL_DEFAULTS,
      lowAttendanceRate: 0.95,
    }).whenEvaluated();
    expect(names(concerns)).toEqual(['attendance-below-level']);
    expect(named(concerns, 'attendance-below-level')?.rule.figures).toMatchObject({
      attendancePercent: 92,
      levelPercent: 95,
    });
    expect(given(marks).whenEvaluated()).toEqual([]);
  });

  it('raise severe absence (not persistent absence as well) when half the sessions or more are missed', () => {
    const concerns = given(
      SPRING.slice(0, 2).flatMap((m) => weekWithUnauthorised(m, 6, 'I')),
    ).whenEvaluated();
    expect(names(concerns)).toEqual(['attendance-below-level', 'severe-absence']);
    expect(named(concerns, 'severe-absence')?.rule.figures).toMatchObject({
      thresholdPercent: 50,
      attendancePercent: 40,
    });
  });

  it('raise the national threshold with its window when 10 unauthorised sessions fall in 10 school weeks', () => {
    const concern = named(given(springWith(1)).whenEvaluated(), 'national-threshold-met');
    expect(concern?.rule.figures).toEqual({
      unauthorisedSessions: 10,
      threshold: 10,
      firstSchoolWeek: '2025-01-06',
      lastSchoolWeek: '2025-03-10',
      term: 'spring 2024/25',
    });
    expect(concern?.summary).toMatch(/Consider support first/);
  });

  it('do not raise the threshold at 9 sessions', () => {
    const marks = [...springWith(1).slice(0, 90), ...presentWeek('2025-03-10')];
    expect(names(given(marks).whenEvaluated())).not.toContain('national-threshold-met');
  });

  it('do not raise the threshold again next term for a window more than 6 months before the register', () => {
    // given spring 2025 met the threshold, and the pupil attended every session of the autumn term
    const autumn = mondays('2025-09-01', 7).flatMap((m) => presentWeek(m));
    // when the rules run on the autumn register (6 January is more than 6 months back)
    const concerns = given([...springWith(1), ...autumn]).whenEvaluated();
    // then no threshold concern is raised for the autumn term
    expect(names(concerns)).not.toContain('national-threshold-met');
  });

  it('raise an N code still standing after 5 school days of register, once per session', () => {
    const marks = [
      ...week('2025-01-06', (day, s) => (day === 0 && s === 'AM' ? 'N' : s === 'AM' ? '/' : '\\')),
      ...presentWeek('2025-01-13'),
    ];
    const concerns = given(marks).whenEvaluated();
    expect(names(concerns)).toEqual(['n-code-not-replaced']);
    expect(concerns[0]).toMatchObject({
      concernId: 'monitor-n-code-not-replaced-pupil-1-school-a-2025-01-06-AM',
      rule: {
        figures: {
          date: '2025-01-06',
          session: 'AM',
          schoolId: 'school-a',
          dueBy: '2025-01-13',
          schoolDaysAllowed: 5,
        },
      },
    });
  });

  it('do not raise an N code replaced in time, nor one whose school days have not yet passed', () => {
    const nWednesday = [
      ...presentWeek('2025-01-06'),
      ...week('2025-01-13', (day, s) => (day === 2 && s === 'AM' ? 'N' : s === 'AM' ? '/' : '\\')),
    ];
    const replaced = mark('2025-01-15', 'AM', 'I', 'school-a', '2025-01-16T09:00:00.000Z');
    expect(given([...nWednesday, ...presentWeek('2025-01-20'), replaced]).whenEvaluated()).toEqual(
      [],
    );
    expect(given(nWednesday).whenEvaluated()).toEqual([]);
  });

  it(`raise a sudden drop of ${SUDDEN_DROP_PERCENTAGE_POINTS} points or more between the last 4 weeks and the 4 before`, () => {
    const marks = [
      ...SPRING.slice(0, 8).flatMap((m) => presentWeek(m)),
      ...SPRING.slice(8, 12).flatMap((m) => weekWithUnauthorised(m, 0)),
      ...mondays('2025-03-03', 4).flatMap((m) => weekWithUnauthorised(m, 1, 'I')),
    ];
    const concern = named(given(marks).whenEvaluated(), 'sudden-drop');
    expect(concern?.rule.figures).toEqual({
      previousPercent: 100,
      currentPercent: 90,
      dropPercentagePoints: 10,
      weeks: 4,
      asOf: '2025-03-28',
    });
  });

  it('do not raise a fall of less than 10 points', () => {
    const marks = [
      ...mondays('2025-01-06', 4).flatMap((m) => presentWeek(m)),
      // 10 weeks of 20 sessions... here 4 weeks with 1 authorised absence in two of them: 95%
      ...mondays('2025-02-03', 4).flatMap((m, i) =>
        i < 2 ? weekWithUnauthorised(m, 1, 'I') : presentWeek(m),
      ),
    ];
    expect(names(given(marks).whenEvaluated())).not.toContain('sudden-drop');
  });

  it('raise nothing again for the same register once its concerns are on the journey', () => {
    const first = given(springWith(2)).whenEvaluated();
    expect(given(springWith(2)).whenEvaluated()).toEqual(first);
    expect(
      given(
        springWith(2),
        first.map((c) => c.concernId),
      ).whenEvaluated(),
    ).toEqual([]);
  });

  it('raise attendance below the level again next term, but persistent absence once a school year', () => {
    const spring = springWith(2);
    const raised = given(spring)
      .whenEvaluated()
      .map((c) => c.concernId);
    const summer = mondays('2025-04-28', 2).flatMap((m) => weekWithUnauthorised(m, 2));
    const next = given([...spring, ...summer], raised).whenEvaluated();
    expect(next.map((c) => c.concernId)).toEqual([
      'monitor-attendance-below-level-pupil-1-summer-2024-25',
      'monitor-national-threshold-met-pupil-1-summer-2024-25',
    ]);
  });
});
