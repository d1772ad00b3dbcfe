import type { StatisticsDoc } from '@app/read-models';
import { statisticsCsv, statisticsRows, workerRows } from './statistics-report';

const doc = (scope: string, schoolId: string, counters: Record<string, number>): StatisticsDoc => ({
  scope,
  schoolId,
  counters,
});

describe('the statistics report', () => {
  const current = [
    doc('current', '*', { open: 3, 'stage:monitor': 2, 'stage:enforce': 1, 'flag:persistent': 2 }),
    doc('current', 'school-b', { open: 1, 'stage:enforce': 1 }),
    doc('current', 'school-a', { open: 2, 'stage:monitor': 2, 'flag:persistent': 2 }),
  ];
  const year = [
    doc('year|2024/25', '*', {
      pupils: 4,
      possible: 400,
      attended: 350,
      persistent: 2,
      severe: 1,
      noticesIssued: 3,
      'notices:paid': 1,
      'notices:withdrawn': 1,
      esosGranted: 1,
    }),
    doc('year|2024/25', 'school-c', { pupils: 1, possible: 100, attended: 100 }),
  ];

  it('given counters for schools and the LA, puts the LA total first, then schools in order', () => {
    expect(statisticsRows(current, year).map((r) => r.schoolId)).toEqual([
      '*',
      'school-a',
      'school-b',
      'school-c',
    ]);
  });

  it('given the year counters, works out rates to 4 decimal places and names the census figures', () => {
    const [la] = statisticsRows(current, year);
    expect(la).toMatchObject({
      openCases: 3,
      byStage: { expect: 0, monitor: 2, enforce: 1 },
      flags: { persistent: 2, severe: 0, threshold: 0 },
      pupils: 4,
      attendanceRate: 0.875,
      persistentAbsenceRate: 0.5,
      severeAbsenceRate: 0.25,
      penaltyNotices: { issued: 3, paid: 1, withdrawn: 1, prosecuted: 0 },
      supervisionOrders: { applications: 0, granted: 1 },
    });
  });

  it('given a school with open cases but no marks this year, leaves its rates empty rather than 0', () => {
    const b = statisticsRows(current, year).find((r) => r.schoolId === 'school-b');
    expect(b).toMatchObject({ pupils: 0, attendanceRate: null, persistentAbsenceRate: null });
  });

  it('as CSV, has a header, one line per row, CRLF endings and empty cells for unknown rates', () => {
    const csv = statisticsCsv(statisticsRows(current, year));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
    expect(lines[0].split(',')).toHaveLength(24);
    expect(lines[1].startsWith('LA total,3,0,2,0,0,0,1,2,0,0,4,0.875,0.5,0.25,')).toBe(true);
    expect(lines[3].split(',')[12]).toBe('');
  });

  it('as CSV, neutralises a school id a spreadsheet would run as a formula, and quotes commas', () => {
    const csv = statisticsCsv(
      statisticsRows(
        [doc('current', '=HYPERLINK("x")', { open: 1 }), doc('current', 'a,b', { open: 1 })],
        [],
      ),
    );
    const lines = csv.split('\r\n');
    expect(lines[1].startsWith(`"'=HYPERLINK(""x"")",1,`)).toBe(true);
    expect(lines[2].startsWith('"a,b",1,')).toBe(true);
  });

  it("gives each lead practitioner's open cases by stage, flag and trend", () => {
    expect(
      workerRows([
        doc('current-worker', 'w-1', {
          open: 2,
          'stage:monitor': 2,
          'trend:declining': 1,
          'trend:unknown': 1,
        }),
      ]),
    ).toEqual([
      {
        workerId: 'w-1',
        openCases: 2,
        byStage: {
          expect: 0,
          monitor: 2,
          'listen-and-understand': 0,
          'facilitate-support': 0,
          'formalise-support': 0,
          enforce: 0,
        },
        flags: { persistent: 0, severe: 0, threshold: 0 },
        trend: { improving: 0, steady: 0, declining: 1, unknown: 1 },
      },
    ]);
  });
});
