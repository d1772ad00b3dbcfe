import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, type KeyStore } from './key-store.port';

/**
 * Data keys in Redis (with REDIS_URL), one string per person under `prefix`. DEL removes the key
 * from the dataset at once; the server's own persistence (an AOF, an RDB snapshot) keeps it until
 * its next rewrite, which the operator schedules (README, "Personal data").
 */
export class RedisKeyStore implements KeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'person-keys:',
  ) {}

  async keyFor(personId: string): Promise<Buffer> {
    const key = `${this.prefix}${personId}`;
    // SET NX: of two racing first uses, one key wins and both read it back.
    await this.redis.set(key, randomBytes(DATA_KEY_BYTES), 'NX');
    return (await this.find(personId))!;
  }

  async find(personId: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(`${this.prefix}${personId}`)) ?? undefined;
  }

  async destroy(personId: string): Promise<void> {
    await this.redis.del(`${this.prefix}${personId}`);
  }

  async close(): Promise<void> {}
}
