import type { RecordedEvent } from '@app/event-store';
import type { DocumentStore } from '../document-store.port';
import type { WriteBackCache } from './write-back-cache';
import { inPartition, Partition, partitionCheckpointName, WHOLE } from './partitions';
import {
  matchesStreams,
  MemberVersions,
  memberVersions,
  Projection,
  ProjectionTx,
  projectionTx,
  versionedCollections,
} from './projection';

/** A projection threw on an event: it stops there, with everything before it applied. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    /** Global position of the event that could not be applied. */
    readonly position: bigint,
    readonly eventType: string,
    override readonly cause: unknown,
  ) {
    super(
      `Projection ${projection} stopped at position ${position} (${eventType}): ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
    this.name = 'ProjectionFailedError';
  }
}

export interface BatchOptions {
  /** Rebuilds: read and write through this write-back cache. */
  cache?: WriteBackCache;
  /** Apply only this partition's events (and the broadcast ones), under its own checkpoint. */
  partition?: Partition;
  /** Derive the rows (`flush`) after every event rather than once at the end of the batch. */
  flushEach?: boolean;
  /** A group: the version of each member written (each at its code's version when left out). */
  members?: MemberVersions;
}

class FlushError extends Error {
  constructor(override readonly cause: unknown) {
    super('flush failed');
  }
}

class ApplyError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('apply failed');
  }
}

/**
 * Applies events (in global order) to one version of a projection and moves its checkpoint to the
 * last of them, all in one unit of work, on condition that the checkpoint is still `after`.
 * Events at or before `after` are already applied and are skipped; events of other streams (or
 * of other partitions) only move the checkpoint. On a poison event the events before it are committed, then
 * ProjectionFailedError is thrown. Returns the new checkpoint.
 *
 * With a `cache` (rebuilds), the projection reads and writes through it and each changed document
 * is serialised once for the batch; the cache is discarded when the batch does not commit.
 */
export async function applyBatch(
  store: DocumentStore,
  projection: Projection,
  version: number,
  after: bigint | undefined,
  events: readonly RecordedEvent[],
  options: BatchOptions = {},
): Promise<bigint | undefined> {
  const { cache, partition = WHOLE, flushEach = false } = options;
  const fresh = events.filter((e) => after === undefined || e.position > after);
  if (fresh.length === 0) return after;
  const last = fresh[fresh.length - 1].position;
  const members = memberVersions(projection, options.members);
  const collections = versionedCollections(projection, version, members);
  const checkpoint = partitionCheckpointName(projection.name, version, partition);
  try {
    await store.transaction(async (uow) => {
      const applyAll = async (through: ProjectionTx) => {
        const tx = projectionTx(through, collections, projection.name, partition, members);
        for (let i = 0; i < fresh.length; i++) {
          if (!matchesStreams(projection, fresh[i])) continue;
          if (!inPartition(projection, fresh[i], partition)) continue;
          try {
            await projection.apply(fresh[i], tx);
            if (flushEach) await projection.flush?.(tx);
          } catch (cause) {
            throw new ApplyError(i, cause);
          }
        }
        if (!flushEach && projection.flush)
          try {
            await projection.flush(tx);
          } catch (cause) {
            throw new FlushError(cause);
          }
      };
      if (cache) await cache.within(uow, applyAll);
      else await applyAll(uow);
      uow.setCheckpoint(checkpoint, last, {
        expected: after === undefined ? null : after.toString(),
      });
    });
    cache?.committed();
    return last;
  } catch (error) {
    cache?.discard();
    // Which event the rows derived at the end of the batch could not follow: apply the batch
    // again deriving them after every event, which finds it.
    if (error instanceof FlushError)
      return applyBatch(store, projection, version, after, events, { ...options, flushEach: true });
    if (!(error instanceof ApplyError)) throw error;
    const poison = fresh[error.index];
    await applyBatch(store, projection, version, after, fresh.slice(0, error.index), options);
    throw new ProjectionFailedError(projection.name, poison.position, poison.type, error.cause);
  }
}
