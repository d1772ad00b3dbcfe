/**
 * The worker runs the process managers (as it runs the projections): journey events written to the
 * store become deadline jobs in its scheduler, a deadline that has fallen due is recorded on the
 * journey by the job, and marks are judged by the monitor rules, without any api process. Once on
 * the embedded default (in-process scheduler, SQLite checkpoints and leases), once with REDIS_URL
 * (BullMQ, checkpoints and leases in Redis under a prefix of its own, removed afterwards).
 */
import { EVENT_STORE, loadConfig, SCHEDULER } from '@app/application';
import { BullmqScheduler, SqliteScheduler } from '@app/jobs';
import { addDays, dateOf, PupilEvent, pupilStreamId } from '@app/domain';
import { ntiIssued, registeredWith } from '@app/domain/testing/journey-fixtures';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectTestRedis } from '@app/read-models/testing/redis-test-connection';
import { startWorker } from '../../apps/worker/src/worker';

jest.setTimeout(30_000);

interface Setup {
  env: Record<string, string>;
  scheduler: typeof SqliteScheduler | typeof BullmqScheduler;
  cleanUp(): Promise<void>;
}
const setups: [string, () => Promise<Setup>][] = [
  [
    'on the embedded default',
    async () => ({ env: {}, scheduler: SqliteScheduler, cleanUp: async () => undefined }),
  ],
  [
    'with Redis (BullMQ)',
    async () => {
      const { prefix, cleanUp } = await connectTestRedis('worker-process-managers');
      return {
        env: {
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          READ_MODELS_PREFIX: prefix,
        },
        scheduler: BullmqScheduler,
        cleanUp,
      };
    },
  ],
];

describe.each(setups)('the worker %s', (_, setup) => {
  let dir: string;
  let worker: INestApplicationContext;
  let store: EventStore;
  let cleanUp: () => Promise<void>;
  let expected: Setup['scheduler'];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pm-'));
    const { env, cleanUp: clean, scheduler } = await setup();
    cleanUp = clean;
    expected = scheduler;
    worker = await startWorker(loadConfig({ ...env, DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    store = worker.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await worker.close();
    await cleanUp();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function eventsOf(pupilId: string): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    for await (const e of store.readStream(pupilStreamId(pupilId))) found.push(e);
    return found;
  }
  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 400; i += 1) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Gave up waiting until ${what}`);
  }

  it('records a deadline that has fallen due, and raises the concerns the register calls for', async () => {
    expect(worker.get(SCHEDULER)).toBeInstanceOf(expected);
    const pupilId = randomUUID();
    const monday = '2025-01-06';
    const poorWeek: PupilEvent = {
      type: 'AttendanceMarksRecorded',
      data: {
        schoolId: 'school-a',
        from: monday,
        to: addDays(monday, 4),
        marks: [0, 1, 2, 3, 4].flatMap((d) =>
          (['AM', 'PM'] as const).map((session) => ({
            date: addDays(monday, d),
            session,
            code: d < 2 ? ('O' as const) : session === 'AM' ? ('/' as const) : ('\\' as const),
          })),
        ),
        receivedAt: '2025-01-10T16:00:00.000Z',
      },
    };
    const history = [
      registeredWith({ pupilId }),
      poorWeek,
      ntiIssued('parent-mum', addDays(dateOf(new Date()), -60), 'nti-w'),
    ];
    await store.appendToStream(
      pupilStreamId(pupilId),
      history.map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: {
          actor: 'spec',
          role: 'spec',
          correlationId: 'spec',
          causationId: 'spec',
          occurredAt: new Date().toISOString(),
        },
      })),
      { expectedRevision: 'no_stream' },
    );
    await until('the deadline and the concerns are on the journey', async () => {
      const types = (await eventsOf(pupilId)).map((e) => e.type);
      return types.includes('DeadlineReached') && types.includes('ConcernRaised');
    });
    const events = await eventsOf(pupilId);
    expect(events.find((e) => e.type === 'DeadlineReached')?.data).toMatchObject({
      deadlineId: 'notice-to-improve-evaluation-due-nti-w',
    });
    expect(events.find((e) => e.type === 'DeadlineReached')?.metadata.actor).toBe(
      'system:deadlines',
    );
    const rules = events
      .filter((e) => e.type === 'ConcernRaised')
      .map((e) => (e.data.rule as { name: string }).name);
    expect(rules).toContain('attendance-below-level');
  });
});
