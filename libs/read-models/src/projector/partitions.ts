import type { RecordedEvent } from '@app/event-store';
import { checkpointName, Projection, versionPrefix } from './projection';

/** One of `count` partitions of a projection; `{ index: 0, count: 1 }` is the whole of it. */
export interface Partition {
  index: number;
  count: number;
}

export const WHOLE: Partition = { index: 0, count: 1 };

/** Most partitions a projection may be split into (each is a lease, a checkpoint and a feed). */
export const MAX_PARTITIONS = 64;

/** FNV-1a, 32 bits: stable across processes and releases, so a key always lands in one partition. */
export function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const partitionOfKey = (key: string, count: number): number => fnv1a(key) % count;

/** Whether a partition applies an event: its key hashes to it, or it has no key (every one does). */
export function inPartition(
  projection: Projection,
  event: RecordedEvent,
  partition: Partition,
): boolean {
  if (partition.count === 1) return true;
  const key = projection.partitionKey ? projection.partitionKey(event) : event.streamId;
  return key === null || partitionOfKey(key, partition.count) === partition.index;
}

/** The checkpoint of one partition of a version: `<name>.v<version>.p<index>.position` (P > 1). */
export const partitionCheckpointName = (
  projection: string,
  version: number,
  partition: Partition,
): string =>
  partition.count === 1
    ? checkpointName(projection, version)
    : `${versionPrefix(projection, version)}p${partition.index}.position`;

/** The lease of one partition: `projection:<name>:p<index>` (P > 1). */
export const partitionLeaseName = (projection: string, partition: Partition): string =>
  partition.count === 1
    ? `projection:${projection}`
    : `projection:${projection}:p${partition.index}`;

/** The partitions of one projection. */
export const partitionsOf = (count: number): Partition[] =>
  Array.from({ length: count }, (_, index) => ({ index, count }));
