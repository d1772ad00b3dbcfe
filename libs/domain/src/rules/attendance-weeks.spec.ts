import { mark, presentWeek, week, weekWithUnauthorised } from '../testing/marks';
import {
  attendanceWeek,
  latestMarkedDay,
  weeklySchoolYearTotals,
  weeklyStatistics,
  weeklyThresholdAsOf,
  weeklyTrendAsOfLatestRegister,
  updateSchoolYearTotals,
} from './attendance-weeks';
import { termOf } from './school-year';

describe("a week's aggregate of the register", () => {
  it("is each school's sessions as one string of codes, Monday morning first", () => {
    // given a present week (/ in the morning, \\ in the afternoon) with Tuesday afternoon unauthorised
    const marks = presentWeek('2025-03-03').map((m) =>
      m.date === '2025-03-04' && m.session === 'PM' ? { ...m, code: 'O' as const } : m,
    );
    // then the week is one string: a character a session (\\ written |), none at the weekend
    expect(attendanceWeek(marks)).toEqual({
      monday: '2025-03-03',
      schools: { 'school-a': '/|/O/|/|/|----' },
    });
  });

  it('needs at least one mark', () => {
    expect(() => attendanceWeek([])).toThrow(/at least one mark/);
  });

  it('refuses marks from another week, naming the date', () => {
    // given marks from Monday 3 March 2025 and from the Monday after
    const marks = [mark('2025-03-03', 'AM', '/'), mark('2025-03-10', 'AM', '/')];
    // then the aggregate is refused
    expect(() => attendanceWeek(marks)).toThrow(
      /2025-03-10 is not in the week beginning 2025-03-03/,
    );
  });

  it('splits a week that straddles 1 August between the two academic years', () => {
    // given a week of present marks from Monday 28 July 2025, 1 August being the Friday
    const aggregate = attendanceWeek(presentWeek('2025-07-28'));
    // then Monday to Thursday count in 2024/25 and Friday in 2025/26
    expect(weeklySchoolYearTotals([aggregate], '2024/25')['school-a']).toMatchObject({
      possible: 8,
      attended: 8,
    });
    expect(weeklySchoolYearTotals([aggregate], '2025/26')['school-a']).toMatchObject({
      possible: 2,
      attended: 2,
    });
    // and no other year has any
    expect(weeklySchoolYearTotals([aggregate], '2023/24')).toEqual({});
  });

  it('sums only the days of a term that starts mid-week', () => {
    // given a week from Monday 29 December 2025 with every session unauthorised on Monday to
    // Wednesday and present on Thursday 1 and Friday 2 January
    const aggregate = attendanceWeek(week('2025-12-29', (day) => (day < 3 ? 'O' : '/')));
    // when the spring term is summed
    const spring = weeklyStatistics([aggregate], termOf('2026-01-02'));
    // then only 1 and 2 January count
    expect(spring).toMatchObject({ possible: 4, attended: 4, unauthorisedAbsence: 0, rate: 1 });
  });

  it('counts a dual-registered session at each school, but once towards the threshold', () => {
    // given both schools recorded Monday morning as unauthorised, and on Monday afternoon one
    // recorded the pupil as present
    const aggregate = attendanceWeek([
      mark('2025-03-03', 'AM', 'O', 'school-b'),
      mark('2025-03-03', 'AM', 'G', 'school-a'),
      mark('2025-03-03', 'PM', 'O', 'school-a'),
      mark('2025-03-03', 'PM', '/', 'school-b'),
    ]);
    // then statistics count four possible sessions
    expect(weeklyStatistics([aggregate])).toMatchObject({ possible: 4, unauthorisedAbsence: 3 });
    // and the threshold counts the morning once, with the first school in register order
    expect(weeklyThresholdAsOf([aggregate], '2025-03-03').sessions).toEqual([
      { date: '2025-03-03', session: 'AM', code: 'G', schoolId: 'school-a' },
    ]);
  });

  it('keeps a school that only had non-possible sessions in the year, with nothing counted', () => {
    const aggregate = attendanceWeek(week('2025-03-03', () => 'Y4', 'school-b'));
    expect(weeklySchoolYearTotals([aggregate], '2024/25')).toEqual({
      'school-b': {
        possible: 0,
        attended: 0,
        persistentAbsence: false,
        severeAbsence: false,
        suspensionSessions: 0,
        partTimeSessions: 0,
      },
    });
  });

  it('counts suspension (E) and part-time timetable (C2) sessions per school', () => {
    const aggregate = attendanceWeek(week('2025-03-03', (day) => (day < 2 ? 'E' : 'C2')));
    expect(weeklySchoolYearTotals([aggregate], '2024/25')['school-a']).toMatchObject({
      possible: 10,
      attended: 0,
      severeAbsence: true,
      suspensionSessions: 4,
      partTimeSessions: 6,
    });
  });
});

