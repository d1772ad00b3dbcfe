import {
  CODE_OF_CONDUCT_STREAM,
  CodeOfConductEvent,
  evolve,
  evolveFamily,
  FamilyEvent,
  initialFamilyState,
  initialState,
  MeetingEvent,
  PupilEvent,
  SchoolWeekBasis,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../../projector/projection';
import {
  CASEWORK_COLLECTIONS,
  caseload,
  cohortPupils,
  contracts,
  eligibility,
  families,
  JourneyDoc,
  journeys,
  meetingActionOwners,
  OrderHistory,
  panelQueue,
  settings,
  statistics,
  StatisticsDoc,
  supervisionOrders,
} from './documents';
import {
  caseloadRow,
  cohortRow,
  contractRows,
  contributionsOf,
  eligibilityRow,
  EMPTY_FIGURES,
  hasCohortRow,
  hasEligibilityRow,
  orderRows,
  panelRows,
} from './rows';
import { recordAttendance } from './attendance';

const PUPIL = 'pupil-';
const FAMILY = 'family-';
const MEETING = 'tsm-';
const SETTINGS_ID = 'code-of-conduct';

const newJourney = (): JourneyDoc => ({
  state: initialState(),
  marks: {},
  figures: EMPTY_FIGURES,
  contributions: {},
  contractIds: [],
  orderIds: [],
  referralIds: [],
  orders: {},
});

const NO_ORDER_HISTORY: OrderHistory = {
  grantedOn: null,
  extensions: 0,
  directions: 0,
  endedOn: null,
  endReason: null,
};

/** What the journey state does not keep about supervision orders, from the events themselves. */
function orderHistory(
  orders: Record<string, OrderHistory>,
  e: PupilEvent,
): Record<string, OrderHistory> {
  const change = (orderId: string, f: (h: OrderHistory) => Partial<OrderHistory>) => {
    const h = orders[orderId] ?? NO_ORDER_HISTORY;
    return { ...orders, [orderId]: { ...h, ...f(h) } };
  };
  switch (e.type) {
    case 'SupervisionOrderGranted':
      return change(e.data.orderId, () => ({ grantedOn: e.data.courtDate }));
    case 'SupervisionOrderExtended':
      return change(e.data.orderId, (h) => ({ extensions: h.extensions + 1 }));
    case 'SupervisionOrderDirectionGiven':
      return change(e.data.orderId, (h) => ({ directions: h.directions + 1 }));
    case 'SupervisionOrderEnded':
      return change(e.data.orderId, () => ({ endedOn: e.data.endedOn, endReason: e.data.reason }));
    case 'SupervisionOrderDischarged':
      return change(e.data.orderId, () => ({
        endedOn: e.data.dischargedOn,
        endReason: `discharged on application by the ${e.data.applicant}`,
      }));
    default:
      return orders;
  }
}

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
 * Puts the pupil's eligibility row, or deletes it when `before` (the journey as last stored) had
 * one: whether a pupil has a row follows from the journey alone, so nothing else need be read or
 * written for the many pupils who have none.
 */
async function writeEligibility(
  tx: ProjectionTx,
  doc: JourneyDoc,
  before: JourneyDoc = doc,
): Promise<void> {
  const s = doc.state;
  if (!hasEligibilityRow(doc)) {
    if (hasEligibilityRow(before)) tx.delete(eligibility, s.pupilId);
    return;
  }
  const family = s.familyId ? (await tx.get(families, s.familyId))?.family : undefined;
  const row = eligibilityRow(doc, family);
  if (row) tx.put(eligibility, s.pupilId, row);
}

/** The basis of the code of conduct in force, which attendance figures are worked out on. */
async function schoolWeekBasis(tx: ProjectionTx): Promise<SchoolWeekBasis | undefined> {
  return (await tx.get(settings, SETTINGS_ID))?.schoolWeekBasis ?? undefined;
}

async function applyPupil(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const pupilId = event.streamId.slice(PUPIL.length);
  const before = (await tx.get(journeys, pupilId)) ?? newJourney();
  const e = { type: event.type, data: event.data } as PupilEvent;
  const evolved = evolve({ ...before.state, marks: [] }, e);
  const attendance =
    evolved.marks.length === 0
      ? before
      : recordAttendance(before, evolved.marks, await schoolWeekBasis(tx));
  const doc: JourneyDoc = {
    ...before,
    state: { ...evolved, marks: [] },
    marks: attendance.marks,
    figures: attendance.figures,
    orders: orderHistory(before.orders, e),
  };
  if (doc.state.status === 'unregistered') return;

  tx.put(caseload, pupilId, caseloadRow(doc));

  const contractList = contractRows(doc);
  for (const c of contractList) tx.put(contracts, c.contractId, c);
  doc.contractIds = contractList.map((c) => c.contractId);
  for (const id of before.contractIds) if (!doc.contractIds.includes(id)) tx.delete(contracts, id);

  const orderList = orderRows(doc);
  for (const o of orderList) tx.put(supervisionOrders, o.orderId, o);
  doc.orderIds = orderList.map((o) => o.orderId);
  for (const id of before.orderIds)
    if (!doc.orderIds.includes(id)) tx.delete(supervisionOrders, id);

  const referrals = panelRows(doc);
  for (const r of referrals) tx.put(panelQueue, r.referralId, r);
  doc.referralIds = referrals.map((r) => r.referralId);
  for (const id of before.referralIds) if (!doc.referralIds.includes(id)) tx.delete(panelQueue, id);

  // Deletes only rows that were there (a new pupil's `before` has none).
  const cohort = cohortRow(doc);
  if (cohort) tx.put(cohortPupils, pupilId, cohort);
  else if (hasCohortRow(before)) tx.delete(cohortPupils, pupilId);

  await writeEligibility(tx, doc, before);

  doc.contributions = contributionsOf(doc);
  await addContributions(tx, before.contributions, doc.contributions);
  tx.put(journeys, pupilId, doc);
}

async function applyFamily(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const familyId = event.streamId.slice(FAMILY.length);
  const before = (await tx.get(families, familyId))?.family ?? initialFamilyState();
  const family = evolveFamily(before, { type: event.type, data: event.data } as FamilyEvent);
  tx.put(families, familyId, { family });
  // Parents appear in the penalty-notice eligibility of every child of the family.
  for (const pupilId of new Set([...before.pupilIds, ...family.pupilIds])) {
    const doc = await tx.get(journeys, pupilId);
    if (doc) await writeEligibility(tx, doc);
  }
}

/** Actions agreed at targeting support meetings land on the pupil's caseload row. */
async function applyMeeting(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const e = { type: event.type, data: event.data } as MeetingEvent;
  let pupilId: string;
  let change: (doc: JourneyDoc) => JourneyDoc;
  if (e.type === 'TargetingSupportActionAgreed') {
    const { actionId, action, owner, dueOn } = e.data;
    pupilId = e.data.pupilId;
    tx.put(meetingActionOwners, `${event.streamId}|${actionId}`, { pupilId });
    change = (doc) => ({
      ...doc,
      meetingActions: {
        ...doc.meetingActions,
        [actionId]: { meetingId: event.streamId, action, owner, dueOn, completedOn: null },
      },
    });
  } else if (e.type === 'TargetingSupportActionCompleted') {
    const owner = await tx.get(meetingActionOwners, `${event.streamId}|${e.data.actionId}`);
    if (!owner) return;
    pupilId = owner.pupilId;
    change = (doc) => {
      const entry = doc.meetingActions?.[e.data.actionId];
      if (!entry) return doc;
      return {
        ...doc,
        meetingActions: {
          ...doc.meetingActions,
          [e.data.actionId]: { ...entry, completedOn: e.data.completedOn },
        },
      };
    };
  } else return;
  const before = await tx.get(journeys, pupilId);
  if (!before) return;
  const doc = change(before);
  tx.put(journeys, pupilId, doc);
  tx.put(caseload, pupilId, caseloadRow(doc));
}

function applySettings(event: RecordedEvent, tx: ProjectionTx): void {
  if (event.type !== 'CodeOfConductAdopted') return;
  const { codeOfConduct } = (event as unknown as CodeOfConductEvent).data;
  tx.put(settings, SETTINGS_ID, {
    schoolWeekBasis: codeOfConduct.schoolWeekBasis ?? null,
    version: codeOfConduct.version,
  });
}

/**
 * The casework read models: caseloads, attendance contracts, education supervision orders,
 * penalty-notice eligibility, the panel queue, cohort oversight and statistics.
 *
 * Attendance figures are as of the pupil's latest register and use the code of conduct in force
 * when its marks were last recorded (a new code is applied to each pupil's figures at its next
 * register, not retrospectively to every pupil at once).
 */
export const caseworkProjection: Projection = {
  name: 'casework',
  // 3: eligibility rows keep the facts decidePenaltyNotice reads; 4: statistics count open cases
  // by trend and per lead practitioner, and a pupil once in the LA whatever their schools; 5:
  // penalty notices, prosecutions and ESOs keep the facts the census counts; 6: caseload rows are
  // found by the child's social worker and by looked-after status; 7: the caseload row shows the
  // panel's latest decision and whether the referrer has acknowledged it; 8: a school's request
  // is a dated action on the row until the LA answers it; 9: the register is kept by week, with
  // each week's totals, which the figures are summed from.
  version: 9,
  streamPrefixes: [PUPIL, FAMILY, MEETING, CODE_OF_CONDUCT_STREAM],
  collections: CASEWORK_COLLECTIONS,
  async apply(event, tx) {
    if (event.streamId === CODE_OF_CONDUCT_STREAM) return applySettings(event, tx);
    if (event.streamId.startsWith(FAMILY)) return applyFamily(event, tx);
    if (event.streamId.startsWith(PUPIL)) return applyPupil(event, tx);
    if (event.streamId.startsWith(MEETING)) return applyMeeting(event, tx);
  },
};
