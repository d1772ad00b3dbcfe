/**
 * npm run bench:store — throughput of the SQLite event store (the embedded default) on events
 * shaped like ours. One JSON line per figure: the median of BENCH_RUNS runs (default 3), each on a
 * fresh temp file, with min and max beside it. Takes about half a minute on two cores.
 * Then the transparency log: how fast it logs a store of N events and how long `audit:verify`
 * takes over them, for each N in BENCH_VERIFY_EVENTS (default 10000,100000; one run each;
 * BENCH_RUNS=0 BENCH_VERIFY_EVENTS=1000000 for the million-event figure alone).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NewEvent, SqliteEventStore, StreamAppend } from '@app/event-store';
import { catchUpLog, verifyAudit } from '@app/application';
import { SqliteTransparencyLog } from '@app/transparency-log';

const SINGLE = Number(process.env.BENCH_SINGLE ?? 2_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 500);
const BATCH_SIZE = 100;

const metadata = () => ({
  actor: 'user-123',
  role: 'link-worker',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  occurredAt: new Date().toISOString(),
  ruleSetVersion: 'national-2024-08-19',
  previousHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
});
const marks = (): NewEvent => ({
  id: randomUUID(),
  type: 'AttendanceMarksRecorded',
  data: {
    schoolId: 'school-1042',
    from: '2025-03-03',
    to: '2025-03-07',
    marks: ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'].flatMap(
      (date) => [
        { date, session: 'AM', code: '/' },
        { date, session: 'PM', code: Math.random() < 0.1 ? 'N' : '\\' },
      ],
    ),
  },
  metadata: metadata(),
});
const conversation = (): NewEvent => ({
  id: randomUUID(),
  type: 'ConversationRecorded',
  data: {
    conversationId: randomUUID(),
    withWhom: ['parent', 'pupil'],
    barriers: ['anxiety', 'transport'],
    notes: 'x'.repeat(300),
    pupilVoice: 'y'.repeat(120),
    agreedNextSteps: ['Morning check-in with the pastoral lead', 'Bus pass application'],
  },
  metadata: metadata(),
});

type Figure = { name: string; events: number; seconds: number; extra?: Record<string, unknown> };

/** Several short runs on fresh files; the median resists the noise of a shared machine's fsync. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  // FULL is what the system runs; NORMAL is measured beside it to show what durability costs.
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    const runs: Figure[][] = [];
    for (let r = 0; r < RUNS; r += 1) runs.push(await run(synchronous));
    // BENCH_RUNS=0 skips these figures (to measure only the transparency log's).
    runs[0]?.forEach((figure, i) => {
      const rates = runs.map((figures) => figures[i].events / figures[i].seconds);
      console.log(
        JSON.stringify({
          name: figure.name,
          value: Math.round(median(rates)),
          unit: 'events/s',
          events: figure.events,
          synchronous,
          journal: 'WAL',
          adapter: 'sqlite',
          runs: RUNS,
          min: Math.round(Math.min(...rates)),
          max: Math.round(Math.max(...rates)),
          ...figure.extra,
          node: process.version,
          cpus: os.cpus().length,
        }),
      );
    });
  }
}

const VERIFY_SIZES = (process.env.BENCH_VERIFY_EVENTS ?? '10000,100000').split(',').map(Number);

/** Logs and verifies stores of each size: the time per event should not grow with the size. */
async function transparencyLogFigures(): Promise<void> {
  for (const size of VERIFY_SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
    const store = new SqliteEventStore({
      file: path.join(dir, 'events.db'),
      synchronous: 'NORMAL',
    });
    const log = new SqliteTransparencyLog(path.join(dir, 'transparency-log.db'));
    try {
      // 100 events a stream, written 1,000 at a time (setting up, not measured).
      for (let written = 0; written < size; written += 1000) {
        const appends: StreamAppend[] = [];
        for (let i = written; i < Math.min(size, written + 1000); i += 100)
          appends.push({
            streamId: `pupil-${i / 100}`,
            events: Array.from({ length: Math.min(100, size - i) }, (_, j) =>
              j % 2 ? marks() : conversation(),
            ),
            expectedRevision: 'no_stream',
          });
        await store.appendToStreams(appends);
      }
      let t = process.hrtime.bigint();
      await catchUpLog(store, log);
      const logSeconds = secondsSince(t);
      t = process.hrtime.bigint();
      const report = await verifyAudit(store, log);
      const verifySeconds = secondsSince(t);
      const common = {
        events: size,
        adapter: 'sqlite',
        node: process.version,
        cpus: os.cpus().length,
      };
      console.log(
        JSON.stringify({
          name: 'transparency-log.append',
          value: Math.round(size / logSeconds),
          unit: 'events/s',
          seconds: logSeconds,
          ...common,
        }),
      );
      console.log(
        JSON.stringify({
          name: 'audit.verify',
          value: Number(verifySeconds.toFixed(2)),
          unit: 's',
          eventsPerSecond: Math.round(size / verifySeconds),
          eventsChecked: report.eventsChecked,
          treeSize: report.log.treeSize,
          processPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
          ...common,
        }),
      );
    } finally {
      log.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function run(synchronous: 'FULL' | 'NORMAL'): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.db'), synchronous });
  const figures: Figure[] = [];
  try {
    let t = process.hrtime.bigint();
    for (let i = 0; i < SINGLE; i += 1) {
      await store.appendToStream(`pupil-${i}`, [i % 2 ? marks() : conversation()], {
        expectedRevision: 'no_stream',
      });
    }
    figures.push({
      name: 'sqlite.append.single',
      events: SINGLE,
      seconds: secondsSince(t),
      extra: { eventsPerAppend: 1 },
    });

    t = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b += 1) {
      const events = Array.from({ length: BATCH_SIZE }, (_, i) =>
        i % 2 ? marks() : conversation(),
      );
      await store.appendToStream(`pupil-batch-${b}`, events, { expectedRevision: 'no_stream' });
    }
    figures.push({
      name: 'sqlite.append.batched',
      events: BATCHES * BATCH_SIZE,
      seconds: secondsSince(t),
      extra: { eventsPerAppend: BATCH_SIZE },
    });

    t = process.hrtime.bigint();
    let read = 0;
    for (let b = 0; b < BATCHES; b += 1)
      for await (const _ of store.readStream(`pupil-batch-${b}`)) read += 1;
    figures.push({
      name: 'sqlite.read.stream',
      events: read,
      seconds: secondsSince(t),
      extra: { eventsPerStream: BATCH_SIZE },
    });

    t = process.hrtime.bigint();
    read = 0;
    for await (const _ of store.readAll()) read += 1;
    figures.push({ name: 'sqlite.read.all', events: read, seconds: secondsSince(t) });

    t = process.hrtime.bigint();
    read = 0;
    const subscription = store.subscribeToAll();
    for await (const m of subscription) {
      if (m.kind === 'caught-up') break;
      read += 1;
    }
    await subscription.close();
    figures.push({ name: 'sqlite.subscription.catch-up', events: read, seconds: secondsSince(t) });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

void main().then(transparencyLogFigures);
