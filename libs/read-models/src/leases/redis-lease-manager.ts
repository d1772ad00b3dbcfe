import type Redis from 'ioredis';
import type { LeaseManager } from './lease-manager.port';

// Compare-and-act: only the owner may extend or drop its lease, checked and done in one step so a
// lease that expired and was taken by another worker in between is left alone.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Production: `SET <prefix><name> <owner> NX PX <ttl>`, shared by every worker replica. */
export class RedisLeaseManager implements LeaseManager {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'lease:',
  ) {}

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(this.prefix + name, owner, 'PX', ttlMs, 'NX');
    return set === 'OK' || this.renew(name, owner, ttlMs);
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.prefix + name, owner, ttlMs)) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + name, owner);
  }
}
