import type { EventStore } from '@app/event-store';
import {
  ALL_PROJECTIONS,
  DocumentStore,
  LeaseManager,
  Projection,
  Projector,
  RedisDocumentStore,
  RedisLeaseManager,
  SqliteDocumentStore,
  SqliteLeaseManager,
} from '@app/read-models';
import type Redis from 'ioredis';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';

/** The read models' own leases (one owner per projection), closed with the application. */
export const LEASE_MANAGER = Symbol('LEASE_MANAGER');

const sqliteFile = (config: AppConfig) => path.join(config.dataDir, 'read-models.db');

/**
 * The read models' store, as the configuration picks it. Shared by the application module and
 * `npm run projections:rebuild`, so both always open the same one.
 */
export function createDocumentStore(config: AppConfig, redis: Redis | null): DocumentStore {
  return redis
    ? new RedisDocumentStore(redis, { prefix: config.projections.redisPrefix })
    : new SqliteDocumentStore({ file: sqliteFile(config) });
}

/**
 * Leases every process on these read models can see: in Redis beside them, or in their SQLite
 * file on the embedded default, so a worker, the api and the rebuild CLI on one DATA_DIR agree on
 * who runs a projection.
 */
export function createLeaseManager(config: AppConfig, redis: Redis | null): LeaseManager {
  return redis
    ? new RedisLeaseManager(redis, `${config.projections.redisPrefix}lease:`)
    : new SqliteLeaseManager({ file: sqliteFile(config) });
}

export function closeLeaseManager(leases: LeaseManager): void {
  if (leases instanceof SqliteLeaseManager) leases.close();
}

/** The projector over these stores, as the configuration sets it (the api, the worker and the projections thread). */
export function createProjector(
  config: AppConfig,
  stores: { events: EventStore; documents: DocumentStore; leases: LeaseManager; owner?: string },
  projections: readonly Projection[] = ALL_PROJECTIONS,
): Projector {
  return new Projector({
    ...stores,
    projections: [...projections],
    leaseTtlMs: config.projections.leaseTtlMs,
    partitions: config.projections.partitions,
    rebuildBatchSize: config.projections.rebuildPageEvents,
    rebuildCacheDocuments: config.projections.rebuildCacheDocuments,
    liveCacheDocuments: config.projections.liveCacheDocuments,
  });
}
