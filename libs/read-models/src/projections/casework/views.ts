/**
 * The casework views, folded together by one projection, `casework` (pupil-view.ts), each view a
 * member with its own version. The group's version counts on from the single `casework`
 * projection the views were split from (its last version was 8); the views' versions count from
 * that split, when each was a projection of its own.
 */
import type { Projection, ProjectionTx } from '../../projector/projection';
import type { CollectionDefinition } from '../../document-store.port';
import {
  caseload,
  cohortPupils,
  contracts,
  eligibility,
  panelQueue,
  statistics,
  StatisticsDoc,
  supervisionOrders,
  ViewRecord,
} from './documents';
import { PupilView, pupilViewsProjection } from './pupil-view';
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
 * (`record.rowIds`, as written last time; none kept when there are none).
 */
function replaceRows<T extends object>(
  tx: ProjectionTx,
  collection: CollectionDefinition<T>,
  record: ViewRecord,
  rows: T[],
  idOf: (row: T) => string,
): void {
  const ids = rows.map(idOf);
  rows.forEach((row, i) => tx.put(collection, ids[i], row));
  for (const id of record.rowIds ?? []) if (!ids.includes(id)) tx.delete(collection, id);
  if (ids.length > 0) record.rowIds = ids;
  else delete record.rowIds;
}

/** Caseloads: one row per pupil, with attendance, flags, trend and what is due next. */
export const caseloadView: PupilView = {
  name: 'caseload',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  // 6: derived from the casework group's pupil documents.
  version: 6,
  rows: [caseload],
  write: (tx, doc) => tx.put(caseload, doc.state.pupilId, caseloadRow(doc)),
};

/** Attendance contracts, by when their next review is due. */
export const contractsView: PupilView = {
  name: 'contracts',
  // 2: derived from the casework group's pupil documents.
  version: 2,
  rows: [contracts],
  write: (tx, doc, _family, record) =>
    replaceRows(tx, contracts, record, contractRows(doc), (c) => c.contractId),
};

/** Education supervision orders, by expiry. */
export const supervisionOrdersView: PupilView = {
  name: 'supervision-orders',
  // 2: derived from the casework group's pupil documents.
  version: 2,
  rows: [supervisionOrders],
  write: (tx, doc, _family, record) =>
    replaceRows(tx, supervisionOrders, record, orderRows(doc), (o) => o.orderId),
};

/**
 * Penalty-notice eligibility: a row while the national threshold is met as of the latest register
 * (whether a notice may be issued is decided when asked).
 */
export const eligibilityView: PupilView = {
  name: 'eligibility',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: the rows a pupil has are found by the ids kept with the pupil.
  // 4: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 5: the register by week back in the pupil's document.
  // 6: each school's week of registers as one string of codes, with its receipts (register.ts).
  // 7: derived from the casework group's pupil documents.
  version: 7,
  families: true,
  rows: [eligibility],
  write(tx, doc, family, record) {
    const row = eligibilityRow(doc, family);
    replaceRows(tx, eligibility, record, row ? [row] : [], (r) => r.pupilId);
  },
};

/** Open referrals to the attendance panel, by triage priority. */
export const panelQueueView: PupilView = {
  name: 'panel-queue',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  // 6: derived from the casework group's pupil documents.
  version: 6,
  rows: [panelQueue],
  write: (tx, doc, _family, record) =>
    replaceRows(tx, panelQueue, record, panelRows(doc), (r) => r.referralId),
};

/** Pupils in the cohorts the LA oversees (looked after, on a plan, SEN, FSM). */
export const cohortsView: PupilView = {
  name: 'cohorts',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: the rows a pupil has are found by the ids kept with the pupil.
  // 4: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 5: the register by week back in the pupil's document.
  // 6: each school's week of registers as one string of codes, with its receipts (register.ts).
  // 7: derived from the casework group's pupil documents.
  version: 7,
  rows: [cohortPupils],
  write(tx, doc, _family, record) {
    const row = cohortRow(doc);
    replaceRows(tx, cohortPupils, record, row ? [row] : [], (r) => r.pupilId);
  },
};

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
export const statisticsView: PupilView = {
  name: 'statistics',
  // 2: the register is kept by week, with each week's totals (attendance.ts).
  // 3: each week's register was a document of its own (more documents to write than bytes saved
  // once a cold build writes each document once).
  // 4: the register by week back in the pupil's document.
  // 5: each school's week of registers as one string of codes, with its receipts (register.ts).
  // 6: derived from the casework group's pupil documents.
  version: 6,
  rows: [statistics],
  async write(tx, doc, _family, record) {
    const contributions = contributionsOf(doc);
    await addContributions(tx, record.contributions ?? {}, contributions);
    if (Object.keys(contributions).length > 0) record.contributions = contributions;
    else delete record.contributions;
  },
};

/** Every casework view, in the order the queries name them. */
export const CASEWORK_VIEWS: readonly PupilView[] = [
  caseloadView,
  contractsView,
  supervisionOrdersView,
  eligibilityView,
  panelQueueView,
  cohortsView,
  statisticsView,
];

/**
 * The casework views folded together: one runner, one read of the feed, one document per pupil.
 * Its version is the fold's (what a pupil's document keeps: journey, register by week, figures,
 * order history, meeting actions, the views' records); each view's own version is its rows'.
 */
export const caseworkProjection: Projection = pupilViewsProjection(
  'casework',
  // 9: the views, projections of their own since 8, folded together again as members of one group.
  9,
  CASEWORK_VIEWS,
);

/** The casework projections the worker runs: the group of views. */
export const CASEWORK_PROJECTIONS: readonly Projection[] = [caseworkProjection];
