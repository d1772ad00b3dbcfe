import Redis from 'ioredis';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeKeyStoreContract } from './key-store.contract';
import { MemoryKeyStore } from './memory-key-store';
import { RedisKeyStore } from './redis-key-store';
import { SqliteKeyStore } from './sqlite-key-store';

describeKeyStoreContract('memory', async () => ({
  store: new MemoryKeyStore(),
  teardown: async () => {},
}));

describeKeyStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
  const store = new SqliteKeyStore(path.join(dir, 'keys.db'));
  return {
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeKeyStoreContract('Redis', async () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  const prefix = `test:person-keys:${process.pid}:${Date.now()}:`;
  return {
    store: new RedisKeyStore(redis, prefix),
    teardown: async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
});

describe('SQLite key store: a destroyed key leaves no copy in the file', () => {
  it('finds none of the key’s bytes in any file of its folder once destroyed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const store = new SqliteKeyStore(path.join(dir, 'keys.db'));
    const keys = await Promise.all(['a', 'b', 'c'].map((id) => store.keyFor(id)));
    await store.destroy('b');
    await store.close();
    const files = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)));
    expect(files.some((bytes) => bytes.includes(keys[0]))).toBe(true);
    expect(files.some((bytes) => bytes.includes(keys[1]))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
