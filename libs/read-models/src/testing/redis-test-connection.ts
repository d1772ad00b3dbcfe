import Redis from 'ioredis';

/**
 * A connection to the test Redis (REDIS_URL, default redis://127.0.0.1:6379) and a unique key
 * prefix. Connecting fails loudly when Redis is unreachable: Redis tests never skip.
 */
export async function connectTestRedis(
  label: string,
): Promise<{ redis: Redis; prefix: string; cleanUp(): Promise<void> }> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  await redis.connect();
  const prefix = `test:${label}:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
  return {
    redis,
    prefix,
    cleanUp: async () => {
      await unlinkPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

/** Removes every key under `prefix` (a test's or a bench run's own). */
export async function unlinkPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