describe('the threshold from weekly aggregates', () => {
  it("does not count a week as a school week for a day before the 6 months' start", () => {
    // given, 6 months before Wednesday 15 October 2025 being Tuesday 15 April, a week whose only
    // possible session is on Monday 14 April, and 10 unauthorised sessions in later weeks
    const weeks = [
      attendanceWeek([
        mark('2025-04-14', 'AM', 'O'),
        mark('2025-04-15', 'AM', 'X'),
        mark('2025-04-16', 'AM', 'X'),
      ]),
      attendanceWeek(weekWithUnauthorised('2025-10-13', 10)),
    ];
    // when the threshold is evaluated as of 15 October
    const result = weeklyThresholdAsOf(weeks, '2025-10-15');
    // then the week of 14 April is no school week and its Monday's absence does not count
    expect(result).toMatchObject({ firstSchoolWeek: '2025-10-13', count: 6 });
  });

  it('counts a week with sessions held but none possible on the school-session-held basis only', () => {
    // given a week the pupil was not expected at school (X) and a week the school was closed (#)
    const weeks = [
      attendanceWeek(week('2025-03-03', () => 'X')),
      attendanceWeek(week('2025-03-10', () => '#')),
      attendanceWeek(weekWithUnauthorised('2025-03-17', 1)),
    ];
    // then only the school-session-held basis counts the X week
    expect(weeklyThresholdAsOf(weeks, '2025-03-21', 'school-session-held')).toMatchObject({
      firstSchoolWeek: '2025-03-03',
      lastSchoolWeek: '2025-03-17',
    });
    expect(weeklyThresholdAsOf(weeks, '2025-03-21', 'pupil-possible-session')).toMatchObject({
      firstSchoolWeek: '2025-03-17',
    });
  });

  it('counts the same whatever order the weeks are given in', () => {
    // given three weeks of 4 unauthorised sessions each, listed out of order
    const [first, second, third] = ['2025-03-03', '2025-03-10', '2025-03-17'].map((monday) =>
      attendanceWeek(weekWithUnauthorised(monday, 4)),
    );
    const inOrder = weeklyThresholdAsOf([first, second, third], '2025-03-21');
    // then the threshold is the one of the weeks in order
    expect(weeklyThresholdAsOf([third, first, second], '2025-03-21')).toEqual(inOrder);
    expect(weeklyThresholdAsOf([second, third, first], '2025-03-21')).toEqual(inOrder);
    expect(inOrder).toMatchObject({ count: 12, firstSchoolWeek: '2025-03-03' });
  });

  it('has no school weeks and so is not met when there are no weeks', () => {
    expect(weeklyThresholdAsOf([], '2025-03-21')).toMatchObject({
      met: false,
      count: 0,
      firstSchoolWeek: null,
    });
  });
});

describe('the latest register from weekly aggregates', () => {
  it('is the latest day with a mark of any code, possible or not', () => {
    // given a present week and, the week after, a planned closure on Wednesday only
    const weeks = [
      attendanceWeek(presentWeek('2025-03-03')),
      attendanceWeek([mark('2025-03-12', 'PM', '#')]),
    ];
    expect(latestMarkedDay(weeks)).toBe('2025-03-12');
  });

  it('is unknown, and so is the trend, when there are no weeks', () => {
    expect(latestMarkedDay([])).toBeNull();
    expect(weeklyTrendAsOfLatestRegister([])).toEqual({
      current: null,
      previous: null,
      direction: 'unknown',
    });
  });
});

describe("the academic years' totals kept as weeks change", () => {
  it("adds a new week's sessions and replaces a corrected week's", () => {
    // given a week of one unauthorised session and nine present, counted as a new week
    const first = attendanceWeek(weekWithUnauthorised('2025-03-03', 1));
    const totals = updateSchoolYearTotals({}, null, first);
    expect(totals['2024/25']['school-a']).toMatchObject({ possible: 10, attended: 9 });
    // when the absence is corrected to a suspension
    const corrected = attendanceWeek(weekWithUnauthorised('2025-03-03', 1, 'E'));
    const after = updateSchoolYearTotals(totals, first, corrected);
    // then the year holds the corrected week once, and the earlier totals are left as they were
    expect(after['2024/25']['school-a']).toMatchObject({
      possible: 10,
      attended: 9,
      suspensionSessions: 1,
      persistentAbsence: true,
    });
    expect(totals['2024/25']['school-a'].suspensionSessions).toBe(0);
  });
});
