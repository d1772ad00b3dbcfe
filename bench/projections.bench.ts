/**
 * npm run bench:projections — how fast each projection in ALL_PROJECTIONS rebuilds from zero over
 * a realistic history of at least BENCH_EVENTS events (default 1,000,000), into each document
 * store (memory, SQLite, Redis at REDIS_URL or 127.0.0.1:6379).
 *
 * The history: a template of BENCH_TEMPLATE_PUPILS pupils over BENCH_TEMPLATE_WEEKS school weeks
 * is generated through the real command path (history-generator.ts), then written as many
 * re-keyed copies as it takes (history-templates.ts) into a SQLite event store. The file is cached
 * under BENCH_CACHE_DIR (default: the OS temp dir) by seed and size, so reruns reuse it.
 *
 * One JSON line per figure: events/s, elapsed seconds and peak RSS of each rebuild. `events` is
 * the number of events of the global feed the rebuild went through (a projection reads the whole
 * feed and skips streams it does not follow). BENCH_MAX_SECONDS stops a rebuild early (its figures
 * then say `"complete": false` and count the events it got through); BENCH_STORES and
 * BENCH_PROJECTIONS (comma-separated) narrow the run; `casework` is the seven casework views, one
 * projection that folds each pupil once for all of them. A projection this far behind catches up as a
 * rebuild does: pages of BENCH_REBUILD_BATCH_SIZE events (default 10,000) per transaction through
 * the write-back document cache of BENCH_CACHE_DOCUMENTS documents (default 20,000). Each rebuild runs in a process of its own
 * (heap BENCH_HEAP_MB, default 8192), whose peak RSS is the figure reported. Then, on SQLite and
 * Redis, one partitioned projection is rebuilt by one worker process and by two sharing its
 * partitions (see partitioned-workers.ts; BENCH_WORKERS=false leaves it out).
 */
import { generateHistory } from '@app/application/testing/history-generator';
import { cloneHistory } from '@app/application/testing/history-templates';
import { MemoryEventStore, RecordedEvent, SqliteEventStore } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  DocumentStore,
  MemoryDocumentStore,
  Projection,
  Projector,
  RedisDocumentStore,
  SqliteDocumentStore,
} from '@app/read-models';
import { unlinkPrefix } from '@app/read-models/testing/redis-test-connection';
import Redis from 'ioredis';
import { PARTITIONED, runUntil, shareRebuild, workersFigures } from './partitioned-workers';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const TEMPLATE_PUPILS = Number(process.env.BENCH_TEMPLATE_PUPILS ?? 250);
const TEMPLATE_WEEKS = Number(process.env.BENCH_TEMPLATE_WEEKS ?? 39);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? Infinity);
const BATCH_SIZE = process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined;
/** A rebuild's pages (events per transaction) and its write-back cache's cap in documents. */
const REBUILD_BATCH_SIZE = Number(process.env.BENCH_REBUILD_BATCH_SIZE ?? 10_000);
const CACHE_DOCUMENTS = Number(process.env.BENCH_CACHE_DOCUMENTS ?? 20_000);
const STORES = (process.env.BENCH_STORES ?? 'memory,sqlite,redis').split(',');
const ONLY = process.env.BENCH_PROJECTIONS?.split(',');
/** Heap of each rebuild's process: the casework read model of a million events is large in memory. */
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 8192);
/** BENCH_WORKERS=false leaves out the 2-workers-against-1 figure (see partitioned-workers.ts). */
const WORKERS_FIGURE = process.env.BENCH_WORKERS !== 'false';
const CACHE_DIR =
  process.env.BENCH_CACHE_DIR ?? path.join(os.tmpdir(), 'attendance-casework-bench');

const print = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));

async function lastPosition(events: SqliteEventStore): Promise<bigint> {
  for await (const e of events.readAll({ direction: 'backwards', maxCount: 1 })) return e.position;
  return 0n;
}

/** The cached history file, generated first if there is none for this seed and size. */
async function history(): Promise<string> {
  const file = path.join(
    CACHE_DIR,
    `projections-seed${SEED}-events${EVENTS}-template${TEMPLATE_PUPILS}x${TEMPLATE_WEEKS}.db`,
  );
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const started = performance.now();
  const source = new MemoryEventStore();
  await generateHistory(source, {
    seed: SEED,
    pupils: TEMPLATE_PUPILS,
    schoolWeeks: TEMPLATE_WEEKS,
  });
  const template: RecordedEvent[] = [];
  for await (const e of source.readAll()) template.push(e);
  await source.close();
  const decidedIn = (performance.now() - started) / 1000;
  const shared = template.filter((e) => e.streamId.startsWith('settings-')).length;
  const copies = Math.ceil((EVENTS - shared) / (template.length - shared));
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  const target = new SqliteEventStore({ file: partial, synchronous: 'NORMAL' });
  const written = await cloneHistory(template, target, { copies, seed: SEED });
  await target.close();
  fs.renameSync(partial, file);
  print({
    name: 'projections.history.generated',
    value: written.events,
    unit: 'events',
    mode: 'templates',
    templatePupils: TEMPLATE_PUPILS,
    templateWeeks: TEMPLATE_WEEKS,
    templateEvents: template.length,
    copies,
    decidedSeconds: Number(decidedIn.toFixed(1)),
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  });
  return file;
}

