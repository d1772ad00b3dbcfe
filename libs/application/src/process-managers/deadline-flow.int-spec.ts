/**
 * The deadline flow on both schedulers: journey events -> the checkpointed process manager ->
 * jobs with deterministic ids and due dates -> a job that falls due sends RecordDeadlineReached
 * through the same handler the API uses -> DeadlineReached recorded once, however often the job
 * runs; a deadline whose matter is settled ends as a rule failure without retrying; replaying the
 * feed from zero schedules nothing new.
 */
import { addDays, dateOf, PupilEvent, pupilStreamId } from '@app/domain';
import {
  DAD,
  MUM,
  ntiIssued,
  penaltyNoticeIssued,
  penaltyNoticePaid,
  readyForPenaltyNotice,
} from '@app/domain/testing/journey-fixtures';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { BullmqScheduler, JobState, ScheduleRequest, Scheduler, SqliteScheduler } from '@app/jobs';
import { bullmqTestStore, TEST_REDIS_URL } from '@app/jobs/testing/bullmq-test-store';
import { MemoryDocumentStore } from '@app/read-models';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StreamExecutor } from '../commands/stream-executor';
import { CodeOfConductProvider } from '../pupils/code-of-conduct';
import { ExecutePupilCommand, ExecutePupilCommandHandler } from '../pupils/pupil-commands';
import {
  DeadlineJob,
  deadlineJobHandler,
  deadlineJobId,
  DeadlineProcessManager,
  DEADLINES_QUEUE,
} from './deadlines.process-manager';
import { ProcessManagerRunner } from './process-manager-runner';

jest.setTimeout(30_000);

const PUPIL = 'pupil-1';
const TODAY = dateOf(new Date());
/** Dates relative to today, so some deadlines are past (they run at once) and some to come. */
const NTI_ON = addDays(TODAY, -60); // evaluation due 43 days later: past
const MUM_NOTICE_ON = addDays(TODAY, -25); // reduced rate ended, the payment period (28 days beginning with receipt) over in 3 days
const DAD_NOTICE_ON = addDays(TODAY, -30); // paid: its reduced-rate deadline means nothing
const OFFENCE = { from: addDays(TODAY, -100), to: addDays(TODAY, -40) };

const meta = { actor: 'spec', role: 'spec', correlationId: 'spec', causationId: 'spec' };
async function record(store: MemoryEventStore, events: PupilEvent[]): Promise<bigint> {
  const result = await store.appendToStream(
    pupilStreamId(PUPIL),
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data as unknown as Record<string, unknown>,
      metadata: { ...meta, occurredAt: new Date().toISOString() },
    })),
    { expectedRevision: 'any' },
  );
  return result.position;
}

const history: PupilEvent[] = [
  ...readyForPenaltyNotice.filter((e) => e.type !== 'NoticeToImproveIssued'),
  ntiIssued(MUM, NTI_ON, 'nti-mum'),
  penaltyNoticeIssued('pn-mum', MUM, MUM_NOTICE_ON, 1, OFFENCE),
  penaltyNoticeIssued('pn-dad', DAD, DAD_NOTICE_ON, 1, OFFENCE),
  penaltyNoticePaid('pn-dad', addDays(DAD_NOTICE_ON, 3), 80),
];
const id = (deadlineId: string) => deadlineJobId(PUPIL, deadlineId);
const NTI_DUE = id('notice-to-improve-evaluation-due-nti-mum');
const MUM_REDUCED = id('penalty-notice-reduced-rate-ended-pn-mum');
const MUM_UNPAID = id('penalty-notice-payment-period-ended-pn-mum');
const MUM_WARNING = id('prosecution-time-limit-approaching-pn-mum');
const DAD_REDUCED = id('penalty-notice-reduced-rate-ended-pn-dad');

interface Adapter {
  scheduler: Scheduler;
  /** When the adapter will run a job, as it stored it. */
  runAt(id: string): Promise<number | undefined>;
  teardown(): Promise<void>;
}

const adapters: [string, () => Promise<Adapter>][] = [
  [
    'in-process (SQLite)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadline-flow-'));
      const file = path.join(dir, 'jobs.db');
      const scheduler = new SqliteScheduler({ file, pollMs: 25 });
      // The table is the adapter's; read its run time the way an operator would, with SQL.
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(file, { readonly: true });
      return {
        scheduler,
        runAt: async (jobId) =>
          (
            db
              .prepare('SELECT run_at FROM jobs WHERE queue = ? AND id = ?')
              .get(DEADLINES_QUEUE, jobId) as { run_at: number } | undefined
          )?.run_at,
        teardown: async () => {
          await scheduler.close();
          db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'BullMQ (Redis)',
    async () => {
      const keys = await bullmqTestStore();
      const scheduler = new BullmqScheduler({ redisUrl: TEST_REDIS_URL, prefix: keys.prefix });
      const queue = new Queue(DEADLINES_QUEUE, {
        connection: { url: TEST_REDIS_URL },
        prefix: keys.prefix,
      });
      return {
        scheduler,
        runAt: async (jobId) => {
          const job = await queue.getJob(jobId);
          return job ? job.timestamp + (job.delay ?? 0) : undefined;
        },
        teardown: async () => {
          await scheduler.close();
          await queue.close();
          await keys.deleteKeys();
        },
      };
    },
  ],
];

