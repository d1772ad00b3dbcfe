/**
 * Rebuilds go through the write-back document cache (large batches folded in memory, each
 * document serialised once per batch). Over a generated history, every projection in
 * ALL_PROJECTIONS must give, through the cache and with a cap small enough to evict all the time,
 * exactly the documents that applying the events one by one (one unit of work per event, the
 * plain path) gives: a projection that changed a document it read without putting it back would
 * show here. So must live batches (a few events each) through one cache kept between them.
 */
import { generateHistory } from '@app/application/testing/history-generator';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  MemoryDocumentStore,
  Projector,
  SqliteDocumentStore,
} from '@app/read-models';
import { applyBatch } from '@app/read-models/projector/apply-batch';
import { WriteBackCache } from '@app/read-models/projector/write-back-cache';
import { coldBuild } from '@app/read-models/projector/cold-build';
import { applyInBatches, projectionContents } from '@app/read-models/testing/projection-contents';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CAP = 40;

const dump = projectionContents;

describe('rebuilding through the write-back document cache', () => {
  jest.setTimeout(120_000);
  const events = new MemoryEventStore();
  const all: RecordedEvent[] = [];
  const byEvent = new MemoryDocumentStore();
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rebuild-cache-'));
    await generateHistory(events, {
      seed: 20261205,
      pupils: 60,
      schoolWeeks: 20,
      stageFractions: {
        monitor: 0.7,
        'listen-and-understand': 0.5,
        'facilitate-support': 0.4,
        'formalise-support': 0.3,
        enforce: 0.2,
      },
    });
    for await (const e of events.readAll()) all.push(e);
    for (const projection of ALL_PROJECTIONS) {
      let position: bigint | undefined;
      for (const e of all)
        position = await applyBatch(byEvent, projection, projection.version, position, [e]);
    }
  });
  afterAll(async () => {
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(ALL_PROJECTIONS.map((p) => [p.name, p] as const))(
    `%s: batches through a cache of ${CAP} documents give what the events one by one give`,
    async (_name, projection) => {
      const cached = new MemoryDocumentStore();
      const cache = new WriteBackCache(CAP);
      await applyInBatches(cached, projection, all, 1000, cache);
      const expected = await dump(byEvent, projection);
      expect(await dump(cached, projection)).toEqual(expected);
      expect(cache.peak).toBeLessThanOrEqual(CAP);
    },
  );

  it.each(ALL_PROJECTIONS.map((p) => [p.name, p] as const))(
    `%s: a cold build through a cache of ${CAP} documents gives what the events one by one give`,
    async (_name, projection) => {
      const cold = new MemoryDocumentStore();
      const cache = new WriteBackCache(CAP);
      await coldBuild(cold, projection, projection.version, {
        cache,
        pageSize: 1000,
        readPage: async (after) =>
          all.filter((e) => after === undefined || e.position > after).slice(0, 1000),
        abandoned: () => undefined,
        // Small, so documents are written and read back before their rows are derived.
        spill: 10,
      });
      expect(await dump(cold, projection)).toEqual(await dump(byEvent, projection));
      expect(cache.peak).toBeLessThanOrEqual(CAP);
    },
  );

  it.each(ALL_PROJECTIONS.map((p) => [p.name, p] as const))(
    `%s: live-sized batches through one cache of ${CAP} documents kept between them give what the events one by one give`,
    async (_name, projection) => {
      const cached = new MemoryDocumentStore();
      const cache = new WriteBackCache(CAP);
      await applyInBatches(cached, projection, all, 7, cache);
      expect(await dump(cached, projection)).toEqual(await dump(byEvent, projection));
    },
  );

  it('the projector applies the feed in live batches on SQLite to the same documents', async () => {
    const documents = new SqliteDocumentStore({ file: path.join(dir, 'live.db') });
    // A checkpoint already (not a first build, which is built cold), and the rest of the history
    // one short page: applied in live-sized batches, as near the head.
    for (const projection of ALL_PROJECTIONS)
      await applyBatch(documents, projection, projection.version, undefined, all.slice(0, 1));
    const projector = new Projector({
      events,
      documents,
      projections: [...ALL_PROJECTIONS],
      retryMs: 20,
      rebuildBatchSize: all.length + 1,
      batchSize: 50,
      liveCacheDocuments: CAP,
    });
    projector.start();
    try {
      await projector.waitForPosition(all[all.length - 1].position, 60_000);
      for (const projection of ALL_PROJECTIONS)
        expect({ [projection.name]: await dump(documents, projection) }).toEqual({
          [projection.name]: await dump(byEvent, projection),
        });
    } finally {
      await projector.stop();
      await documents.close();
    }
  });

  it('the projector catches a far-behind projection up in pages through a small cache to the same documents', async () => {
    const documents = new SqliteDocumentStore({ file: path.join(dir, 'far-behind.db') });
    // A checkpoint already (not a first build): the backlog comes in full pages of 200 events (9)
    // (PROJECTION_REBUILD_PAGE_EVENTS) through a cache of CAP documents
    // (PROJECTION_REBUILD_CACHE_DOCUMENTS), evicting all the time.
    for (const projection of ALL_PROJECTIONS)
      await applyBatch(documents, projection, projection.version, undefined, all.slice(0, 1));
    const projector = new Projector({
      events,
      documents,
      projections: [...ALL_PROJECTIONS],
      retryMs: 20,
      rebuildBatchSize: 200,
      rebuildCacheDocuments: CAP,
    });
    expect(all.length).toBeGreaterThan(5 * 200);
    projector.start();
    try {
      await projector.waitForPosition(all[all.length - 1].position, 60_000);
      for (const projection of ALL_PROJECTIONS)
        expect({ [projection.name]: await dump(documents, projection) }).toEqual({
          [projection.name]: await dump(byEvent, projection),
        });
    } finally {
      await projector.stop();
      await documents.close();
    }
  });

  it('the projector builds and rebuilds every projection on SQLite to the same documents', async () => {
    const documents = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
    const projector = new Projector({
      events,
      documents,
      projections: [...ALL_PROJECTIONS],
      retryMs: 20,
      rebuildBatchSize: 500,
      rebuildCacheDocuments: CAP,
    });
    const last = all[all.length - 1].position;
    projector.start();
    try {
      // A first build: cold, through the cache, each document written at the end or when evicted.
      await projector.waitForPosition(last, 60_000);
      for (const projection of ALL_PROJECTIONS)
        expect({ [projection.name]: await dump(documents, projection) }).toEqual({
          [projection.name]: await dump(byEvent, projection),
        });
      // A rebuild into a new version, through the cache.
      for (const projection of ALL_PROJECTIONS) await projector.rebuild(projection.name);
      for (const projection of ALL_PROJECTIONS)
        expect({ [projection.name]: await dump(documents, projection) }).toEqual({
          [projection.name]: await dump(byEvent, projection),
        });
      // (The casework views' own statuses, `group` set, follow their group's.)
      const own = (await projector.status()).filter((s) => !s.group);
      expect(own.map((s) => s.version)).toEqual(ALL_PROJECTIONS.map((p) => p.version + 1));
    } finally {
      await projector.stop();
      await documents.close();
    }
  });
});