interface Target {
  documents: DocumentStore;
  dispose(): Promise<void>;
}

async function documentStore(kind: string, run: string): Promise<Target> {
  if (kind === 'memory') {
    const documents = new MemoryDocumentStore();
    return { documents, dispose: () => documents.close() };
  }
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-projections-'));
    const documents = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
    return {
      documents,
      dispose: async () => {
        await documents.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === 'redis') {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `bench:projections:${process.pid}:${run}:`;
    return {
      documents: new RedisDocumentStore(redis, { prefix }),
      dispose: async () => {
        await unlinkPrefix(redis, prefix);
        await redis.quit();
      },
    };
  }
  throw new Error(`Unknown document store "${kind}" (memory, sqlite or redis).`);
}

async function rebuild(
  events: SqliteEventStore,
  kind: string,
  name: string,
  projections: readonly Projection[],
  last: bigint,
): Promise<void> {
  const target = await documentStore(kind, `${name}-${Date.now()}`);
  const projector = new Projector({
    events,
    documents: target.documents,
    projections: [...projections],
    batchSize: BATCH_SIZE,
    rebuildBatchSize: REBUILD_BATCH_SIZE,
    rebuildCacheDocuments: CACHE_DOCUMENTS,
  });
  const started = performance.now();
  projector.start();
  const complete = await runUntil(projector, last, started, MAX_SECONDS);
  const seconds = (performance.now() - started) / 1000;
  // Together, the events all of them have gone through (the slowest's position).
  const applied = Math.min(...(await projector.status()).map((st) => Number(st.position ?? 0)));
  // This process does only this rebuild (see main), so its peak is the rebuild's.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await target.dispose();
  const context = {
    store: kind,
    projection: name,
    ...(projections.length > 1 ? { projections: projections.map((p) => p.name) } : {}),
    ...(projections[0].members ? { views: projections[0].members.views.map((m) => m.name) } : {}),
    events: applied,
    complete,
    batchSize: BATCH_SIZE ?? 200,
    rebuildBatchSize: REBUILD_BATCH_SIZE,
    cacheDocuments: CACHE_DOCUMENTS,
  };
  print({
    name: 'projections.rebuild.events_per_s',
    value: Math.round(applied / seconds),
    unit: 'events/s',
    ...context,
  });
  print({
    name: 'projections.rebuild.elapsed_s',
    value: Number(seconds.toFixed(2)),
    unit: 's',
    ...context,
  });
  print({
    name: 'projections.rebuild.peak_rss_mb',
    value: Math.round(peakRss / 2 ** 20),
    unit: 'MB',
    ...context,
  });
}

/** Each rebuild runs in its own process: one rebuild's memory cannot weigh on the next. */
function rebuildInChild(file: string, kind: string, name: string): boolean {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, process.argv[1]],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_CHILD: `${kind}:${name}`, BENCH_FILE: file },
    },
  );
  if (child.status !== 0)
    console.error(`Rebuild of ${name} into ${kind} failed (exit ${child.status}).`);
  return child.status === 0;
}

async function main(): Promise<void> {
  const unknown = ONLY?.filter((name) => !ALL_PROJECTIONS.some((p) => p.name === name)) ?? [];
  if (unknown.length > 0)
    // A casework view (caseload, contracts, …) is a member of the `casework` group, not a
    // projection of its own: it is rebuilt with the group.
    throw new Error(
      `BENCH_PROJECTIONS names no projection: ${unknown.join(', ')}. Projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')} (the casework views are rebuilt together as casework).`,
    );
  const projections = ALL_PROJECTIONS.filter((p) => !ONLY || ONLY.includes(p.name));
  if (projections.length === 0) throw new Error('No projections to rebuild (ALL_PROJECTIONS).');
  const child = process.env.BENCH_CHILD;
  const file = child ? (process.env.BENCH_FILE as string) : await history();
  const events = new SqliteEventStore({ file, synchronous: 'NORMAL' });
  const last = await lastPosition(events);
  const shared = process.env.BENCH_SHARED;
  if (shared) {
    const [kind, where] = shared.split('|');
    const projection = ALL_PROJECTIONS.find((p) => p.name === PARTITIONED) as Projection;
    await shareRebuild(events, kind, where, projection, last, {
      rebuildBatchSize: REBUILD_BATCH_SIZE,
      rebuildCacheDocuments: CACHE_DOCUMENTS,
      maxSeconds: MAX_SECONDS,
    });
    await events.close();
    return;
  }
  if (child) {
    const [kind, name] = child.split(':');
    await rebuild(
      events,
      kind,
      name,
      [projections.find((p) => p.name === name) as Projection],
      last,
    );
    await events.close();
    return;
  }
  await events.close();
  print({
    name: 'projections.history.events',
    value: Number(last),
    unit: 'events',
    file,
    cpus: os.cpus().length,
  });
  let ok = true;
  for (const kind of STORES)
    for (const name of projections.map((p) => p.name)) ok = rebuildInChild(file, kind, name) && ok;
  if (WORKERS_FIGURE)
    for (const kind of STORES.filter((k) => k !== 'memory'))
      await workersFigures(file, kind, Number(last), print);
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
