/**
 * Partitioned projections shared by two workers (two Projectors on the same document store and
 * leases, as two processes would be) give the documents a reader sees from the whole projections
 * (P=1) built over the same generated history, on SQLite and on Redis; and a rebuild of each is
 * built partition by partition and switched by whoever holds partition 0. The projections: the
 * work lists, and the casework views, with what partitions make hard: the caseload (actions
 * agreed at meetings, completed in a broadcast event), eligibility (families reach every
 * partition) and statistics (sums over pupils, one contribution document per partition, added up
 * by readers).
 */
import { generateHistory } from '@app/application/testing/history-generator';
import { MemoryEventStore } from '@app/event-store';
import {
  DocumentStore,
  LeaseManager,
  MemoryDocumentStore,
  Projector,
  RedisDocumentStore,
  RedisLeaseManager,
  SqliteDocumentStore,
  SqliteLeaseManager,
  caseworkProjection,
  Projection,
  tasksProjection,
} from '@app/read-models';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import { asReadersSee, projectionContents } from '@app/read-models/testing/projection-contents';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PARTITIONS = 4;

const PROJECTIONS: Projection[] = [tasksProjection, caseworkProjection];

/** What readers see of each projection (private documents as a set, statistics added up). */
async function seen(store: DocumentStore) {
  const all: Record<string, Record<string, object[]>> = {};
  for (const projection of PROJECTIONS)
    all[projection.name] = asReadersSee(projection, await projectionContents(store, projection));
  return all;
}

describe('partitioned projections shared by two workers', () => {
  jest.setTimeout(120_000);
  const events = new MemoryEventStore();
  let last: bigint;
  let whole: Awaited<ReturnType<typeof seen>>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partitions-'));
    const report = await generateHistory(events, { seed: 4242, pupils: 80, schoolWeeks: 16 });
    last = report.lastPosition as bigint;
    const documents = new MemoryDocumentStore();
    const single = new Projector({
      events,
      documents,
      projections: PROJECTIONS,
      retryMs: 20,
    });
    single.start();
    await single.waitForPosition(last, 60_000);
    await single.stop();
    whole = await seen(documents);
    expect(whole.tasks.tasks.length).toBeGreaterThan(0);
    expect(whole.casework.caseload.length).toBeGreaterThan(0);
    expect(whole.casework.eligibility.length).toBeGreaterThan(0);
    expect(whole.casework.statistics.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function shareAndRebuild(documents: DocumentStore, leases: () => LeaseManager) {
    const workers = ['a', 'b'].map(
      (owner) =>
        new Projector({
          events,
          documents,
          leases: leases(),
          owner,
          projections: PROJECTIONS,
          partitions: Object.fromEntries(PROJECTIONS.map((p) => [p.name, PARTITIONS])),
          leaseTtlMs: 600,
          retryMs: 20,
          requestPollMs: 50,
          rebuildBatchSize: 300,
        }),
    );
    for (const w of workers) w.start();
    try {
      await Promise.all(workers.map((w) => w.waitForPosition(last, 60_000)));
      expect(await seen(documents)).toEqual(whole);
      // Each partition has its own checkpoint, and every one is at the head.
      // The casework views' statuses are the group's (`group`): its partitions are the group's.
      const own = async (w: Projector) => (await w.status()).filter((s) => !s.group);
      for (const status of await own(workers[0])) {
        expect(status.partitions?.map((p) => p.position)).toEqual(
          Array(PARTITIONS).fill(last.toString()),
        );
        const first = PROJECTIONS.find((p) => p.name === status.projection)!.version;
        expect(status).toMatchObject({ version: first, position: last.toString(), lag: '0' });
      }
      // Both workers come to run a fair share each (the first to start takes all, then hands
      // the excess over once it counts two workers), and no partition runs twice.
      const held = () =>
        Promise.all(
          workers.map(async (w) =>
            (await w.status()).flatMap((s) =>
              (s.partitions ?? [])
                .filter((p) => p.here)
                .map((p) => `${s.projection}:${p.partition}`),
            ),
          ),
        );
      const share = (PROJECTIONS.length * PARTITIONS) / 2;
      for (let i = 0; (await held()).some((h) => h.length !== share); i++) {
        if (i > 400)
          throw new Error(`The partitions were not shared: ${JSON.stringify(await held())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await held()).flat().sort()).toEqual(
        PROJECTIONS.flatMap((p) => [0, 1, 2, 3].map((i) => `${p.name}:${i}`)).sort(),
      );
      expect(await seen(documents)).toEqual(whole);

      // A rebuild asked for anywhere is switched by the holder of partition 0 once all are built.
      for (const p of PROJECTIONS) await workers[1].requestRebuild(p.name);
      const rebuilt = (s: { projection: string; version?: number }) =>
        s.version === PROJECTIONS.find((p) => p.name === s.projection)!.version + 1;
      for (let i = 0; !(await own(workers[0])).every(rebuilt); i++) {
        if (i > 2_000) throw new Error('The partitioned rebuilds did not switch.');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await Promise.all(workers.map((w) => w.waitForPosition(last, 60_000)));
      expect(await seen(documents)).toEqual(whole);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  }

  it('gives on SQLite what the whole projection gives, and after a rebuild too', async () => {
    const file = path.join(dir, 'read-models.db');
    const documents = new SqliteDocumentStore({ file });
    const opened: SqliteLeaseManager[] = [];
    try {
      await shareAndRebuild(documents, () => {
        const leases = new SqliteLeaseManager({ file });
        opened.push(leases);
        return leases;
      });
    } finally {
      opened.forEach((l) => l.close());
      await documents.close();
    }
  });

  it('gives on Redis what the whole projection gives, and after a rebuild too', async () => {
    const { redis, prefix, cleanUp } = await connectTestRedis('partitions');
    try {
      await shareAndRebuild(
        new RedisDocumentStore(redis, { prefix }),
        () => new RedisLeaseManager(redis, `${prefix}lease:`),
      );
    } finally {
      await cleanUp();
    }
  });
});
