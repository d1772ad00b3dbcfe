/**
 * The casework views, each a projection of its own (pupil-view.ts). Versions count from the split
 * of the single `casework` projection (whose last version, 8, is where their history starts).
 */
import type { Projection, ProjectionTx } from '../../projector/projection';
import type { CollectionDefinition } from '../../document-store.port';
import {
  caseload,
  cohortPupils,
  contracts,
  eligibility,
  JourneyDoc,
  panelQueue,
  statistics,
  StatisticsDoc,
  supervisionOrders,
} from './documents';
import { pupilViewProjection } from './pupil-view';
import {
  caseloadRow,
  cohortRow,
  contractRows,
  contributionsOf,
  eligibilityRow,
  orderRows,
  panelRows,
} from './rows';

/**
 * Puts a pupil's rows (none, one or several) and deletes the ones they had and no longer have
 * (`doc.rowIds`, as written last time).
 */
function replaceRows<T extends object>(
  tx: ProjectionTx,
  collection: CollectionDefinition<T>,
  doc: JourneyDoc,
  rows: T[],
  idOf: (row: T) => string,
): void {
  const ids = rows.map(idOf);
  rows.forEach((row, i) => tx.put(collection, ids[i], row));
  for (const id of doc.rowIds ?? []) if (!ids.includes(id)) tx.delete(collection, id);
  doc.rowIds = ids;
}

/** Caseloads: one row per pupil, with attendance, flags, trend and what is due next. */
export const caseloadProjection = pupilViewProjection({
  name: 'caseload',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  version: 5,
  attendance: true,
  meetingActions: true,
  rows: [caseload],
  write: (tx, doc) => tx.put(caseload, doc.state.pupilId, caseloadRow(doc)),
});

/** Attendance contracts, by when their next review is due. */
export const contractsProjection = pupilViewProjection({
  name: 'contracts',
  version: 1,
  attendance: false,
  rows: [contracts],
  write: (tx, doc) => replaceRows(tx, contracts, doc, contractRows(doc), (c) => c.contractId),
});

/** Education supervision orders, by expiry. */
export const supervisionOrdersProjection = pupilViewProjection({
  name: 'supervision-orders',
  version: 1,
  attendance: false,
  rows: [supervisionOrders],
  write: (tx, doc) => replaceRows(tx, supervisionOrders, doc, orderRows(doc), (o) => o.orderId),
});

/**
 * Penalty-notice eligibility: a row while the national threshold is met as of the latest register
 * (whether a notice may be issued is decided when asked).
 */
export const eligibilityProjection = pupilViewProjection({
  name: 'eligibility',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: the rows a pupil has are found by the ids kept with the pupil.
  // 4: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 5: the register by week back in the pupil's document.
  // 6: each school's week of registers as one string of codes, with its receipts (register.ts).
  version: 6,
  attendance: true,
  families: true,
  rows: [eligibility],
  write(tx, doc, family) {
    const row = eligibilityRow(doc, family);
    replaceRows(tx, eligibility, doc, row ? [row] : [], (r) => r.pupilId);
  },
});

/** Open referrals to the attendance panel, by triage priority. */
export const panelQueueProjection = pupilViewProjection({
  name: 'panel-queue',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  version: 5,
  attendance: true,
  rows: [panelQueue],
  write: (tx, doc) => replaceRows(tx, panelQueue, doc, panelRows(doc), (r) => r.referralId),
});

/** Pupils in the cohorts the LA oversees (looked after, on a plan, SEN, FSM). */
export const cohortsProjection = pupilViewProjection({
  name: 'cohorts',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: the rows a pupil has are found by the ids kept with the pupil.
  // 4: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 5: the register by week back in the pupil's document.
  // 6: each school's week of registers as one string of codes, with its receipts (register.ts).
  version: 6,
  attendance: true,
  rows: [cohortPupils],
  write(tx, doc) {
    const row = cohortRow(doc);
    replaceRows(tx, cohortPupils, doc, row ? [row] : [], (r) => r.pupilId);
  },
});

/** Adds what changed in the pupil's contributions to each statistics document. */
async function addContributions(
  tx: ProjectionTx,
  before: Record<string, Record<string, number>>,
  after: Record<string, Record<string, number>>,
): Promise<void> {
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key] ?? {};
    const now = after[key] ?? {};
    const deltas = [...new Set([...Object.keys(old), ...Object.keys(now)])]
      .map((c) => [c, (now[c] ?? 0) - (old[c] ?? 0)] as const)
      .filter(([, d]) => d !== 0);
    if (deltas.length === 0) continue;
    const cut = key.lastIndexOf('|');
    const doc: StatisticsDoc = (await tx.get(statistics, key)) ?? {
      scope: key.slice(0, cut),
      schoolId: key.slice(cut + 1),
      counters: {},
    };
    const counters = { ...doc.counters };
    for (const [c, d] of deltas) {
      const v = (counters[c] ?? 0) + d;
      if (v === 0) delete counters[c];
      else counters[c] = v;
    }
    if (Object.keys(counters).length === 0) tx.delete(statistics, key);
    else tx.put(statistics, key, { ...doc, counters });
  }
}

/**
 * The statistics documents of one scope with those of the same school added together, in the
 * order given: a partitioned view keeps each school's counters in one document per partition.
 */
export function sumStatistics(docs: readonly StatisticsDoc[]): StatisticsDoc[] {
  const bySchool = new Map<string, StatisticsDoc>();
  for (const doc of docs) {
    const seen = bySchool.get(doc.schoolId);
    if (!seen) {
      bySchool.set(doc.schoolId, doc);
      continue;
    }
    const counters = { ...seen.counters };
    for (const [c, n] of Object.entries(doc.counters)) counters[c] = (counters[c] ?? 0) + n;
    bySchool.set(doc.schoolId, { ...seen, counters });
  }
  return [...bySchool.values()];
}

/**
 * Sums over pupils, by school and LA-wide: open cases by stage, flag and trend, per-year
 * attendance and absence, cohorts, notices and orders (the census). Each pupil remembers what it
 * added, so a change subtracts the old and adds the new.
 */
export const statisticsProjection = pupilViewProjection({
  name: 'statistics',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  version: 5,
  attendance: true,
  rows: [statistics],
  async write(tx, doc) {
    const contributions = contributionsOf(doc);
    await addContributions(tx, doc.contributions ?? {}, contributions);
    doc.contributions = contributions;
  },
});

/** Every casework view, in the order the queries name them. */
export const CASEWORK_PROJECTIONS: readonly Projection[] = [
  caseloadProjection,
  contractsProjection,
  supervisionOrdersProjection,
  eligibilityProjection,
  panelQueueProjection,
  cohortsProjection,
  statisticsProjection,
];
