/**
 * The differential test of the read models (issue 5, "Done when"): a realistic history of
 * hundreds of pupils through all six stages is written through the real command path while every
 * projection in ALL_PROJECTIONS runs live over it, on the SQLite and on the Redis document store;
 * then each projection is rebuilt from position zero into a fresh store. Every document of every
 * collection must be the same live and rebuilt (and the same on both stores).
 */
import { generateHistory, HistoryReport } from '@app/application/testing/history-generator';
import { SqliteEventStore } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  DocumentStore,
  Projection,
  Projector,
  RedisDocumentStore,
  SqliteDocumentStore,
} from '@app/read-models';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import { projectionContents } from '@app/read-models/testing/projection-contents';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Hundreds of pupils over the autumn, spring and most of the summer term: long enough for journeys
 * to reach enforcement (notices to improve run their weeks, penalty notices their 28 days). About
 * 70 s on two cores; DIFFERENTIAL_PUPILS and DIFFERENTIAL_WEEKS change the size.
 */
const PUPILS = Number(process.env.DIFFERENTIAL_PUPILS ?? 200);
const WEEKS = Number(process.env.DIFFERENTIAL_WEEKS ?? 33);
const CATCH_UP_MS = 300_000;

const dump = projectionContents;

const documentCount = (collections: Record<string, object[]>) =>
  Object.values(collections).reduce((n, items) => n + items.length, 0);

async function project(
  events: SqliteEventStore,
  documents: DocumentStore,
  projections: Projection[],
  until: bigint,
): Promise<void> {
  const projector = new Projector({ events, documents, projections, retryMs: 50 });
  projector.start();
  try {
    await projector.waitForPosition(until, CATCH_UP_MS);
  } finally {
    await projector.stop();
  }
}

describe('read models, projected live and rebuilt from zero', () => {
  let dir: string;
  let events: SqliteEventStore;
  let redis: Awaited<ReturnType<typeof connectTestRedis>>;
  const stores: DocumentStore[] = [];
  const sqlite = (name: string) => {
    const store = new SqliteDocumentStore({ file: path.join(dir, `${name}.db`) });
    stores.push(store);
    return store;
  };
  const inRedis = (name: string) =>
    new RedisDocumentStore(redis.redis, { prefix: `${redis.prefix}${name}:` });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'differential-'));
    events = new SqliteEventStore({
      file: path.join(dir, 'events.db'),
      pollMs: 20,
      synchronous: 'NORMAL',
    });
    redis = await connectTestRedis('differential');
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await events.close();
    await redis.cleanUp();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has read models to compare', () => {
    expect(ALL_PROJECTIONS.length).toBeGreaterThan(0);
  });

  it('gives the same documents live and rebuilt, on SQLite and on Redis', async () => {
    const projections = [...ALL_PROJECTIONS];
    expect(projections.length).toBeGreaterThan(0);
    const live = { sqlite: sqlite('live'), redis: inRedis('live') };
    const projectors = Object.values(live).map(
      (documents) => new Projector({ events, documents, projections, retryMs: 50 }),
    );
    // Projecting while the history is written: each command's events reach the projections as
    // they commit, in small batches, interleaved with the writes.
    for (const p of projectors) p.start();
    let report: HistoryReport;
    try {
      report = await generateHistory(events, {
        seed: 20261130,
        pupils: PUPILS,
        schoolWeeks: WEEKS,
        stageFractions: {
          monitor: 0.6,
          'listen-and-understand': 0.45,
          'facilitate-support': 0.35,
          'formalise-support': 0.24,
          enforce: 0.14,
        },
      });
      const last = report.lastPosition as bigint;
      await Promise.all(projectors.map((p) => p.waitForPosition(last, CATCH_UP_MS)));
      // (The casework views' own statuses, `group` set, follow their group's.)
      for (const p of projectors)
        expect(
          (await p.status()).filter((s) => !s.group).map((s) => [s.projection, s.state, s.lag]),
        ).toEqual(projections.map((x) => [x.name, 'running', '0']));
    } finally {
      await Promise.all(projectors.map((p) => p.stop()));
    }
    for (const stage of Object.keys(report.stagesReached))
      expect([stage, report.stagesReached[stage as never] > 0]).toEqual([stage, true]);

    const last = report.lastPosition as bigint;
    for (const projection of projections) {
      const rebuilt = {
        sqlite: sqlite(`rebuilt-${projection.name}`),
        redis: inRedis(`rebuilt-${projection.name}`),
      };
      await project(events, rebuilt.sqlite, [projection], last);
      await project(events, rebuilt.redis, [projection], last);
      const liveSqlite = await dump(live.sqlite, projection);
      // A projection that wrote nothing would make every comparison pass: it must have written.
      expect([projection.name, documentCount(liveSqlite) > 0]).toEqual([projection.name, true]);
      expect(await dump(rebuilt.sqlite, projection)).toEqual(liveSqlite);
      const liveRedis = await dump(live.redis, projection);
      expect(await dump(rebuilt.redis, projection)).toEqual(liveRedis);
      expect(liveRedis).toEqual(liveSqlite);
    }
  }, 900_000);
});
