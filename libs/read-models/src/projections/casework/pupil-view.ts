/**
 * The casework views (the caseload, contracts, orders, eligibility, the panel queue, cohorts,
 * statistics) as one group (Projection.members): one runner reads the feed once and folds each
 * pupil once into one document (journey, register by week, figures, order history, meeting
 * actions), and each view derives its rows from that document once per batch. Each view is a
 * member with its own name, version and collections: a change to one view's rows derives that
 * view again from the pupils' documents, without reading the feed; a change to the fold (the
 * group's version) rebuilds the group from the feed.
 */
import {
  CODE_OF_CONDUCT_STREAM,
  CodeOfConductEvent,
  evolve,
  evolveFamily,
  FamilyEvent,
  FamilyState,
  initialFamilyState,
  initialState,
  isRegisterEvent,
  marksAddedBy,
  MeetingEvent,
  PupilEvent,
  RegisterEvent,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { CollectionDefinition } from '../../document-store.port';
import type { Projection, ProjectionTx } from '../../projector/projection';
import { recordMarks, settleFigures } from './attendance';
import {
  caseworkPupils,
  caseworkSettings,
  families,
  JourneyDoc,
  meetingActionOwners,
  OrderHistory,
  ViewRecord,
} from './documents';
import { EMPTY_FIGURES } from './rows';

const PUPIL = 'pupil-';
const FAMILY = 'family-';
const MEETING = 'tsm-';
const SETTINGS_ID = 'code-of-conduct';

export interface PupilView {
  name: string;
  /**
   * Bump it when the view's rows or what it keeps change: the view alone is derived again, from
   * the pupils' documents (no feed read). A change to what the documents keep is the group's.
   */
  version: number;
  /** The view names the pupil's family (its rows change when the family does). */
  families?: boolean;
  /** The collections the view's rows are read from. */
  rows: CollectionDefinition[];
  /**
   * Writes the pupil's rows as `doc` now stands (once per batch for each pupil that changed in
   * it), deleting the rows the pupil no longer has: what it wrote last time is in `record` (the
   * view's own, for the version being written: `rowIds`, `contributions`; empty the first time),
   * and the view records there what it writes now. `family` is the pupil's family when the view
   * asks for families.
   */
  write(
    tx: ProjectionTx,
    doc: JourneyDoc,
    family: FamilyState | undefined,
    record: ViewRecord,
  ): void | Promise<void>;
}

/**
 * Where a view's record is kept in a pupil's document: under its name and the code version the
 * view's version being written was built with (see MemberVersions).
 */
const recordKey = (tx: ProjectionTx, view: PupilView) =>
  `${view.name}.v${tx.members?.[view.name]?.builtWith ?? view.version}`;

const isEmpty = (record: ViewRecord) => !record.rowIds && !record.contributions;

const newJourney = (): JourneyDoc => ({
  state: initialState(),
  marks: {},
  figures: EMPTY_FIGURES,
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

/**
 * The projection that folds pupils' journeys once for every view in `views`, each a member with
 * its own version and collections (see Projection.members). `version` is the fold's: bump it when
 * what a pupil's document keeps changes.
 */
export function pupilViewsProjection(
  name: string,
  version: number,
  views: readonly PupilView[],
): Projection {
  const pupils = caseworkPupils;
  const settings = caseworkSettings;
  const anyFamilies = views.some((v) => v.families);
  const familyOf = async (tx: ProjectionTx, doc: JourneyDoc) =>
    doc.state.familyId ? (await tx.get(families, doc.state.familyId))?.family : undefined;

  /**
   * Writes each view's rows of the pupil (in the member versions `tx` writes) and keeps each
   * view's record for them in the document, dropping any of versions no longer written.
   */
  async function writeViews(tx: ProjectionTx, doc: JourneyDoc): Promise<void> {
    const family = anyFamilies ? await familyOf(tx, doc) : undefined;
    const kept: Record<string, ViewRecord> = {};
    for (const view of views) {
      const key = recordKey(tx, view);
      const record = { ...doc.views?.[key] };
      await view.write(tx, doc, view.families ? family : undefined, record);
      if (!isEmpty(record)) kept[key] = record;
    }
    if (Object.keys(kept).length > 0) doc.views = kept;
    else delete doc.views;
  }

  /** The pupils changed in a batch (one `tx` per batch), whose rows `flush` derives. */
  const changed = new WeakMap<ProjectionTx, Set<string>>();
  const markChanged = (tx: ProjectionTx, pupilId: string) => {
    const set = changed.get(tx);
    if (set) set.add(pupilId);
    else changed.set(tx, new Set([pupilId]));
  };
  const schoolWeekBasis = async (tx: ProjectionTx) =>
    (await tx.get(settings, SETTINGS_ID))?.schoolWeekBasis ?? undefined;

  async function applyPupil(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
    const e = { type: event.type, data: event.data } as PupilEvent;
    if (isRegisterEvent(e)) return applyRegister(event, e, tx);
    const pupilId = event.streamId.slice(PUPIL.length);
    const before = (await tx.get(pupils, pupilId)) ?? newJourney();
    // The journey's register is kept by week in the document, not in its state.
    const state = evolve(before.state, e);
    if (state.status === 'unregistered') return;
    tx.put(pupils, pupilId, { ...before, state, orders: orderHistory(before.orders, e) });
    markChanged(tx, pupilId);
  }

  /**
   * The most common event by far changes nothing but the register: its marks (as `evolve` reads
   * them) go straight into the register kept by week, with no fold of the journey.
   */
  async function applyRegister(event: RecordedEvent, e: RegisterEvent, tx: ProjectionTx) {
    const pupilId = event.streamId.slice(PUPIL.length);
    // A register for a pupil not registered yet changes nothing (evolve keeps them unregistered).
    const doc = await tx.get(pupils, pupilId);
    if (!doc) return;
    recordMarks(doc, marksAddedBy(e));
    tx.put(pupils, pupilId, doc);
    markChanged(tx, pupilId);
  }

  /** Derives the rows of every pupil changed in the batch, once each. */
  async function flush(tx: ProjectionTx): Promise<void> {
    const pupilIds = changed.get(tx);
    if (!pupilIds) return;
    changed.delete(tx);
    const basis = await schoolWeekBasis(tx);
    for (const pupilId of pupilIds) {
      const doc = await tx.get(pupils, pupilId);
      if (!doc) continue;
      settleFigures(doc, basis);
      await writeViews(tx, doc);
      tx.put(pupils, pupilId, doc);
    }
  }

  /** A view's rows of these pupils afresh (a member's own rebuild): as if it had written none. */
  async function derive(member: string, docs: object[], tx: ProjectionTx): Promise<void> {
    const view = views.find((v) => v.name === member);
    if (!view) throw new Error(`Projection ${name} has no view ${member}.`);
    const key = recordKey(tx, view);
    for (const doc of docs as JourneyDoc[]) {
      const record: ViewRecord = {};
      await view.write(tx, doc, view.families ? await familyOf(tx, doc) : undefined, record);
      const kept = { ...doc.views };
      delete kept[key];
      if (!isEmpty(record)) kept[key] = record;
      const { views: _before, ...rest } = doc;
      tx.put(
        pupils,
        doc.state.pupilId,
        Object.keys(kept).length > 0 ? { ...rest, views: kept } : rest,
      );
    }
  }

  /** Parents appear in the rows of every child of the family. */
  async function applyFamily(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
    const familyId = event.streamId.slice(FAMILY.length);
    const before = (await tx.get(families, familyId))?.family ?? initialFamilyState();
    const family = evolveFamily(before, { type: event.type, data: event.data } as FamilyEvent);
    tx.put(families, familyId, { family });
    for (const pupilId of new Set([...before.pupilIds, ...family.pupilIds]))
      markChanged(tx, pupilId);
  }

  /** Actions agreed at targeting support meetings land on the pupil. */
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
    const before = await tx.get(pupils, pupilId);
    if (!before) return;
    tx.put(pupils, pupilId, change(before));
    markChanged(tx, pupilId);
  }

  async function applySettings(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
    if (event.type !== 'CodeOfConductAdopted') return;
    // Figures follow the code in force when their marks were recorded: the registers recorded
    // so far in the batch are worked out on the code they came under before it changes.
    await flush(tx);
    const { codeOfConduct } = (event as unknown as CodeOfConductEvent).data;
    tx.put(settings, SETTINGS_ID, {
      schoolWeekBasis: codeOfConduct.schoolWeekBasis ?? null,
      version: codeOfConduct.version,
    });
  }

  return {
    name,
    version,
    streamPrefixes: [PUPIL, FAMILY, MEETING, CODE_OF_CONDUCT_STREAM],
    collections: [pupils, settings, families, meetingActionOwners],
    members: {
      views: views.map((v) => ({ name: v.name, version: v.version, collections: v.rows })),
      source: pupils,
      derive,
    },
    flush,
    // A pupil's events go to the pupil's partition, and so does an action agreed for them at a
    // meeting; families', the code of conduct's and an action's completion go to every partition.
    partitionKey(event) {
      if (event.streamId.startsWith(PUPIL)) return event.streamId.slice(PUPIL.length);
      const pupilId = (event.data as { pupilId?: unknown }).pupilId;
      return event.streamId.startsWith(MEETING) && typeof pupilId === 'string' ? pupilId : null;
    },
    async apply(event, tx) {
      if (event.streamId === CODE_OF_CONDUCT_STREAM) return applySettings(event, tx);
      if (event.streamId.startsWith(FAMILY)) return applyFamily(event, tx);
      if (event.streamId.startsWith(PUPIL)) return applyPupil(event, tx);
      if (event.streamId.startsWith(MEETING)) return applyMeeting(event, tx);
    },
  };
}
