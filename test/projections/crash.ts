/**
 * The crash scenario for the projection worker, shared by the SQLite and Redis specs: a history is
 * written, the real worker process projects it and is SIGKILLed at random moments while it is
 * behind, more events arrive between kills, and once a last worker has caught up every document of
 * every projection must equal a rebuild from zero into a fresh store.
 */
import { SqliteEventStore } from '@app/event-store';
import {
  ACTIVE_VERSIONS,
  ALL_PROJECTIONS,
  type DocumentStore,
  MemoryDocumentStore,
  type Projection,
} from '@app/read-models';
import { applyInBatches, projectionContents } from '@app/read-models/testing/projection-contents';
import { checkpointName } from '@app/read-models/projector/projection';
import { countingProjection } from '@app/read-models/testing/counting-projection';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { writePupils } from './crash-history';

const ROOT = path.join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every projection the crash worker runs. */
export const PROJECTIONS: Projection[] = [...ALL_PROJECTIONS, countingProjection()];

export function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'crash-worker.ts')],
    {
      cwd: ROOT,
      // Projections only: the process managers write events of their own (concerns), which a
      // worker stopped at once might leave unprojected, and the test compares with the head.
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        PROJECTION_LEASE_TTL_MS: '1000',
        RUN_PROCESS_MANAGERS: 'false',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function until(what: string, check: () => Promise<boolean>, safetyMs = 40_000) {
  const giveUpAt = Date.now() + safetyMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting until ${what}`);
    await sleep(20);
  }
}

/** Each projection's checkpoint in the version serving reads (0 before its first batch). */
export async function checkpoints(documents: DocumentStore): Promise<bigint[]> {
  return Promise.all(
    PROJECTIONS.map(async (p) => {
      const active = await documents.get(ACTIVE_VERSIONS, p.name);
      if (!active) return 0n;
      return BigInt((await documents.getCheckpoint(checkpointName(p.name, active.version))) ?? 0);
    }),
  );
}

/** Every document of every collection of the version serving reads. */
export const contents = projectionContents;

/** What a rebuild from zero gives: the whole feed applied to a fresh store, in batches. */
export async function fromZero(events: SqliteEventStore, projection: Projection) {
  const fresh = new MemoryDocumentStore();
  const all = [];
  for await (const e of events.readAll()) all.push(e);
  await applyInBatches(fresh, projection, all, 500);
  return contents(fresh, projection);
}

/** The last global position (the worker's process managers append events too). */
export async function headOf(events: SqliteEventStore): Promise<bigint> {
  let head = 0n;
  for await (const e of events.readAll({ direction: 'backwards', maxCount: 1 })) head = e.position;
  return head;
}

export interface CrashRun {
  /** Kills made while at least one projection was behind the head of the feed. */
  killsMidProjection: number;
  /** How the last worker ended after SIGTERM. */
  lastExit: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * Writes `pupils` pupils, then starts and SIGKILLs the worker until it has been killed
 * `kills` times while behind, adding `pupilsPerRestart` pupils before each restart; then lets a
 * last worker catch up and stops it with SIGTERM.
 */
export async function crashRepeatedly(options: {
  events: SqliteEventStore;
  documents: DocumentStore;
  env: Record<string, string>;
  pupils: number;
  pupilsPerRestart: number;
  weeks: number;
  kills: number;
}): Promise<CrashRun> {
  const { events, documents, env } = options;
  await writePupils(events, 0, options.pupils, options.weeks);
  let next = options.pupils;
  let killsMidProjection = 0;
  for (let attempt = 0; killsMidProjection < options.kills; attempt++) {
    if (attempt >= options.kills * 3) throw new Error('The worker kept catching up before a kill.');
    const before = await checkpoints(documents);
    const worker = startWorker(env);
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    try {
      // Mid-projection: after it has committed something, at a random moment.
      await until('the worker committed a batch', async () =>
        (await checkpoints(documents)).some((c, i) => c > before[i]),
      );
      await sleep(Math.random() * 100);
      const head = await headOf(events);
      if ((await checkpoints(documents)).some((c) => c < head)) killsMidProjection += 1;
    } finally {
      worker.kill('SIGKILL');
      await exited;
    }
    await writePupils(events, next, options.pupilsPerRestart, options.weeks);
    next += options.pupilsPerRestart;
  }
  const last = startWorker(env);
  const lastExit = new Promise<CrashRun['lastExit']>((resolve) =>
    last.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    const caughtUp = async () => {
      const head = await headOf(events);
      return (await checkpoints(documents)).every((c) => c === head);
    };
    // Twice, apart: the process managers may still be appending what the last events led to.
    await until(
      'the last worker caught up',
      async () => (await caughtUp()) && (await sleep(300), caughtUp()),
    );
  } catch (error) {
    last.kill('SIGKILL');
    throw error;
  }
  last.kill('SIGTERM');
  return { killsMidProjection, lastExit: await lastExit };
}
