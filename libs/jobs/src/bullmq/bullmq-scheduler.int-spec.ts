import Redis from 'ioredis';
import type { Scheduler } from '../scheduler.port';
import { describeSchedulerContract } from '../testing/scheduler.contract';
import { BullmqScheduler } from './bullmq-scheduler';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let suite = 0;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const silent = { error: () => undefined };

/** A unique key prefix per test; the keys are deleted afterwards. Connecting first makes a missing Redis fail the test. */
export async function bullmqTestStore() {
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  const prefix = `test-jobs-${process.pid}-${Date.now()}-${++suite}`;
  return {
    prefix,
    async deleteKeys() {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
}

describeSchedulerContract('BullMQ', async () => {
  const store = await bullmqTestStore();
  const opened: Scheduler[] = [];
  return {
    open: () => {
      const scheduler = new BullmqScheduler({
        redisUrl: REDIS_URL,
        prefix: store.prefix,
        logger: silent,
      });
      opened.push(scheduler);
      return scheduler;
    },
    now: () => new Date(),
    letTimePass: (ms) => sleep(ms),
    teardown: async () => {
      for (const scheduler of opened) await scheduler.close();
      await store.deleteKeys();
    },
  };
});
