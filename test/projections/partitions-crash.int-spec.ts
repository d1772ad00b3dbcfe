/**
 * Three worker processes share the partitions of the `counting`, `tasks` and `casework`
 * projections (the casework views, with the caseload and the statistics) (PROJECTION_PARTITIONS), once with the embedded default (SQLite read
 * models and leases in DATA_DIR/read-models.db) and once on Redis. One is SIGKILLed while they build from zero; later the holder of
 * partition 0 (who switches a partitioned rebuild) is SIGKILLed mid-rebuild. Each time the others
 * take the dead worker's partitions over once its leases expire and carry on from their
 * checkpoints; in the end the read models equal a single-process rebuild and no event was
 * applied twice.
 */
import { SqliteEventStore } from '@app/event-store';
import {
  ACTIVE_VERSIONS,
  type DocumentStore,
  REBUILD_REQUESTS,
  RedisDocumentStore,
  SqliteDocumentStore,
  SqliteLeaseManager,
  caseworkProjection,
  tasksProjection,
} from '@app/read-models';
import { PARTITION_BUILDS } from '@app/read-models/projector/partition-build';
import { partitionCheckpointName, partitionsOf } from '@app/read-models/projector/partitions';
import type { Applied } from '@app/read-models/testing/counting-projection';
import { countingProjection } from '@app/read-models/testing/counting-projection';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writePupils } from './crash-history';
import { asReadersSee } from '@app/read-models/testing/projection-contents';
import { contents, fromZero, headOf, startWorker } from './crash';

const P = 6;
const PARTITIONED = [countingProjection(), tasksProjection, caseworkProjection];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, safetyMs = 60_000) {
  const giveUpAt = Date.now() + safetyMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting until ${what}`);
    await sleep(25);
  }
}

/** Every partition's checkpoint of a projection in its active version. */
async function partitionPositions(documents: DocumentStore, name: string): Promise<bigint[]> {
  const active = await documents.get(ACTIVE_VERSIONS, name);
  if (!active) return partitionsOf(P).map(() => 0n);
  return Promise.all(
    partitionsOf(P).map(async (p) =>
      BigInt(
        (await documents.getCheckpoint(partitionCheckpointName(name, active.version, p))) ?? 0,
      ),
    ),
  );
}

/** Where the workers keep their read models and leases, as the test process sees them. */
interface ReadModelStore {
  documents: DocumentStore;
  /** What the workers need in their environment besides DATA_DIR to use this store. */
  env: Record<string, string>;
  /** The owner of a lease (`host:pid:uuid`), if someone holds it. */
  holder(lease: string): Promise<string | undefined>;
  close(): Promise<void>;
}

async function sqliteStore(dir: string): Promise<ReadModelStore> {
  const file = path.join(dir, 'read-models.db');
  const documents = new SqliteDocumentStore({ file });
  const leases = new SqliteLeaseManager({ file });
  return {
    documents,
    env: { REDIS_URL: '' },
    holder: (lease) => leases.holder(lease),
    close: async () => {
      leases.close();
      await documents.close();
    },
  };
}

async function redisStore(): Promise<ReadModelStore> {
  const { redis, prefix, cleanUp } = await connectTestRedis('partitions-crash');
  return {
    documents: new RedisDocumentStore(redis, { prefix }),
    env: {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      READ_MODELS_PREFIX: prefix,
    },
    holder: async (lease) => (await redis.get(`${prefix}lease:${lease}`)) ?? undefined,
    close: cleanUp,
  };
}

describe.each([
  ['SQLite', sqliteStore],
  ['Redis', redisStore],
])('three workers sharing partitioned projections (%s), one SIGKILLed mid-rebuild', (_, open) => {
  jest.setTimeout(120_000);
  let dir: string;
  let events: SqliteEventStore;
  let store: ReadModelStore;
  let documents: DocumentStore;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partitions-crash-'));
    events = new SqliteEventStore({ file: path.join(dir, 'events.db'), synchronous: 'NORMAL' });
    store = await open(dir);
    documents = store.documents;
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await events.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = () => {
    const worker = startWorker({
      DATA_DIR: dir,
      ...store.env,
      PROJECTION_PARTITIONS: PARTITIONED.map((p) => `${p.name}:${P}`).join(','),
    });
    workers.push(worker);
    return worker;
  };
  const kill = async (worker: ChildProcess) => {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  };
  const allAt = async (head: bigint) => {
    for (const p of PARTITIONED)
      if ((await partitionPositions(documents, p.name)).some((c) => c !== head)) return false;
    return true;
  };
  /** The pid of the worker holding a lease (owners are `host:pid:uuid`). */
  const holder = async (lease: string) => Number((await store.holder(lease))?.split(':')[1]);

  async function expectEqualToSingleProcessRebuild() {
    for (const projection of PARTITIONED) {
      const seen = asReadersSee(projection, await contents(documents, projection));
      const expected = asReadersSee(projection, await fromZero(events, projection));
      expect({ [projection.name]: seen }).toEqual({ [projection.name]: expected });
    }
    const applied = (await contents(documents, PARTITIONED[0])).applied as Applied[];
    expect(applied.filter((a) => a.times !== 1)).toEqual([]);
    let pupilEvents = 0;
    for await (const e of events.readAll()) if (e.streamId.startsWith('pupil-')) pupilEvents++;
    expect(applied).toHaveLength(pupilEvents);
  }

  it('ends with the read models of a single-process rebuild, each event applied once', async () => {
    await writePupils(events, 0, 200, 10);
    const head = await headOf(events);
    const running = [start(), start(), start()];

    // Building from zero: kill the holder of a partition that is still behind.
    let behind = -1;
    let victim: ChildProcess | undefined;
    await until('a worker holds a partition that is behind', async () => {
      const positions = await partitionPositions(documents, 'counting');
      behind = positions.findIndex((c) => c < head);
      if (!positions.some((c) => c > 0n) || behind < 0) return false;
      const pid = await holder(`projection:counting:p${behind}`);
      victim = running.find((w) => w.pid === pid);
      return victim !== undefined;
    });
    if (!victim) throw new Error(`No running worker holds partition ${behind}.`);
    await kill(victim);
    expect((await partitionPositions(documents, 'counting'))[behind]).toBeLessThan(head);
    await until('the others took its partitions over and caught up', () => allAt(head));
    await expectEqualToSingleProcessRebuild();

    // A rebuild: kill whoever holds partition 0 once the new version is being built.
    await documents.put(REBUILD_REQUESTS, 'counting', {
      requestedAt: new Date().toISOString(),
      fromVersion: 1,
    });
    await until('the rebuild started', async () =>
      Boolean(await documents.get(PARTITION_BUILDS, 'counting')),
    );
    const p0 = await holder('projection:counting:p0');
    const switcher = running.find((w) => w.pid === p0);
    if (!switcher || switcher === victim) throw new Error('No running worker holds partition 0.');
    await kill(switcher);
    expect((await documents.get(ACTIVE_VERSIONS, 'counting'))?.version).toBe(1);
    await until(
      'the rebuild switched',
      async () => (await documents.get(ACTIVE_VERSIONS, 'counting'))?.version === 2,
    );
    await until('every partition of the new version caught up', () => allAt(head));
    await expectEqualToSingleProcessRebuild();
    await until(
      'the rebuild request was cleared',
      async () => (await documents.get(REBUILD_REQUESTS, 'counting')) === undefined,
    );
    for (const w of running) if (w.exitCode === null && w.signalCode === null) await kill(w);
  });
});
