/**
 * Rebuilding a partitioned projection. The worker holding partition 0 starts the build (clears the
 * new version and records it here); the owner of each partition builds that partition of the new
 * version beside the old one, which keeps serving; the worker holding partition 0 switches the
 * active version once every partition of the new version has reached the position the old version
 * had reached in its slowest partition, so a read never goes back. The switch drops the old
 * version with its checkpoints, so an owner still applying events to it fails its next batch on
 * the checkpoint condition and starts again from its partition's checkpoint in the new version.
 * Whoever takes a partition over (or partition 0) carries the build on from the checkpoints.
 */
import type { DocumentStore } from '../document-store.port';
import { defineCollection } from '../document-store.port';
import {
  clearAll,
  GroupVersion,
  leftBehind,
  nextVersion,
  prefixesOf,
  putActive,
  readGroupVersions,
} from './members';
import { partitionCheckpointName, partitionsOf } from './partitions';
import { ACTIVE_VERSIONS, Projection } from './projection';
import { sleep } from './sync';

/**
 * The version a partitioned projection is being rebuilt into, while it is (a group's with the
 * version of each member: a partitioned group builds every member with the fold).
 */
export const PARTITION_BUILDS = defineCollection<GroupVersion>({ name: '_projection_builds' });

/** Records the build of the next version (clearing it first), unless one is under way. */
export async function startBuild(
  documents: DocumentStore,
  projection: Projection,
  active: GroupVersion,
): Promise<GroupVersion> {
  const { name } = projection;
  const existing = await documents.get(PARTITION_BUILDS, name);
  if (existing && existing.version > active.version) return existing;
  const next = nextVersion(projection, await readGroupVersions(documents, projection));
  await clearAll(documents, prefixesOf(projection, next));
  await documents.put(PARTITION_BUILDS, name, next);
  return next;
}

const positions = (documents: DocumentStore, name: string, version: number, count: number) =>
  Promise.all(
    partitionsOf(count).map((p) =>
      documents.getCheckpoint(partitionCheckpointName(name, version, p)),
    ),
  );

const least = (values: (string | undefined)[]): bigint =>
  values.reduce((min, v) => (BigInt(v ?? 0) < min ? BigInt(v ?? 0) : min), BigInt(values[0] ?? 0));

/** Switches to the built version if every partition of it is as far as the old one; true if so. */
export async function trySwitch(
  documents: DocumentStore,
  projection: Projection,
  build: GroupVersion,
  active: GroupVersion,
  count: number,
): Promise<boolean> {
  const { name } = projection;
  const built = await positions(documents, name, build.version, count);
  if (built.some((p) => p === undefined)) return false;
  const serving = await positions(documents, name, active.version, count);
  if (least(built) < least(serving)) return false;
  const before = await readGroupVersions(documents, projection);
  await documents.transaction((tx) => {
    putActive(tx, projection, build);
    tx.delete(PARTITION_BUILDS, name);
  });
  await clearAll(documents, leftBehind(projection, before, build));
  return true;
}

/** Resolves once the active version is no longer `fromVersion`. */
export async function untilSwitched(
  documents: DocumentStore,
  name: string,
  fromVersion: number,
  pollMs: number,
): Promise<void> {
  while ((await documents.get(ACTIVE_VERSIONS, name))?.version === fromVersion) await sleep(pollMs);
}
