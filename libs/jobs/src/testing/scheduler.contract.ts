/**
 * The Scheduler contract: written once, run against every adapter (BullMQ on a real Redis, and the
 * in-process scheduler on a SQLite file). Time is the harness's business: BullMQ waits for real
 * (short delays), the in-process scheduler runs on a fake clock that the harness moves forward.
 */
import { RuleFailure } from '../rule-failure';
import type { JobContext, JobHandler, JobState, Scheduler } from '../scheduler.port';

export interface SchedulerHarness {
  /** A new scheduler instance on the same store (the same Redis prefix, the same SQLite file). */
  open(): Scheduler;
  /** The time the schedulers see. */
  now(): Date;
  /** Lets `ms` of scheduler time pass (a real wait, or a fake-clock step plus a few polls). */
  letTimePass(ms: number): Promise<void>;
  /** Closes every scheduler it opened and removes what the test stored. */
  teardown(): Promise<void>;
}

export interface Run extends JobContext {
  /** Scheduler time when the handler started. */
  at: number;
}

const STEP_MS = 50;
const MAX_STEPS = 300;

/** Lets time pass in small steps until `check` holds; fails (rather than hangs) after MAX_STEPS. */
export async function eventually(
  harness: SchedulerHarness,
  what: string,
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  for (let step = 0; step < MAX_STEPS; step++) {
    if (await check()) return;
    await harness.letTimePass(STEP_MS);
  }
  throw new Error(`Gave up waiting until ${what}`);
}

