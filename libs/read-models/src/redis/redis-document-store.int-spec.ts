import { describeDocumentStoreContract } from '../testing/document-store.contract';
import { connectTestRedis } from '../testing/redis-test-connection';
import { RedisDocumentStore } from './redis-document-store';

describeDocumentStoreContract('Redis', async () => {
  const { redis, prefix, cleanUp } = await connectTestRedis('read-models');
  const store = new RedisDocumentStore(redis, { prefix });
  return { store, teardown: cleanUp };
});
