import { MemoryEventStore, SqliteEventStore } from '@app/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InProcessLeaseManager } from '../leases/in-process-lease-manager';
import { RedisLeaseManager } from '../leases/redis-lease-manager';
import { RedisDocumentStore } from '../redis/redis-document-store';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store';
import { describeProjectorBehaviour } from '../testing/projector.behaviour';
import { connectTestRedis } from '../testing/redis-test-connection';

describeProjectorBehaviour('SQLite documents, SQLite events, in-process leases', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projector-'));
  const events = new SqliteEventStore({
    file: path.join(dir, 'events.db'),
    pollMs: 20,
    synchronous: 'NORMAL',
  });
  const documents = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
  return {
    events,
    documents,
    leases: new InProcessLeaseManager(),
    teardown: async () => {
      await events.close();
      await documents.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeProjectorBehaviour('Redis documents, memory events, Redis leases', async () => {
  const { redis, prefix, cleanUp } = await connectTestRedis('projector');
  const events = new MemoryEventStore();
  return {
    events,
    documents: new RedisDocumentStore(redis, { prefix }),
    leases: new RedisLeaseManager(redis, `${prefix}lease:`),
    teardown: async () => {
      await events.close();
      await cleanUp();
    },
  };
});
