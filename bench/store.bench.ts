/**
 * npm run bench:store — throughput of the SQLite event store (the embedded default) on events
 * shaped like ours. One JSON line per figure. Runs on a temp file; takes well under a minute.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NewEvent, SqliteEventStore } from '@app/event-store';

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

const emit = (name: string, value: number, unit: string, context: Record<string, unknown>) =>
  console.log(JSON.stringify({ name, value: Math.round(value), unit, ...context }));

async function main(): Promise<void> {
  // FULL is what the system runs; NORMAL is measured beside it to show what durability costs.
  for (const synchronous of ['FULL', 'NORMAL'] as const) await run(synchronous);
}

async function run(synchronous: 'FULL' | 'NORMAL'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.db'), synchronous });
  const context = {
    adapter: 'sqlite',
    journal: 'WAL',
    synchronous,
    node: process.version,
    cpus: os.cpus().length,
  };
  try {
    let t = process.hrtime.bigint();
    for (let i = 0; i < SINGLE; i += 1) {
      await store.appendToStream(`pupil-${i}`, [i % 2 ? marks() : conversation()], {
        expectedRevision: 'no_stream',
      });
    }
    let s = Number(process.hrtime.bigint() - t) / 1e9;
    emit('sqlite.append.single', SINGLE / s, 'events/s', {
      ...context,
      events: SINGLE,
      eventsPerAppend: 1,
    });

    t = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b += 1) {
      const events = Array.from({ length: BATCH_SIZE }, (_, i) =>
        i % 2 ? marks() : conversation(),
      );
      await store.appendToStream(`pupil-batch-${b}`, events, { expectedRevision: 'no_stream' });
    }
    s = Number(process.hrtime.bigint() - t) / 1e9;
    const batched = BATCHES * BATCH_SIZE;
    emit('sqlite.append.batched', batched / s, 'events/s', {
      ...context,
      events: batched,
      eventsPerAppend: BATCH_SIZE,
    });

    t = process.hrtime.bigint();
    let read = 0;
    for (let b = 0; b < BATCHES; b += 1)
      for await (const _ of store.readStream(`pupil-batch-${b}`)) read += 1;
    s = Number(process.hrtime.bigint() - t) / 1e9;
    emit('sqlite.read.stream', read / s, 'events/s', {
      ...context,
      events: read,
      eventsPerStream: BATCH_SIZE,
    });

    t = process.hrtime.bigint();
    read = 0;
    for await (const _ of store.readAll()) read += 1;
    s = Number(process.hrtime.bigint() - t) / 1e9;
    emit('sqlite.read.all', read / s, 'events/s', { ...context, events: read });

    t = process.hrtime.bigint();
    read = 0;
    const subscription = store.subscribeToAll();
    for await (const m of subscription) {
      if (m.kind === 'caught-up') break;
      read += 1;
    }
    await subscription.close();
    s = Number(process.hrtime.bigint() - t) / 1e9;
    emit('sqlite.subscription.catch-up', read / s, 'events/s', { ...context, events: read });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
