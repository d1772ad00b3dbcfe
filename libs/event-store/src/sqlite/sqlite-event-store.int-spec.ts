import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  collect,
  describeEventStoreContract,
  newEvent,
  take,
} from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-'));
  const store = new SqliteEventStore({ file: path.join(dir, 'events.db'), pollMs: 20 });
  return {
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

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
});
