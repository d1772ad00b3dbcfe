import type { RecordedEvent } from '@app/event-store';
import { CheckpointConflictError, defineCollection, DocumentStore } from '../document-store.port';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { countingProjection, tallies } from '../testing/counting-projection';
import { eventAt } from '../testing/projection-contents';
import { applyBatch } from './apply-batch';
import { buildTokenName, ColdBuildFailed, coldBuild, ColdBuildOptions } from './cold-build';
import { checkpointName, Projection, ProjectionTx, versionedCollections } from './projection';
import { WriteBackCache } from './write-back-cache';
import { countingWrites } from '../testing/counting-writes';

const event = eventAt;

/** `count` events round-robin over `streams` pupils. */
const history = (count: number, streams: number) =>
  Array.from({ length: count }, (_, i) => event(i + 1, `pupil-${i % streams}`));

interface Row {
  streamId: string;
  count: number;
  /** Which flush wrote it: one per batch, so a cold build's rows all say 1. */
  flushes: number;
}
const rows = defineCollection<Row>({ name: 'rows' });
const flushes = defineCollection<{ n: number }>({ name: 'flushes' });

/**
 * Counts like countingProjection, notes the streams changed per transaction object and derives
 * their rows in `flush`, as the casework views do.
 */
function rowsProjection(): Projection {
  const counting = countingProjection();
  const changed = new WeakMap<ProjectionTx, Set<string>>();
  return {
    ...counting,
    name: 'rows',
    collections: [...counting.collections, rows, flushes],
    async apply(e, tx) {
      await counting.apply(e, tx);
      const set = changed.get(tx) ?? new Set<string>();
      set.add(e.streamId);
      changed.set(tx, set);
    },
    async flush(tx) {
      const set = changed.get(tx);
      if (!set) return;
      changed.delete(tx);
      const n = ((await tx.get(flushes, 'all'))?.n ?? 0) + 1;
      tx.put(flushes, 'all', { n });
      for (const streamId of set) {
        const tally = await tx.get(tallies, streamId);
        if (tally) tx.put(rows, streamId, { streamId, count: tally.count, flushes: n });
      }
    },
  };
}

