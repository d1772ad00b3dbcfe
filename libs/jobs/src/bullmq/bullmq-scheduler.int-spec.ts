import type { Scheduler } from '../scheduler.port';
import { bullmqTestStore, TEST_REDIS_URL } from '../testing/bullmq-test-store';
import { describeSchedulerContract } from '../testing/scheduler.contract';
import { BullmqScheduler } from './bullmq-scheduler';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const silent = { error: () => undefined };

describeSchedulerContract('BullMQ', async () => {
  const store = await bullmqTestStore();
  const opened: Scheduler[] = [];
  return {
    open: () => {
      const scheduler = new BullmqScheduler({
        redisUrl: TEST_REDIS_URL,
        prefix: store.prefix,
        logger: silent,
      });
      opened.push(scheduler);
      return scheduler;
    },
    now: () => new Date(),
    letTimePass: sleep,
    teardown: async () => {
      for (const scheduler of opened) await scheduler.close();
      await store.deleteKeys();
    },
  };
});

describe('the BullMQ scheduler with a cron pattern', () => {
  jest.setTimeout(15_000);
  let store: Awaited<ReturnType<typeof bullmqTestStore>>;
  let scheduler: BullmqScheduler;
  beforeEach(async () => {
    store = await bullmqTestStore();
    scheduler = new BullmqScheduler({
      redisUrl: TEST_REDIS_URL,
      prefix: store.prefix,
      logger: silent,
    });
  });
  afterEach(async () => {
    await scheduler.close();
    await store.deleteKeys();
  });

  it('fires on each match of the pattern until the schedule is removed', async () => {
    const fired: string[] = [];
    scheduler.registerHandler('imports', async (job) => void fired.push(job.name));
    await scheduler.start();
    // Six fields: every second (cron-parser's seconds field), so the test takes about two seconds.
    await scheduler.upsertRecurring({
      queue: 'imports',
      name: 'import',
      id: 'nightly',
      payload: {},
      pattern: '* * * * * *',
    });
    while (fired.length < 2) await sleep(50);
    await expect(scheduler.removeRecurring('imports', 'nightly')).resolves.toBe(true);
    await sleep(500);
    const firedBeforeRemoval = fired.length;
    await sleep(1_500);
    expect(fired).toHaveLength(firedBeforeRemoval);
  });
});
