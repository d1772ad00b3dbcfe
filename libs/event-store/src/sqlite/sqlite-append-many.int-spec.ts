import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WrongExpectedRevisionError } from '../errors';
import { collect, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('appending to many streams at once on the SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-many-'));
    store = new SqliteEventStore({ file: path.join(dir, 'events.db'), pollMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes every stream whose expected revision holds, in the order given', async () => {
    await store.appendToStream('pupil-b', [newEvent()], { expectedRevision: 'no_stream' });
    const outcomes = await store.appendToStreams([
      { streamId: 'pupil-a', events: [newEvent(), newEvent()], expectedRevision: 'no_stream' },
      { streamId: 'pupil-b', events: [newEvent()], expectedRevision: 0n },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.streamId, e.revision])).toEqual([
      ['pupil-b', 0n],
      ['pupil-a', 0n],
      ['pupil-a', 1n],
      ['pupil-b', 1n],
    ]);
  });

  it('refuses a stale stream alone: the others are written and the stale one is untouched', async () => {
    await store.appendToStream('pupil-b', [newEvent(), newEvent()], {
      expectedRevision: 'no_stream',
    });
    const outcomes = await store.appendToStreams([
      { streamId: 'pupil-a', events: [newEvent()], expectedRevision: 'no_stream' },
      { streamId: 'pupil-b', events: [newEvent(), newEvent()], expectedRevision: 0n },
      { streamId: 'pupil-c', events: [newEvent()], expectedRevision: 'no_stream' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const refused = outcomes[1];
    expect(!refused.ok && refused.error).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await collect(store.readStream('pupil-b'))).length).toBe(2);
    expect((await collect(store.readStream('pupil-c'))).length).toBe(1);
  });

  it('refuses a stream whose event cannot be stored alone, writing none of its events', async () => {
    const unstorable = { ...newEvent(), data: { amount: 1n } }; // JSON has no bigint
    const outcomes = await store.appendToStreams([
      { streamId: 'pupil-a', events: [newEvent()], expectedRevision: 'no_stream' },
      { streamId: 'pupil-b', events: [newEvent(), unstorable], expectedRevision: 'no_stream' },
      { streamId: 'pupil-c', events: [newEvent()], expectedRevision: 'no_stream' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const all = await collect(store.readAll());
    expect(all.map((e) => [e.streamId, e.revision])).toEqual([
      ['pupil-a', 0n],
      ['pupil-c', 0n],
    ]);
  });

  it('checks a stream appended twice in one batch against its first append', async () => {
    const first = newEvent();
    const outcomes = await store.appendToStreams([
      { streamId: 'pupil-a', events: [first], expectedRevision: 'no_stream' },
      { streamId: 'pupil-a', events: [newEvent()], expectedRevision: 'no_stream' },
      { streamId: 'pupil-a', events: [newEvent()], expectedRevision: 0n },
      { streamId: 'pupil-b', events: [first], expectedRevision: 'no_stream' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false]);
    expect((await collect(store.readStream('pupil-a'))).length).toBe(2);
  });

  it('wakes live subscribers once the batch is written', async () => {
    const subscription = store.subscribeToAll();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const m of subscription) {
        if (m.kind === 'event') seen.push(m.event.streamId);
        if (seen.length === 2) break;
      }
    })();
    await store.appendToStreams([
      { streamId: 'pupil-a', events: [newEvent()], expectedRevision: 'no_stream' },
      { streamId: 'pupil-b', events: [newEvent()], expectedRevision: 'no_stream' },
    ]);
    await reading;
    await subscription.close();
    expect(seen).toEqual(['pupil-a', 'pupil-b']);
  });
});