async function everything(store: DocumentStore, projection: Projection, version = 1) {
  const out: Record<string, object[]> = {};
  for (const c of versionedCollections(projection, version).values()) {
    const items: object[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query(c, { limit: 1000, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    out[c.name] = items;
  }
  return out;
}

/** The feed in pages, as the runner reads it. */
const pages =
  (events: readonly RecordedEvent[], size: number) =>
  async (after: bigint | undefined): Promise<RecordedEvent[]> =>
    events.filter((e) => after === undefined || e.position > after).slice(0, size);

const options = (
  events: readonly RecordedEvent[],
  o: Partial<ColdBuildOptions> & { cache: WriteBackCache },
): ColdBuildOptions => ({
  pageSize: 64,
  readPage: pages(events, o.pageSize ?? 64),
  abandoned: () => undefined,
  ...o,
});

describe('a cold build', () => {
  const projection = rowsProjection();
  const rowsV1 = versionedCollections(projection, 1).get('rows') as typeof rows;
  const talliesV1 = versionedCollections(projection, 1).get('tallies') as typeof tallies;

  async function oneByOne(events: readonly RecordedEvent[]) {
    const store = new MemoryDocumentStore();
    let position: bigint | undefined;
    for (const e of events) position = await applyBatch(store, projection, 1, position, [e]);
    return everything(store, projection);
  }

  it('gives the documents that applying event by event gives, its rows derived once at the end', async () => {
    const events = history(300, 20);
    const store = new MemoryDocumentStore();
    const cache = new WriteBackCache(1000);
    await expect(coldBuild(store, projection, 1, options(events, { cache }))).resolves.toBe(300n);

    const built = await everything(store, projection);
    const expected = await oneByOne(events);
    // Event by event, every row was derived by a flush of its own; here by the one at the end.
    const { [rowsV1.name]: builtRows, ...builtRest } = built;
    const { [rowsV1.name]: expectedRows, ...expectedRest } = expected;
    expect(builtRest).toEqual({ ...expectedRest, 'rows.v1.flushes': [{ n: 1 }] });
    expect(builtRows).toEqual(expectedRows.map((r) => ({ ...r, flushes: 1 })));
    await expect(store.getCheckpoint(checkpointName('rows', 1))).resolves.toBe('300');
  });

  it('writes each document once, in one transaction, when its cache holds them all', async () => {
    const { counted, puts, commits } = countingWrites(new MemoryDocumentStore());
    await coldBuild(
      counted,
      projection,
      1,
      options(history(300, 20), { cache: new WriteBackCache(1000) }),
    );
    expect(puts.get(talliesV1.name)).toBe(20);
    expect(puts.get(rowsV1.name)).toBe(20);
    // The claim of the build, then everything with the checkpoint.
    expect(commits()).toBe(2);
  });

  it('keeps to its cap by writing what it evicts on the way, and derives the rows of those too', async () => {
    const events = history(300, 20);
    const { counted, commits } = countingWrites(new MemoryDocumentStore());
    const cache = new WriteBackCache(7);
    await coldBuild(counted, projection, 1, options(events, { cache, spill: 5 }));
    expect(cache.peak).toBe(7);
    expect(commits()).toBeGreaterThan(10);
    const built = await everything(counted, projection);
    expect(built[rowsV1.name]).toHaveLength(20);
    const expected = await oneByOne(events);
    expect(built[talliesV1.name]).toEqual(expected[talliesV1.name]);
    expect(built[rowsV1.name]).toEqual(
      (expected[rowsV1.name] as Row[]).map((r) => ({ ...r, flushes: 1 })),
    );
  });

  it('finishes a last page that is not full through the cache, and an empty feed with no checkpoint', async () => {
    const store = new MemoryDocumentStore();
    await expect(
      coldBuild(store, projection, 1, options(history(70, 3), { cache: new WriteBackCache(10) })),
    ).resolves.toBe(70n);
    const tally = await store.get(talliesV1, 'pupil-0');
    expect(tally?.count).toBe(24);

    const empty = new MemoryDocumentStore();
    await expect(
      coldBuild(empty, projection, 1, options([], { cache: new WriteBackCache(10) })),
    ).resolves.toBeUndefined();
    await expect(empty.getCheckpoint(checkpointName('rows', 1))).resolves.toBeUndefined();
  });

  it('clears what a killed build of the version left before it starts', async () => {
    const store = new MemoryDocumentStore();
    await store.put(talliesV1, 'pupil-0', { streamId: 'pupil-0', count: 99, positions: [] });
    await store.put(talliesV1, 'pupil-left-over', { streamId: 'x', count: 1, positions: [] });
    await coldBuild(
      store,
      projection,
      1,
      options(history(30, 3), { cache: new WriteBackCache(10) }),
    );
    expect(await everything(store, projection)).toEqual(
      await oneByOne(history(30, 3)).then((e) => ({
        ...e,
        [rowsV1.name]: (e[rowsV1.name] as Row[]).map((r) => ({ ...r, flushes: 1 })),
        'rows.v1.flushes': [{ n: 1 }],
      })),
    );
  });

  it('given a poison event, fails as a whole and writes no checkpoint', async () => {
    const store = new MemoryDocumentStore();
    const events = [...history(100, 4), event(101, 'pupil-1', 'Poison'), event(102, 'pupil-2')];
    const failure = coldBuild(
      store,
      projection,
      1,
      options(events, { cache: new WriteBackCache(3), spill: 2 }),
    );
    await expect(failure).rejects.toBeInstanceOf(ColdBuildFailed);
    await expect(failure).rejects.toMatchObject({
      cause: { message: 'This event cannot be projected.' },
    });
    await expect(store.getCheckpoint(checkpointName('rows', 1))).resolves.toBeUndefined();
  });

  it('refuses the next write of a build whose version another worker has cleared and claimed since', async () => {
    const store = new MemoryDocumentStore();
    const events = history(300, 20);
    let taken = false;
    const first = coldBuild(store, projection, 1, {
      ...options(events, { cache: new WriteBackCache(7), spill: 5 }),
      readPage: async (after) => {
        // Half way, another worker takes the build over and completes it.
        if (after !== undefined && after >= 128n && !taken) {
          taken = true;
          await coldBuild(
            store,
            projection,
            1,
            options(events, { cache: new WriteBackCache(1000) }),
          );
        }
        return pages(events, 64)(after);
      },
    });
    await expect(first).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(taken).toBe(true);
    const expected = await oneByOne(events);
    const built = await everything(store, projection);
    expect(built[talliesV1.name]).toEqual(expected[talliesV1.name]);
    await expect(store.getCheckpoint(buildTokenName('rows', 1))).resolves.toMatch(/^\d+$/);
  });
});
