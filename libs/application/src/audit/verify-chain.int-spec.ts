import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider } from '../commands/decider';
import { StreamExecutor } from '../commands/stream-executor';
import { verifyStore, verifyStream } from './verify-chain';

type Note = { type: 'NoteRecorded'; data: { n: number } };
const notes: Decider<{ n: number }, Note, null, null> = {
  initialState: () => null,
  evolve: (s) => s,
  decide: (c) => [{ type: 'NoteRecorded', data: { n: c.n } }],
};
const metadata = { actor: 'u', role: 'link-worker', correlationId: 'c', causationId: 'c' };

describe('tamper evidence in the stored events', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tamper-'));
    file = path.join(dir, 'events.db');
    store = new SqliteEventStore({ file });
    const executor = new StreamExecutor(store);
    for (const stream of ['pupil-a', 'pupil-b']) {
      for (let n = 0; n < 5; n += 1)
        await executor.execute({
          streamId: stream,
          decider: notes,
          command: { n },
          metadata,
          now: new Date('2025-03-03T09:00:00Z'),
          context: () => null,
        });
    }
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    db.prepare(sql).run(...params);
    db.close();
  };

  it('finds nothing wrong in untouched streams', async () => {
    expect(await verifyStore(store)).toEqual({
      streamsChecked: 2,
      eventsChecked: 10,
      brokenLinks: [],
    });
    expect((await verifyStream(store, 'pupil-a')).brokenLinks).toEqual([]);
  });

  it('names the event whose data was altered', async () => {
    tamper(`UPDATE events SET data = '{"n":99}' WHERE stream_id = 'pupil-a' AND revision = 2`);
    const report = await verifyStore(store);
    expect(report.brokenLinks).toEqual([
      expect.objectContaining({ streamId: 'pupil-a', revision: '2', reason: 'content-altered' }),
    ]);
  });

  it('names the event after one that was removed', async () => {
    tamper(`DELETE FROM events WHERE stream_id = 'pupil-b' AND revision = 1`);
    const report = await verifyStream(store, 'pupil-b');
    expect(report.brokenLinks).toEqual([
      expect.objectContaining({ streamId: 'pupil-b', revision: '2', reason: 'revision-gap' }),
    ]);
  });

  it('names the first of two events that were swapped', async () => {
    tamper(`UPDATE events SET revision = -1 WHERE stream_id = 'pupil-a' AND revision = 3`);
    tamper(`UPDATE events SET revision = 3 WHERE stream_id = 'pupil-a' AND revision = 4`);
    tamper(`UPDATE events SET revision = 4 WHERE stream_id = 'pupil-a' AND revision = -1`);
    const report = await verifyStore(store, ['pupil-']);
    expect(report.brokenLinks).toEqual([
      expect.objectContaining({ streamId: 'pupil-a', revision: '3', reason: 'chain-broken' }),
    ]);
  });

  it('names the event whose metadata (who did it) was altered', async () => {
    tamper(
      `UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else') WHERE stream_id = 'pupil-b' AND revision = 4`,
    );
    expect((await verifyStream(store, 'pupil-b')).brokenLinks).toEqual([
      expect.objectContaining({ revision: '4', reason: 'content-altered' }),
    ]);
  });
});
