import Redis from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeIdempotencyStoreContract } from './idempotency-store.contract';
import { RedisIdempotencyStore } from './redis-idempotency-store';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

describeIdempotencyStoreContract('SQLite', async (options) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idem-'));
  const store = new SqliteIdempotencyStore(
    path.join(dir, 'idempotency.db'),
    undefined,
    options?.inProgressMs,
  );
  return {
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeIdempotencyStoreContract('Redis', async (options) => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  const prefix = `test:idem:${process.pid}:${Date.now()}:`;
  const store = new RedisIdempotencyStore(redis, prefix, options?.inProgressMs);
  return {
    store,
    teardown: async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
});
