/**
 * The casework views are one group (one fold of each pupil), each view a member with a version of
 * its own. Bumping the version of one or two views derives those views again from the group's
 * pupil documents, without reading the feed: their rows become what a rebuild from zero with the
 * new code gives, the other views keep their versions and rows, and the events that follow are
 * applied to the new versions (what each view kept of its rows was kept for the new version).
 */
import { generateHistory } from '@app/application/testing/history-generator';
import { EventStore, MemoryEventStore, RecordedEvent } from '@app/event-store';
import {
  ACTIVE_VERSIONS,
  CASEWORK_VIEWS,
  caseworkProjection,
  defineCollection,
  DocumentStore,
  MemoryDocumentStore,
  Projection,
  ProjectionTx,
  Projector,
  PupilView,
  pupilViewsProjection,
  SqliteDocumentStore,
} from '@app/read-models';
import { versionPrefix } from '@app/read-models/projector/projection';
import { applyInBatches, projectionContents } from '@app/read-models/testing/projection-contents';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The feed, counting the events read from it forwards (what a rebuild from the feed reads). */
function counting(events: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const readAll: EventStore['readAll'] = (options) => {
    const all = events.readAll(options);
    if (options?.direction === 'backwards') return all;
    return (async function* () {
      for await (const e of all) {
        read++;
        yield e;
      }
    })();
  };
  const store = new Proxy(events, {
    get: (target, key) => {
      if (key === 'readAll') return readAll;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, read: () => read };
}

/** A view's next version, whose rows carry a mark the old code's do not. */
function bumped(view: PupilView): PupilView {
  const marked = (tx: ProjectionTx): ProjectionTx => ({
    ...tx,
    put: (c, id, doc) => tx.put(c, id, { ...doc, derivedBy: view.version + 1 }),
  });
  return {
    ...view,
    version: view.version + 1,
    write: (tx, doc, family, record) => view.write(marked(tx), doc, family, record),
  };
}

const BUMPED = ['eligibility', 'statistics'];
const next: Projection = pupilViewsProjection(
  caseworkProjection.name,
  caseworkProjection.version,
  CASEWORK_VIEWS.map((v) => (BUMPED.includes(v.name) ? bumped(v) : v)),
);

/** Each view's rows as its readers see them. */
async function rows(store: DocumentStore, projection: Projection) {
  const all = await projectionContents(store, projection);
  const shared = new Set(projection.collections.map((c) => c.name));
  return Object.fromEntries(Object.entries(all).filter(([name]) => !shared.has(name)));
}

async function fromZero(projection: Projection, events: readonly RecordedEvent[]) {
  const fresh = new MemoryDocumentStore();
  await applyInBatches(fresh, projection, events, 500);
  return rows(fresh, projection);
}

async function project(events: EventStore, documents: DocumentStore, projection: Projection) {
  const projector = new Projector({ events, documents, projections: [projection], retryMs: 20 });
  let head = 0n;
  for await (const e of events.readAll({ direction: 'backwards', maxCount: 1 })) head = e.position;
  projector.start();
  try {
    // Caught up with the live feed: past whatever the runner does first (a view derived again).
    for (;;) {
      const [status] = await projector.status();
      if (status.caughtUp && status.position === head.toString()) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await projector.stop();
  }
}

describe("a casework view's new version, derived from the group's pupils", () => {
  jest.setTimeout(60_000);
  let dir: string;
  const history: RecordedEvent[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-rebuild-'));
    const source = new MemoryEventStore();
    await generateHistory(source, { seed: 1205, pupils: 40, schoolWeeks: 14 });
    for await (const e of source.readAll()) history.push(e);
    await source.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('derives only the bumped views, from the pupils and not the feed, and carries on in their new versions', async () => {
    // Two thirds of the history, projected by the current code.
    const events = new MemoryEventStore();
    const append = async (list: RecordedEvent[]) => {
      for (const e of list)
        await events.appendToStream(
          e.streamId,
          [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }],
          { expectedRevision: 'any' },
        );
    };
    const cut = Math.floor((history.length * 2) / 3);
    await append(history.slice(0, cut));
    const documents = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
    try {
      await project(events, documents, caseworkProjection);
      const before = await rows(documents, caseworkProjection);
      const versions = async () =>
        Object.fromEntries(
          await Promise.all(
            [caseworkProjection.name, ...CASEWORK_VIEWS.map((v) => v.name)].map(
              async (name) =>
                [name, (await documents.get(ACTIVE_VERSIONS, name))?.version] as const,
            ),
          ),
        );
      const first = await versions();
      expect(before.eligibility.length).toBeGreaterThan(0);
      expect(before.statistics.length).toBeGreaterThan(0);

      // The new code: two views' versions bumped, the fold unchanged.
      const feed = counting(events);
      await project(feed.store, documents, next);
      expect(feed.read()).toBe(0);
      expect(await versions()).toEqual({
        ...first,
        eligibility: first.eligibility! + 1,
        statistics: first.statistics! + 1,
      });
      const sofar = [];
      for await (const e of events.readAll()) sofar.push(e);
      const after = await rows(documents, next);
      const expected = await fromZero(next, sofar);
      expect(after).toEqual(expected);
      expect(after.eligibility.every((r) => 'derivedBy' in r)).toBe(true);
      for (const name of Object.keys(before).filter((n) => !BUMPED.includes(n)))
        expect({ [name]: after[name] }).toEqual({ [name]: before[name] });
      // The old versions are gone.
      for (const name of BUMPED)
        for (const c of next.members!.views.find((m) => m.name === name)!.collections) {
          const old = { ...c, name: `${versionPrefix(name, first[name]!)}${c.name}` };
          expect((await documents.query(old)).items).toEqual([]);
        }

      // The rest of the history, applied live to the new versions.
      await append(history.slice(cut));
      await project(events, documents, next);
      const all = [];
      for await (const e of events.readAll()) all.push(e);
      expect(await rows(documents, next)).toEqual(await fromZero(next, all));
    } finally {
      await documents.close();
      await events.close();
    }
  });

  it('takes over from views that were projections of their own, which serve until its first build switches them', async () => {
    const events = new MemoryEventStore();
    for (const e of history)
      await events.appendToStream(
        e.streamId,
        [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }],
        { expectedRevision: 'any' },
      );
    const documents = new MemoryDocumentStore();
    // What the views kept as projections of their own: each its version, its rows and its pupils.
    const old = (name: string, collection: string) =>
      defineCollection({ name: `${versionPrefix(name, 4)}${collection}` });
    for (const view of CASEWORK_VIEWS) {
      await documents.put(ACTIVE_VERSIONS, view.name, { version: 4, builtWith: 4 });
      await documents.put(old(view.name, `${view.name}-pupils`), 'p1', { stale: true });
    }
    await documents.put(old('caseload', 'caseload'), 'p1', { stale: true });
    // Each page of the build looks at the version the caseload's readers read meanwhile.
    const seen: (number | undefined)[] = [];
    const feed = new Proxy(events, {
      get: (target, key) => {
        if (key === 'readAll')
          return (options?: Parameters<EventStore['readAll']>[0]) =>
            (async function* () {
              seen.push((await documents.get(ACTIVE_VERSIONS, 'caseload'))?.version);
              yield* target.readAll(options);
            })();
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const projector = new Projector({
      events: feed,
      documents,
      projections: [caseworkProjection],
      retryMs: 20,
      rebuildBatchSize: 100,
    });
    projector.start();
    try {
      for (;;) {
        const [status] = await projector.status();
        if (status.caughtUp && status.version === caseworkProjection.version) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await projector.stop();
    }
    // The old version served until the switch, straight to the new one.
    const caseload = CASEWORK_VIEWS.find((v) => v.name === 'caseload')!;
    expect([...new Set(seen)]).toEqual([4, Math.max(5, caseload.version)]);
    expect(await rows(documents, caseworkProjection)).toEqual(
      await fromZero(caseworkProjection, history),
    );
    for (const view of CASEWORK_VIEWS) {
      expect(await documents.get(ACTIVE_VERSIONS, view.name)).toEqual({
        version: Math.max(5, view.version),
        builtWith: view.version,
      });
      expect((await documents.query(old(view.name, `${view.name}-pupils`))).items).toEqual([]);
    }
    expect((await documents.query(old('caseload', 'caseload'))).items).toEqual([]);
  });
});
