import Redis from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let stores = 0;

/**
 * A unique BullMQ key prefix for one test, and the deletion of its keys afterwards. It connects
 * first, so a missing Redis fails the test instead of skipping it.
 */
export async function bullmqTestStore() {
  const admin = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  const prefix = `test-jobs-${process.pid}-${Date.now()}-${++stores}`;
  return {
    prefix,
    async deleteKeys() {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
}
