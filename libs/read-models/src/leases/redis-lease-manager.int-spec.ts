import { CONTRACT_TTL_MS, describeLeaseManagerContract } from '../testing/lease-manager.contract';
import { connectTestRedis } from '../testing/redis-test-connection';
import { RedisLeaseManager } from './redis-lease-manager';

describeLeaseManagerContract('Redis', async () => {
  const { redis, prefix, cleanUp } = await connectTestRedis('leases');
  return {
    leases: new RedisLeaseManager(redis, prefix),
    // Redis keeps its own clock, so the only way to expire a lease is to let its time pass.
    expire: () => new Promise((resolve) => setTimeout(resolve, CONTRACT_TTL_MS + 50)),
    teardown: cleanUp,
  };
});
