import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  collect,
  describeEventStoreContract,
  newEvent,
  take,
} from '../testing/event-store.contract';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendResult } from '../event-store.port';
import { SqliteEventStore, SqliteStoreBusyError } from './sqlite-event-store';

describeEventStoreContract(
  'SQLite',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-'));
    const store = new SqliteEventStore({ file: path.join(dir, 'events.db'), pollMs: 20 });
    return {
      store,
      teardown: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { revisionOfEvent: true },
);

describe('the SQLite event store on a file shared by processes', () => {
  let dir: string;
  let file: string;
  const open: { close(): Promise<void> | void }[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-shared-'));
    file = path.join(dir, 'events.db');
  });
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const storeOn = () => {
    const store = new SqliteEventStore({ file, pollMs: 20 });
    open.push(store);
    return store;
  };

  it('delivers to a subscriber what another connection writes (as the api and the worker do)', async () => {
    const reader = storeOn();
    const writer = storeOn();
    const subscription = reader.subscribeToAll();
    const reading = take(subscription, (ms) => ms.filter((m) => m.kind === 'event').length === 3);
    await writer.appendToStream('pupil-1', [newEvent('A'), newEvent('B')], {
      expectedRevision: 'no_stream',
    });
    await writer.appendToStream('pupil-2', [newEvent('C')], { expectedRevision: 'no_stream' });
    const events = (await reading).flatMap((m) => (m.kind === 'event' ? [m.event.type] : []));
    expect(events).toEqual(['A', 'B', 'C']);
  });

  it('delivers an event whose transaction commits late, once, and in order', async () => {
    const store = storeOn();
    await store.appendToStream('pupil-1', [newEvent('First')], { expectedRevision: 'no_stream' });
    // Another process holds the write lock while it writes, then commits after the subscriber has polled.
    const other = new Database(file);
    open.push({ close: () => void other.close() });
    other.exec('BEGIN IMMEDIATE');
    other
      .prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, 0, ?, ?, ?, ?)',
      )
      .run(
        'late-event-id',
        'pupil-2',
        'Late',
        '{}',
        JSON.stringify({
          actor: 'a',
          role: 'r',
          correlationId: 'c',
          causationId: 'c',
          occurredAt: 'x',
        }),
        new Date().toISOString(),
      );
    const subscription = store.subscribeToAll();
    const reading = take(subscription, (ms) => ms.filter((m) => m.kind === 'event').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    other.exec('COMMIT');
    const afterCommit = store.appendToStream('pupil-1', [newEvent('Third')], {
      expectedRevision: 0n,
    });
    const messages = await reading;
    await afterCommit;
    const types = messages.flatMap((m) => (m.kind === 'event' ? [m.event.type] : []));
    expect(types).toEqual(['First', 'Late']);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.type)).toEqual(['First', 'Late', 'Third']);
  });

  it('keeps every acknowledged event after the store is closed and opened again', async () => {
    const first = new SqliteEventStore({ file });
    await first.appendToStream('pupil-1', [newEvent('A'), newEvent('B')], {
      expectedRevision: 'no_stream',
    });
    await first.close();
    const reopened = storeOn();
    expect((await collect(reopened.readStream('pupil-1'))).map((e) => e.type)).toEqual(['A', 'B']);
    await expect(
      reopened.appendToStream('pupil-1', [newEvent('C')], { expectedRevision: 1n }),
    ).resolves.toMatchObject({ nextExpectedRevision: 2n });
  });
  it('refuses an append with a clear error while another process holds the write lock, and writes nothing', async () => {
    const store = new SqliteEventStore({ file, busyTimeoutMs: 50 });
    open.push(store);
    await store.appendToStream('pupil-1', [newEvent('First')], { expectedRevision: 'no_stream' });
    const other = new Database(file);
    open.push({ close: () => void other.close() });
    other.exec('BEGIN IMMEDIATE');
    const error = await store
      .appendToStream('pupil-1', [newEvent('Blocked')], { expectedRevision: 0n })
      .catch((e: unknown) => e);
    other.exec('COMMIT');
    expect(error).toBeInstanceOf(SqliteStoreBusyError);
    expect(error).toMatchObject({ streamId: 'pupil-1', busyTimeoutMs: 50 });
    expect((await collect(store.readStream('pupil-1'))).map((e) => e.type)).toEqual(['First']);
  });

  it('writes appends asked for at once together, each checked on its own: a refused one leaves the others written', async () => {
    const store = storeOn();
    await store.appendToStream('pupil-1', [newEvent('First')], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.appendToStream('pupil-1', [newEvent('Second')], { expectedRevision: 0n }),
      store.appendToStream('pupil-1', [newEvent('Stale')], { expectedRevision: 0n }),
      store.appendToStream('pupil-2', [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect((outcomes[2] as PromiseFulfilledResult<AppendResult>).value).toMatchObject({
      nextExpectedRevision: 1n,
    });
    expect((await collect(store.readStream('pupil-1'))).map((e) => e.type)).toEqual([
      'First',
      'Second',
    ]);
    expect((await collect(store.readAll())).map((e) => e.type)).toEqual([
      'First',
      'Second',
      'A',
      'B',
    ]);
  });

  it('writes an append asked for just before the store is closed, and answers it', async () => {
    const store = new SqliteEventStore({ file });
    const appending = store.appendToStream('pupil-1', [newEvent('Last')], {
      expectedRevision: 'no_stream',
    });
    await store.close();
    await expect(appending).resolves.toMatchObject({ nextExpectedRevision: 0n });
    const reopened = storeOn();
    expect((await collect(reopened.readStream('pupil-1'))).map((e) => e.type)).toEqual(['Last']);
  });

  it('refuses every append of a group with a clear error while another process holds the write lock', async () => {
    const store = new SqliteEventStore({ file, busyTimeoutMs: 50 });
    open.push(store);
    const other = new Database(file);
    open.push({ close: () => void other.close() });
    other.exec('BEGIN IMMEDIATE');
    const errors = await Promise.all(
      ['pupil-1', 'pupil-2'].map((id) =>
        store
          .appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e),
      ),
    );
    other.exec('COMMIT');
    expect(errors).toEqual([
      expect.objectContaining({ name: 'SqliteStoreBusyError', streamId: 'pupil-1' }),
      expect.objectContaining({ name: 'SqliteStoreBusyError', streamId: 'pupil-2' }),
    ]);
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('accepts the same append once the other writer has let go', async () => {
    const store = new SqliteEventStore({ file, busyTimeoutMs: 50 });
    open.push(store);
    await store.appendToStream('pupil-1', [newEvent('First')], { expectedRevision: 'no_stream' });
    const other = new Database(file);
    open.push({ close: () => void other.close() });
    other.exec('BEGIN IMMEDIATE');
    const retried = newEvent('Retried');
    await expect(
      store.appendToStream('pupil-1', [retried], { expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(SqliteStoreBusyError);
    other.exec('COMMIT');
    await store.appendToStream('pupil-1', [retried], { expectedRevision: 0n });
    expect((await collect(store.readStream('pupil-1'))).map((e) => e.type)).toEqual([
      'First',
      'Retried',
    ]);
    expect(other.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('records the time its clock gives as each event’s recordedAt', async () => {
    const store = new SqliteEventStore({ file, clock: () => new Date('2025-09-01T08:30:00.000Z') });
    open.push(store);
    await store.appendToStream('pupil-1', [newEvent(), newEvent()], {
      expectedRevision: 'no_stream',
    });
    const read = await collect(store.readStream('pupil-1'));
    expect(read.map((e) => e.recordedAt)).toEqual([
      '2025-09-01T08:30:00.000Z',
      '2025-09-01T08:30:00.000Z',
    ]);
  });

  it('creates the folders of a database file that does not exist yet', async () => {
    const nested = path.join(dir, 'not', 'there', 'events.db');
    const store = new SqliteEventStore({ file: nested });
    open.push(store);
    await store.appendToStream('pupil-1', [newEvent()], { expectedRevision: 'no_stream' });
    expect(fs.existsSync(nested)).toBe(true);
  });

  it('ends the for-await of every open subscription when the store is closed', async () => {
    const store = new SqliteEventStore({ file });
    const subscription = store.subscribeToAll();
    const reading = (async () => {
      let messages = 0;
      for await (const _ of subscription) messages += 1;
      return messages;
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    await expect(reading).resolves.toBe(1); // just the caught-up marker of an empty store
  });

  it('serialises writers in separate processes: every event appended once, at contiguous revisions, delivered once in order', async () => {
    const writers = ['a', 'b', 'c'];
    const perWriter = 40;
    const subscriber = storeOn();
    const subscription = subscriber.subscribeToAll();
    const delivering = take(
      subscription,
      (ms) => ms.filter((m) => m.kind === 'event').length === writers.length * perWriter,
      60_000,
    );
    const outputs = await Promise.all(
      writers.map((w) => raceInAnotherProcess(file, 'pupil-raced', w, perWriter)),
    );
    const delivered = (await delivering).flatMap((m) => (m.kind === 'event' ? [m.event] : []));
    const stored = await collect(subscriber.readStream('pupil-raced'));

    expect(outputs.map((o) => o.appended)).toEqual([perWriter, perWriter, perWriter]);
    expect(stored.map((e) => e.revision)).toEqual(
      Array.from({ length: writers.length * perWriter }, (_, i) => BigInt(i)),
    );
    for (const w of writers) {
      expect(stored.filter((e) => e.data.writer === w).map((e) => e.data.sequence)).toEqual(
        Array.from({ length: perWriter }, (_, i) => i),
      );
    }
    expect(delivered.map((e) => e.id)).toEqual(stored.map((e) => e.id));
  }, 60_000);
});

const raceScript = path.join(__dirname, 'testing', 'race-appends-in-a-process.ts');

/** Runs the racing writer in its own node process (tsx's loader) and returns what it printed. */
function raceInAnotherProcess(
  file: string,
  streamId: string,
  writer: string,
  count: number,
): Promise<{ appended: number; conflicts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', raceScript, file, streamId, writer, String(count)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { appended: number; conflicts: number })
        : reject(new Error(`writer ${writer} exited with ${code}: ${err}`)),
    );
  });
}
