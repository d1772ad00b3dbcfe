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