export function describeSchedulerContract(
  adapter: string,
  createHarness: () => Promise<SchedulerHarness>,
): void {
  describe(`the ${adapter} scheduler`, () => {
    jest.setTimeout(30_000);
    const queue = 'deadlines';
    let harness: SchedulerHarness;
    let runs: Run[];
    // Only a harness that was created is torn down (a missing Redis fails beforeEach, not teardown).
    let tornDown = true;
    beforeEach(async () => {
      runs = [];
      harness = await createHarness();
      tornDown = false;
    });
    afterEach(async () => {
      if (tornDown) return;
      tornDown = true;
      await harness.teardown();
    });

    const recording =
      (then: (job: JobContext) => Promise<void> = async () => undefined): JobHandler =>
      async (job) => {
        runs.push({ ...job, at: harness.now().getTime() });
        await then(job);
      };
    const startedWith = async (handler: JobHandler = recording()) => {
      const scheduler = harness.open();
      scheduler.registerHandler(queue, handler);
      await scheduler.start();
      return scheduler;
    };
    const stateOf = async (scheduler: Scheduler, id: string) =>
      (await scheduler.getJob(queue, id))?.state;
    const reaches = (scheduler: Scheduler, id: string, state: JobState) =>
      eventually(
        harness,
        `${id} is ${state}`,
        async () => (await stateOf(scheduler, id)) === state,
      );
    const inMs = (ms: number) => new Date(harness.now().getTime() + ms);

    it('runs a scheduled job once, with its name and payload', async () => {
      const scheduler = await startedWith();
      const payload = { pupilId: 'pupil-1', sessions: [3, 4] };
      await expect(
        scheduler.schedule({ queue, name: 'contract-review', id: 'review-pupil-1', payload }),
      ).resolves.toEqual({ id: 'review-pupil-1', created: true });
      await reaches(scheduler, 'review-pupil-1', 'completed');
      expect(runs.map(({ at: _at, ...job }) => job)).toEqual([
        { id: 'review-pupil-1', name: 'contract-review', payload, attempt: 1 },
      ]);
    });

    it('says how many jobs of a queue wait, are delayed and run', async () => {
      const scheduler = harness.open();
      await scheduler.schedule({ queue, name: 'review', id: 'due-now', payload: {} });
      await scheduler.schedule({
        queue,
        name: 'review',
        id: 'due-later',
        payload: {},
        runAt: inMs(60_000),
      });
      await scheduler.schedule({ queue: 'other', name: 'review', id: 'elsewhere', payload: {} });
      await expect(scheduler.depth(queue)).resolves.toEqual({ waiting: 1, delayed: 1, running: 0 });
      await scheduler.cancel(queue, 'due-now');
      await expect(scheduler.depth(queue)).resolves.toEqual({ waiting: 0, delayed: 1, running: 0 });
    });

    it('does not run a delayed job before its time, and runs it after', async () => {
      const scheduler = await startedWith();
      const runAt = inMs(1_000);
      await scheduler.schedule({ queue, name: 'nti-period-end', id: 'nti-1', payload: {}, runAt });
      await harness.letTimePass(400);
      expect(await stateOf(scheduler, 'nti-1')).toBe('scheduled');
      expect(runs).toHaveLength(0);
      await reaches(scheduler, 'nti-1', 'completed');
      expect(runs).toHaveLength(1);
      expect(runs[0].at).toBeGreaterThanOrEqual(runAt.getTime());
    });

    it('ignores scheduling an id that is already pending, keeping the first payload', async () => {
      const scheduler = await startedWith();
      const runAt = inMs(60 * 60 * 1000);
      const first = { queue, name: 'pn-payment-due', id: 'pn-1', payload: { n: 1 }, runAt };
      await expect(scheduler.schedule(first)).resolves.toEqual({ id: 'pn-1', created: true });
      await expect(scheduler.schedule({ ...first, payload: { n: 2 } })).resolves.toEqual({
        id: 'pn-1',
        created: false,
      });
      expect(await scheduler.getJob(queue, 'pn-1')).toMatchObject({
        state: 'scheduled',
        payload: { n: 1 },
      });
    });

    it('ignores scheduling the id of a job that has completed, so it does not run twice', async () => {
      const scheduler = await startedWith();
      const job = { queue, name: 'pn-payment-due', id: 'pn-2', payload: {} };
      await scheduler.schedule(job);
      await reaches(scheduler, 'pn-2', 'completed');
      await expect(scheduler.schedule(job)).resolves.toEqual({ id: 'pn-2', created: false });
      await harness.letTimePass(300);
      expect(runs).toHaveLength(1);
    });

    it('retries a transient failure after a growing backoff, then succeeds', async () => {
      const scheduler = await startedWith(
        recording(async ({ attempt }) => {
          if (attempt < 3) throw new Error('event store unavailable');
        }),
      );
      await scheduler.schedule({
        queue,
        name: 'supervision-order-expiry',
        id: 'so-1',
        payload: {},
        attempts: 3,
        backoff: { type: 'exponential', delayMs: 100 },
      });
      await reaches(scheduler, 'so-1', 'completed');
      expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(runs[1].at - runs[0].at).toBeGreaterThanOrEqual(100);
      expect(runs[2].at - runs[1].at).toBeGreaterThanOrEqual(200);
      expect(await scheduler.getJob(queue, 'so-1')).toMatchObject({ attemptsMade: 3 });
    });

    it('marks a job failed with its last reason when every attempt fails', async () => {
      const scheduler = await startedWith(
        recording(async () => {
          throw new Error('event store unavailable');
        }),
      );
      const backoff = { type: 'fixed', delayMs: 50 } as const;
      await scheduler.schedule({ queue, name: 'x', id: 'so-2', payload: {}, attempts: 2, backoff });
      await reaches(scheduler, 'so-2', 'failed');
      expect(await scheduler.getJob(queue, 'so-2')).toMatchObject({
        attemptsMade: 2,
        maxAttempts: 2,
        failureReason: 'event store unavailable',
      });
    });

    it('ends a job that breaks a rule at once, after one attempt, with the reason recorded', async () => {
      const reason = 'The notice to improve was withdrawn; no penalty notice can follow it';
      const scheduler = await startedWith(
        recording(async () => {
          throw new RuleFailure(reason);
        }),
      );
      await scheduler.schedule({ queue, name: 'nti-period-end', id: 'nti-2', payload: {} });
      await reaches(scheduler, 'nti-2', 'failed');
      expect(await scheduler.getJob(queue, 'nti-2')).toMatchObject({
        attemptsMade: 1,
        failureReason: reason,
      });
      expect(runs).toHaveLength(1);
    });

    it('cancels a pending job so that it never runs', async () => {
      const scheduler = await startedWith();
      await scheduler.schedule({ queue, name: 'x', id: 'nti-3', payload: {}, runAt: inMs(500) });
      await expect(scheduler.cancel(queue, 'nti-3')).resolves.toBe(true);
      expect(await scheduler.getJob(queue, 'nti-3')).toBeUndefined();
      await harness.letTimePass(800);
      expect(runs).toHaveLength(0);
    });

    it('fires a recurring job repeatedly, and no more once it is removed', async () => {
      const scheduler = await startedWith();
      const payload = { kind: 'nightly-import' };
      await scheduler.upsertRecurring({
        queue,
        name: 'import',
        id: 'imports',
        payload,
        everyMs: 300,
      });
      await eventually(harness, 'the recurring job fired twice', () => runs.length >= 2);
      expect(runs.slice(0, 2).map((r) => [r.name, r.payload])).toEqual([
        ['import', payload],
        ['import', payload],
      ]);
      await expect(scheduler.removeRecurring(queue, 'imports')).resolves.toBe(true);
      await harness.letTimePass(400); // a firing already under way may finish
      const firedBeforeRemoval = runs.length;
      await harness.letTimePass(1_000);
      expect(runs).toHaveLength(firedBeforeRemoval);
    });

    it('runs no more jobs of a queue at once than the concurrency of its handler', async () => {
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const scheduler = harness.open();
      scheduler.registerHandler(
        queue,
        recording(() => gate),
        { concurrency: 2 },
      );
      await scheduler.start();
      for (const id of ['review-a', 'review-b', 'review-c']) {
        await scheduler.schedule({ queue, name: 'contract-review', id, payload: {} });
      }
      await eventually(harness, 'two handlers started', () => runs.length >= 2);
      await harness.letTimePass(300);
      expect(runs).toHaveLength(2);
      release();
      await reaches(scheduler, 'review-c', 'completed');
      expect(runs).toHaveLength(3);
    });

    it('waits for a running handler to finish before close() resolves', async () => {
      const order: string[] = [];
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const scheduler = await startedWith(async () => {
        order.push('handler started');
        await gate;
        order.push('handler finished');
      });
      await scheduler.schedule({ queue, name: 'x', id: 'slow-1', payload: {} });
      await eventually(harness, 'the handler started', () => order.length > 0);
      const closing = scheduler.close().then(() => order.push('closed'));
      await harness.letTimePass(200);
      release();
      await closing;
      expect(order).toEqual(['handler started', 'handler finished', 'closed']);
      expect(await stateOf(harness.open(), 'slow-1')).toBe('completed');
    });

    it('stops waiting for a handler that never finishes once the close timeout has passed', async () => {
      const scheduler = await startedWith(recording(() => new Promise<never>(() => undefined)));
      await scheduler.schedule({ queue, name: 'x', id: 'stuck-1', payload: {} });
      await eventually(harness, 'the handler started', () => runs.length > 0);
      await scheduler.close({ timeoutMs: 200 });
      // Left for another worker to take back once its lease or lock runs out, as after a crash.
      expect(await stateOf(harness.open(), 'stuck-1')).toBe('running');
    });

    it('runs a job scheduled before a restart once a new instance starts', async () => {
      const before = harness.open();
      await before.schedule({ queue, name: 'x', id: 'nti-4', payload: { n: 4 }, runAt: inMs(300) });
      await before.close();
      const after = await startedWith();
      await reaches(after, 'nti-4', 'completed');
      expect(runs.map((r) => [r.id, r.payload])).toEqual([['nti-4', { n: 4 }]]);
    });
  });
}
