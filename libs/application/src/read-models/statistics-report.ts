/**
 * The statistics view: one row per school and one for the LA (`*`), from the counters the casework
 * projection keeps: the year's notices, prosecutions, contracts and ESOs beside persistent and
 * severe absence rates. The DfE's Parental Responsibility Measures census, in its own fields, is
 * ./prm-census-report.ts.
 */
import { STAGES, TrendDirection } from '@app/domain';
import type { StatisticsDoc } from '@app/read-models';

/** Open cases: how many, at which stage, with which flags, and which way their attendance goes. */
export interface CaseloadFigures {
  openCases: number;
  byStage: Record<(typeof STAGES)[number], number>;
  flags: { persistent: number; severe: number; threshold: number };
  /** Open cases by attendance trend (as of each pupil's latest register). */
  trend: Record<TrendDirection, number>;
}

export interface StatisticsRow extends CaseloadFigures {
  schoolId: string;
  pupils: number;
  attendanceRate: number | null;
  persistentAbsenceRate: number | null;
  severeAbsenceRate: number | null;
  noticesToImprove: number;
  penaltyNotices: { issued: number; paid: number; withdrawn: number; prosecuted: number };
  prosecutions: number;
  contracts: number;
  supervisionOrders: { applications: number; granted: number };
}

const TRENDS: readonly TrendDirection[] = ['improving', 'steady', 'declining', 'unknown'];
const count = (counters: Record<string, number>, key: string) => counters[key] ?? 0;

export function caseloadFigures(c: Record<string, number>): CaseloadFigures {
  return {
    openCases: count(c, 'open'),
    byStage: Object.fromEntries(
      STAGES.map((s) => [s, count(c, `stage:${s}`)]),
    ) as CaseloadFigures['byStage'],
    flags: {
      persistent: count(c, 'flag:persistent'),
      severe: count(c, 'flag:severe'),
      threshold: count(c, 'flag:threshold'),
    },
    trend: Object.fromEntries(
      TRENDS.map((t) => [t, count(c, `trend:${t}`)]),
    ) as CaseloadFigures['trend'],
  };
}

/** Each lead practitioner's open cases (the `current-worker` statistics documents), by worker id. */
export function workerRows(docs: StatisticsDoc[]): (CaseloadFigures & { workerId: string })[] {
  return docs.map((d) => ({ workerId: d.schoolId, ...caseloadFigures(d.counters) }));
}

const ratio = (n: number, d: number): number | null =>
  d === 0 ? null : Math.round((n / d) * 10000) / 10000;

export function statisticsRows(current: StatisticsDoc[], year: StatisticsDoc[]): StatisticsRow[] {
  const schools = new Set([...current, ...year].map((d) => d.schoolId));
  const counters = (docs: StatisticsDoc[], schoolId: string) =>
    docs.find((d) => d.schoolId === schoolId)?.counters ?? {};
  return [...schools]
    .sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map((schoolId) => {
      const c = counters(current, schoolId);
      const y = counters(year, schoolId);
      const n = count;
      return {
        schoolId,
        ...caseloadFigures(c),
        pupils: n(y, 'pupils'),
        attendanceRate: ratio(n(y, 'attended'), n(y, 'possible')),
        persistentAbsenceRate: ratio(n(y, 'persistent'), n(y, 'pupils')),
        severeAbsenceRate: ratio(n(y, 'severe'), n(y, 'pupils')),
        noticesToImprove: n(y, 'noticesToImprove'),
        penaltyNotices: {
          issued: n(y, 'noticesIssued'),
          paid: n(y, 'notices:paid'),
          withdrawn: n(y, 'notices:withdrawn'),
          prosecuted: n(y, 'notices:prosecuted'),
        },
        prosecutions: n(y, 'prosecutions'),
        contracts: n(y, 'contracts'),
        supervisionOrders: { applications: n(y, 'esoApplications'), granted: n(y, 'esosGranted') },
      };
    });
}

const CSV_COLUMNS: [string, (r: StatisticsRow) => string | number | null][] = [
  ['school', (r) => (r.schoolId === '*' ? 'LA total' : r.schoolId)],
  ['open_cases', (r) => r.openCases],
  ...STAGES.map((s): [string, (r: StatisticsRow) => number] => [
    `stage_${s.replace(/-/g, '_')}`,
    (r) => r.byStage[s],
  ]),
  ['open_persistent_absence', (r) => r.flags.persistent],
  ['open_severe_absence', (r) => r.flags.severe],
  ['open_threshold_met', (r) => r.flags.threshold],
  ['pupils_with_marks', (r) => r.pupils],
  ['attendance_rate', (r) => r.attendanceRate],
  ['persistent_absence_rate', (r) => r.persistentAbsenceRate],
  ['severe_absence_rate', (r) => r.severeAbsenceRate],
  ['notices_to_improve', (r) => r.noticesToImprove],
  ['penalty_notices_issued', (r) => r.penaltyNotices.issued],
  ['penalty_notices_paid', (r) => r.penaltyNotices.paid],
  ['penalty_notices_withdrawn', (r) => r.penaltyNotices.withdrawn],
  ['penalty_notices_prosecuted', (r) => r.penaltyNotices.prosecuted],
  ['prosecutions', (r) => r.prosecutions],
  ['attendance_contracts', (r) => r.contracts],
  ['eso_applications', (r) => r.supervisionOrders.applications],
  ['esos_granted', (r) => r.supervisionOrders.granted],
];

/** RFC 4180; a field a spreadsheet would read as a formula is prefixed with `'`. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function statisticsCsv(rows: StatisticsRow[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