describe.each(adapters)('deadlines on the %s scheduler', (_, createAdapter) => {
  let adapter: Adapter;
  let store: MemoryEventStore;
  let commands: { execute: (c: ExecutePupilCommand) => Promise<unknown> };
  const runners: ProcessManagerRunner[] = [];
  const codes = () => new CodeOfConductProvider(store).current().then((c) => c.codeOfConduct);

  /** Counts what the process manager asked to schedule, and how much of it was new. */
  function counting(scheduler: Scheduler) {
    const asked = { total: 0, created: 0 };
    const wrapped: Scheduler = Object.create(scheduler) as Scheduler;
    wrapped.schedule = async <P>(request: ScheduleRequest<P>) => {
      const result = await scheduler.schedule(request);
      asked.total += 1;
      if (result.created) asked.created += 1;
      return result;
    };
    return { wrapped, asked };
  }

  async function runProcessManager(scheduler: Scheduler, upTo: bigint) {
    const runner = new ProcessManagerRunner({
      events: store,
      documents: new MemoryDocumentStore(),
      managers: [new DeadlineProcessManager(scheduler, codes)],
      retryMs: 20,
    });
    runners.push(runner);
    runner.start();
    await runner.waitForPosition(upTo);
    await runner.stop();
  }

  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 400; i += 1) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Gave up waiting until ${what}`);
  }
  const state = async (jobId: string): Promise<JobState | undefined> =>
    (await adapter.scheduler.getJob(DEADLINES_QUEUE, jobId))?.state;
  async function deadlinesReached(): Promise<string[]> {
    const found: string[] = [];
    for await (const e of store.readStream(pupilStreamId(PUPIL)) as AsyncIterable<RecordedEvent>)
      if (e.type === 'DeadlineReached') found.push(String(e.data.deadlineId));
    return found;
  }

  beforeEach(async () => {
    store = new MemoryEventStore();
    const executor = new StreamExecutor(store);
    const handler = new ExecutePupilCommandHandler(
      executor,
      new CodeOfConductProvider(store),
      () => new Date(),
    );
    commands = { execute: (c) => handler.execute(c) };
    adapter = await createAdapter();
    adapter.scheduler.registerHandler<DeadlineJob>(DEADLINES_QUEUE, deadlineJobHandler(commands));
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await adapter.teardown();
  });

  it('schedules a job per deadline, with ids built from the facts and run at the start of the day it falls due', async () => {
    const last = await record(store, history);
    await runProcessManager(adapter.scheduler, last);
    const expected: [string, string][] = [
      [NTI_DUE, addDays(NTI_ON, 43)],
      [MUM_REDUCED, addDays(MUM_NOTICE_ON, 21)],
      [MUM_UNPAID, addDays(MUM_NOTICE_ON, 28)],
      [DAD_REDUCED, addDays(DAD_NOTICE_ON, 21)],
    ];
    for (const [jobId, dueOn] of expected) {
      const job = await adapter.scheduler.getJob(DEADLINES_QUEUE, jobId);
      expect({
        jobId,
        state: job?.state,
        dueOn: (job?.payload as DeadlineJob).deadline.dueOn,
      }).toEqual({ jobId, state: 'scheduled', dueOn });
    }
    // A deadline to come waits for its day. BullMQ stores a delay counted from the moment it adds
    // the job, a few milliseconds after the scheduler computed it, so its run time may drift by those.
    const unpaidAt = await adapter.runAt(MUM_UNPAID);
    const dueAt = Date.parse(`${addDays(MUM_NOTICE_ON, 28)}T00:00:00.000Z`);
    expect(Math.abs((unpaidAt ?? 0) - dueAt)).toBeLessThan(1_000);
  });

  it('runs the jobs that have fallen due: each records its deadline once, a settled one fails without retrying, and those to come wait', async () => {
    const last = await record(store, history);
    await runProcessManager(adapter.scheduler, last);
    await adapter.scheduler.start();
    await until('the past deadlines have run', async () =>
      (await Promise.all([NTI_DUE, MUM_REDUCED, DAD_REDUCED].map(state))).every(
        (s) => s === 'completed' || s === 'failed',
      ),
    );
    expect(await state(NTI_DUE)).toBe('completed');
    expect(await state(MUM_REDUCED)).toBe('completed');
    const paid = await adapter.scheduler.getJob(DEADLINES_QUEUE, DAD_REDUCED);
    expect(paid).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(paid?.failureReason).toMatch(/penalty notice is paid/);
    expect(await state(MUM_UNPAID)).toBe('scheduled');
    expect(await state(MUM_WARNING)).toBe('scheduled');
    expect((await deadlinesReached()).sort()).toEqual([
      'notice-to-improve-evaluation-due-nti-mum',
      'penalty-notice-reduced-rate-ended-pn-mum',
    ]);

    // The same job run again (a retry after a crash, a second worker) records nothing new.
    const job = await adapter.scheduler.getJob(DEADLINES_QUEUE, NTI_DUE);
    await deadlineJobHandler(commands)({
      id: NTI_DUE,
      name: job!.name,
      payload: job!.payload as DeadlineJob,
      attempt: 2,
    });
    expect(
      (await deadlinesReached()).filter((d) => d.startsWith('notice-to-improve')),
    ).toHaveLength(1);
  });

  it('schedules nothing new when the feed is replayed from zero', async () => {
    const last = await record(store, history);
    const first = counting(adapter.scheduler);
    await runProcessManager(first.wrapped, last);
    expect(first.asked.created).toBeGreaterThanOrEqual(6);
    expect(first.asked.created).toBe(first.asked.total);

    const replay = counting(adapter.scheduler);
    await runProcessManager(replay.wrapped, last); // a fresh checkpoint: from position zero
    expect(replay.asked).toEqual({ total: first.asked.total, created: 0 });
  });
});
