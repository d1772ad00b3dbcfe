import { SqliteEventStore } from '@app/event-store';
import { RedisDocumentStore, RedisLeaseManager } from '@app/read-models';
import type { Applied } from '@app/read-models/testing/counting-projection';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import type Redis from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contents, crashRepeatedly, fromZero, PROJECTIONS } from './crash';

describe('the projection worker, SIGKILLed repeatedly mid-projection (SQLite events, Redis read models)', () => {
  jest.setTimeout(180_000);
  let dir: string;
  let events: SqliteEventStore;
  let documents: RedisDocumentStore;
  let redis: Redis;
  let prefix: string;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projections-crash-redis-'));
    events = new SqliteEventStore({ file: path.join(dir, 'events.db'), synchronous: 'NORMAL' });
    ({ redis, prefix, cleanUp } = await connectTestRedis('projections-crash'));
    documents = new RedisDocumentStore(redis, { prefix });
  });
  afterAll(async () => {
    await events.close();
    await cleanUp();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends with read models equal to a rebuild from zero, no event applied twice', async () => {
    const run = await crashRepeatedly({
      events,
      documents,
      env: {
        DATA_DIR: dir,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        READ_MODELS_PREFIX: prefix,
      },
      pupils: 100,
      pupilsPerRestart: 100,
      weeks: 12,
      kills: 5,
    });
    expect(run.killsMidProjection).toBeGreaterThanOrEqual(5);
    expect(run.lastExit).toEqual({ code: null, signal: 'SIGTERM' });
    // The stopped worker released its leases: another owner gets them at once.
    const leases = new RedisLeaseManager(redis, `${prefix}lease:`);
    for (const p of PROJECTIONS)
      await expect(leases.acquire(`projection:${p.name}`, 'next-worker', 60_000)).resolves.toBe(
        true,
      );

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
