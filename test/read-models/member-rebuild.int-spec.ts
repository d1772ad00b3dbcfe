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
});
