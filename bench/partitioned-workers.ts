/**
 * bench:projections' "2 workers against 1 on the same store": a partitioned projection
 * (BENCH_PARTITIONED, default tasks, in BENCH_PARTITIONS partitions, default 4) rebuilt from zero
 * by one worker process, then by two sharing its partitions through the store's leases (SQLite:
 * the read models' file; Redis: the same prefix), each run into a fresh store. The figure is the
 * wall time from the workers' start until every partition has reached the head, as the slowest
 * worker saw it (process start-up excluded).
 */
import type { EventStore } from '@app/event-store';
import {
  DocumentStore,
  LeaseManager,
  PositionWaitTimeout,
  Projection,
  Projector,
  RedisDocumentStore,
  RedisLeaseManager,
  SqliteDocumentStore,
  SqliteLeaseManager,
} from '@app/read-models';
import { unlinkPrefix } from '@app/read-models/testing/redis-test-connection';
import Redis from 'ioredis';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PARTITIONED = process.env.BENCH_PARTITIONED ?? 'tasks';
export const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 4);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Runs a started projector until it has reached `last` or `maxSeconds` passed; false if it had not. */
export async function runUntil(
  projector: Projector,
  last: bigint,
  started: number,
  maxSeconds: number,
): Promise<boolean> {
  try {
    for (;;) {
      try {
        await projector.waitForPosition(last, 1_000);
        return true;
      } catch (error) {
        if (!(error instanceof PositionWaitTimeout)) throw error;
        if ((performance.now() - started) / 1000 >= maxSeconds) return false;
      }
    }
  } finally {
    await projector.stop();
  }
}

interface Shared {
  documents: DocumentStore;
  leases: LeaseManager;
  close(): Promise<void>;
}

function open(kind: string, where: string): Shared {
  if (kind === 'sqlite') {
    const documents = new SqliteDocumentStore({ file: where });
    const leases = new SqliteLeaseManager({ file: where });
    return { documents, leases, close: async () => (leases.close(), documents.close()) };
  }
  const redis = new Redis(REDIS_URL);
  return {
    documents: new RedisDocumentStore(redis, { prefix: where }),
    leases: new RedisLeaseManager(redis, `${where}lease:`),
    close: async () => void (await redis.quit()),
  };
}

/** In a worker process: runs the partitioned projection until every partition is at `last`. */
export async function shareRebuild(
  events: EventStore,
  kind: string,
  where: string,
  projection: Projection,
  last: bigint,
  options: { rebuildBatchSize: number; rebuildCacheDocuments: number; maxSeconds: number },
): Promise<void> {
  const shared = open(kind, where);
  const projector = new Projector({
    events,
    documents: shared.documents,
    leases: shared.leases,
    projections: [projection],
    partitions: { [projection.name]: PARTITIONS },
    leaseTtlMs: 3_000,
    retryMs: 100,
    rebuildBatchSize: options.rebuildBatchSize,
    rebuildCacheDocuments: options.rebuildCacheDocuments,
  });
  const started = performance.now();
  projector.start();
  let complete: boolean;
  try {
    complete = await runUntil(projector, last, started, options.maxSeconds);
  } finally {
    await shared.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
  // The parent reads this line from the worker's stdout.
  console.log(JSON.stringify({ seconds, complete, peakRssMb }));
}

function runWorker(
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; complete: boolean; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() as string))
        : reject(new Error(`A shared-rebuild worker failed (exit ${code}).`)),
    );
  });
}

async function dispose(kind: string, where: string): Promise<void> {
  if (kind === 'sqlite') return fs.rmSync(path.dirname(where), { recursive: true, force: true });
  const redis = new Redis(REDIS_URL);
  await unlinkPrefix(redis, where);
  await redis.quit();
}

/** In the bench's parent: one worker, then two, on a fresh store of `kind`; prints both and the ratio. */
export async function workersFigures(
  file: string,
  kind: string,
  events: number,
  print: (figure: Record<string, unknown>) => void,
): Promise<void> {
  const rates: number[] = [];
  for (const workers of [1, 2]) {
    const where =
      kind === 'sqlite'
        ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-partitions-')), 'read-models.db')
        : `bench:partitions:${process.pid}:${workers}:`;
    const env = { ...process.env, BENCH_SHARED: `${kind}|${where}`, BENCH_FILE: file };
    try {
      const results = await Promise.all(Array.from({ length: workers }, () => runWorker(env)));
      const seconds = Math.max(...results.map((r) => r.seconds));
      const context = {
        store: kind,
        projection: PARTITIONED,
        partitions: PARTITIONS,
        workers,
        events,
        complete: results.every((r) => r.complete),
        peakRssMb: results.map((r) => r.peakRssMb),
      };
      rates.push(events / seconds);
      print({
        name: 'projections.partitioned.events_per_s',
        value: Math.round(events / seconds),
        unit: 'events/s',
        ...context,
      });
      print({
        name: 'projections.partitioned.elapsed_s',
        value: Number(seconds.toFixed(2)),
        unit: 's',
        ...context,
      });
    } finally {
      await dispose(kind, where);
    }
  }
  print({
    name: 'projections.partitioned.two_workers_vs_one',
    value: Number((rates[1] / rates[0]).toFixed(2)),
    unit: 'x',
    store: kind,
    projection: PARTITIONED,
    partitions: PARTITIONS,
    events,
  });
}
