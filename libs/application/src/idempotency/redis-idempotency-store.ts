import type Redis from 'ioredis';
import {
  IDEMPOTENCY_TTL_MS,
  IdempotencyClaim,
  IdempotencyStore,
  IN_PROGRESS_TTL_MS,
  StoredResponse,
} from './idempotency-store.port';

// Claim atomically: a key holds {fingerprint, response?}; a fresh claim expires quickly so a
// process that died mid-request does not block the key for a day.
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then
  local record = cjson.decode(current)
  if record.fingerprint ~= ARGV[1] then return 'mismatch' end
  if record.response then return current end
  return 'in-progress'
end
redis.call('SET', KEYS[1], cjson.encode({ fingerprint = ARGV[1] }), 'PX', ARGV[2])
return 'claimed'`;

/** Production: keys in Redis, shared by every api replica. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'idempotency:',
    private readonly inProgressMs = IN_PROGRESS_TTL_MS,
  ) {}

  private k(scope: string, key: string): string {
    return `${this.prefix}${scope}:${key}`;
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const result = (await this.redis.eval(
      CLAIM,
      1,
      this.k(scope, key),
      fingerprint,
      this.inProgressMs,
    )) as string;
    if (result === 'claimed' || result === 'mismatch' || result === 'in-progress')
      return { state: result };
    return {
      state: 'completed',
      response: (JSON.parse(result) as { response: StoredResponse }).response,
    };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    const current = await this.redis.get(this.k(scope, key));
    const fingerprint = current ? (JSON.parse(current) as { fingerprint: string }).fingerprint : '';
    await this.redis.set(
      this.k(scope, key),
      JSON.stringify({ fingerprint, response }),
      'PX',
      IDEMPOTENCY_TTL_MS,
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.redis.del(this.k(scope, key));
  }

  async close(): Promise<void> {
    // The connection belongs to whoever passed it in.
  }
}
