import { SqliteEventStore } from '@app/event-store';
import { SqliteDocumentStore, SqliteLeaseManager } from '@app/read-models';
import type { Applied } from '@app/read-models/testing/counting-projection';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contents, crashRepeatedly, fromZero, PROJECTIONS } from './crash';

describe('the projection worker, SIGKILLed repeatedly mid-projection (SQLite events and read models)', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let events: SqliteEventStore;
  let documents: SqliteDocumentStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projections-crash-'));
    events = new SqliteEventStore({ file: path.join(dir, 'events.db'), synchronous: 'NORMAL' });
    documents = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
  });
  afterAll(async () => {
    await events.close();
    await documents.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends with read models equal to a rebuild from zero, no event applied twice', async () => {
    const run = await crashRepeatedly({
      events,
      documents,
      env: { DATA_DIR: dir, REDIS_URL: '' },
      pupils: 100,
      pupilsPerRestart: 100,
      weeks: 12,
      kills: 5,
    });
    expect(run.killsMidProjection).toBeGreaterThanOrEqual(5);
    // SIGTERM: the worker stopped by itself (Nest re-raises the signal once closed)...
    expect(run.lastExit).toEqual({ code: null, signal: 'SIGTERM' });
    // ...and released its leases: another owner gets them at once, not after the TTL.
    const leases = new SqliteLeaseManager({ file: path.join(dir, 'read-models.db') });
    for (const p of PROJECTIONS)
      await expect(leases.acquire(`projection:${p.name}`, 'next-worker', 60_000)).resolves.toBe(
        true,
      );
    leases.close();

    for (const projection of PROJECTIONS)
      expect({ [projection.name]: await contents(documents, projection) }).toEqual({
        [projection.name]: await fromZero(events, projection),
      });
    const applied = (await contents(documents, PROJECTIONS[PROJECTIONS.length - 1]))
      .applied as Applied[];
    expect(applied.filter((a) => a.times !== 1)).toEqual([]);
    const pupilEvents = [];
    for await (const e of events.readAll())
      if (e.streamId.startsWith('pupil-')) pupilEvents.push(e);
    expect(applied.map((a) => a.position).sort()).toEqual(
      pupilEvents.map((e) => e.position.toString()).sort(),
    );
  });
});
