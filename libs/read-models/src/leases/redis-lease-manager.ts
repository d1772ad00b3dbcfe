import type Redis from 'ioredis';
import type { LeaseManager } from './lease-manager.port';

// Compare-and-act: only the owner may extend or drop its lease, checked and done in one step so a
// lease that expired and was taken by another worker in between is left alone.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) else return 0 end`;

// A sorted set of members scored by when they expire, on Redis's own clock (TIME) so workers'
// clocks need not agree: add or refresh this one, drop the expired, count the rest.
const HEARTBEAT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])`;

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

  async heartbeat(group: string, owner: string, ttlMs: number): Promise<number> {
    return Number(
      await this.redis.eval(HEARTBEAT, 1, `${this.prefix}group:${group}`, owner, ttlMs),
    );
  }
}
