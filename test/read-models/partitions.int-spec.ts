/**
 * Every projection that declares a partition key (tasks and the casework views), run in four
 * partitions shared by two workers (two Projectors on the same document store and leases, as two
 * processes would be), gives the documents a reader sees from the whole projection (P=1) built
 * over the same generated history, on SQLite and on Redis: the public rows as they are, the
 * statistics summed per school as the statistics queries sum them (a partition's other private
 * documents are its own working state, which no reader reads). A rebuild is built partition by
 * partition and switched by whoever holds partition 0.
 */
import { generateHistory } from '@app/application/testing/history-generator';
import { MemoryEventStore } from '@app/event-store';
import {
  DocumentStore,
  LeaseManager,
  MemoryDocumentStore,
  Projector,
  RedisDocumentStore,
  ALL_PROJECTIONS,
  Projection,
  RedisLeaseManager,
  SqliteDocumentStore,
  SqliteLeaseManager,
  StatisticsDoc,
  statistics,
  sumStatistics,
} from '@app/read-models';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import { projectionContents } from '@app/read-models/testing/projection-contents';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PARTITIONS = 4;

const PARTITIONED: Projection[] = ALL_PROJECTIONS.filter((p) => p.partitionKey);

/** Each scope's documents added up per school, as the statistics queries read one scope. */
function summed(docs: StatisticsDoc[]): StatisticsDoc[] {
  const scopes = [...new Set(docs.map((d) => d.scope))].sort();
  return scopes.flatMap((scope) =>
    sumStatistics(docs.filter((d) => d.scope === scope)).sort((a, b) =>
      a.schoolId.localeCompare(b.schoolId),
    ),
  );
}

/** What readers see of a projection: its public rows, and its statistics summed per school. */
async function seenOf(store: DocumentStore, projection: Projection) {
  const contents = await projectionContents(store, projection);
  for (const c of projection.collections.filter((x) => x.perPartition))
    if (c.name === statistics.name) contents[c.name] = summed(contents[c.name] as StatisticsDoc[]);
    else delete contents[c.name];
  return contents;
}

async function seen(store: DocumentStore) {
  const out: Record<string, unknown> = {};
  for (const p of PARTITIONED) out[p.name] = await seenOf(store, p);
  return out;
}

describe('a partitioned projection shared by two workers', () => {
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
      projections: PARTITIONED,
      retryMs: 20,
    });
    single.start();
    await single.waitForPosition(last, 60_000);
    await single.stop();
    whole = await seen(documents);
    expect(PARTITIONED.map((p) => p.name)).toContain('statistics');
    // A comparison of empty read models would prove nothing: these have rows.
    for (const name of ['tasks', 'caseload', 'statistics'])
      expect([name, Object.values(whole[name] as object).flat().length > 0]).toEqual([name, true]);
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
          projections: PARTITIONED,
          partitions: Object.fromEntries(PARTITIONED.map((p) => [p.name, PARTITIONS])),
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
      for (const status of await workers[0].status()) {
        expect(status.partitions?.map((p) => p.position)).toEqual(
          Array(PARTITIONS).fill(last.toString()),
        );
        expect(status).toMatchObject({ position: last.toString(), lag: '0' });
      }
      // Both workers come to run a fair share each (the first to start takes all, then hands
      // the excess over once it counts two workers), and no partition runs twice.
      const held = () =>
        Promise.all(
          workers.map(async (w) =>
            ((await w.status()).find((s) => s.projection === 'tasks')?.partitions ?? [])
              .filter((p) => p.here)
              .map((p) => p.partition),
          ),
        );
      for (let i = 0; (await held()).some((h) => h.length !== PARTITIONS / 2); i++) {
        if (i > 200)
          throw new Error(`The partitions were not shared: ${JSON.stringify(await held())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await held()).flat().sort()).toEqual([0, 1, 2, 3]);
      expect(await seen(documents)).toEqual(whole);

      // A rebuild asked for anywhere is switched by the holder of partition 0 once all are built.
      const versionOf = async () =>
        (await workers[0].status()).find((s) => s.projection === 'tasks')?.version;
      const from = await versionOf();
      await workers[1].requestRebuild('tasks');
      for (let i = 0; (await versionOf()) === from; i++) {
        if (i > 1_000) throw new Error('The partitioned rebuild did not switch.');
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
