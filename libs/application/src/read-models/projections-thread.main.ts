/**
 * The projections thread's own entry point (see projections-thread.ts): opens its own connections
 * to the stores the configuration names, runs every projection, and tells the thread that
 * started it where they stand after each committed batch. Nothing here logs event data.
 */
import 'reflect-metadata';
import { SqliteEventStore } from '@app/event-store';
import Redis from 'ioredis';
import { parentPort, workerData } from 'node:worker_threads';
import { createEventStore } from '../adapters/event-store.factory';
import type { AppConfig } from '../config/config';
import {
  THREAD_MEMORY_EVERY_MS,
  type FromProjectionsThread,
  type ToProjectionsThread,
} from './projections-thread';
import {
  closeLeaseManager,
  createDocumentStore,
  createLeaseManager,
  createProjector,
} from './read-model-adapters';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('projections-thread.main runs only as a worker thread.');
  const { config, owner } = workerData as { config: AppConfig; owner: string };
  const events = createEventStore(config);
  const redis = config.redis ? new Redis(config.redis.url, { maxRetriesPerRequest: 3 }) : null;
  const documents = createDocumentStore(config, redis);
  const leases = createLeaseManager(config, redis);
  const projector = createProjector(config, { events, documents, leases, owner });

  // Several changes in one turn of the event loop become one message.
  let queued = false;
  const send = () => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      port.postMessage({ kind: 'snapshots', snapshots: projector.snapshots() });
    });
  };
  projector.watch(send);
  const memory = setInterval(() => {
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    port.postMessage({
      kind: 'memory',
      memory: { heapUsed, heapTotal, external, arrayBuffers },
    } satisfies FromProjectionsThread);
  }, THREAD_MEMORY_EVERY_MS);
  memory.unref();

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    clearInterval(memory);
    await projector.stop();
    closeLeaseManager(leases);
    await documents.close();
    await events.close();
    if (redis) await redis.quit();
    port.postMessage({ kind: 'stopped' });
    port.close();
  };
  port.on('message', (message: ToProjectionsThread) => {
    if (message.kind === 'appended' && events instanceof SqliteEventStore)
      events.appendedElsewhere();
    if (message.kind === 'stop') stopping ??= stop();
  });
  projector.start();
  send();
}

void main();
