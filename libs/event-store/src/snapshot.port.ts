/**
 * Snapshots: a stream's folded state as of one revision, kept beside the events so a reader folds
 * only the events after it. A snapshot is a cache, never a record: it is not an event, stays out
 * of the global feed (and so out of the transparency log and every projection), can be lost or
 * ignored at any time, and is rebuilt from the events. Each carries the version of the code that
 * folded it; a reader of another version ignores it.
 */
export interface StreamSnapshot {
  streamId: string;
  /** Revision of the last event folded into it. */
  revision: bigint;
  /** What folded it (the evolve and upcasters' version): another version's snapshot is ignored. */
  version: string;
  /** The folded state, as JSON. */
  data: unknown;
}

/** Optional part of the EventStore port; adapters that lack it serve no snapshots. */
export interface SnapshotStore {
  /** The stream's snapshot, or undefined when it has none. */
  readSnapshot(streamId: string): Promise<StreamSnapshot | undefined>;
  /**
   * Keeps the snapshot as the stream's, unless the one kept is of the same version and a later
   * revision (a slower writer never replaces a newer snapshot with an older one).
   */
  writeSnapshot(snapshot: StreamSnapshot): Promise<void>;
}

/** Whether a snapshot should replace the one kept (shared by the adapters). */
export const replacesSnapshot = (
  kept: Pick<StreamSnapshot, 'revision' | 'version'> | undefined,
  next: Pick<StreamSnapshot, 'revision' | 'version'>,
): boolean => !kept || kept.version !== next.version || next.revision >= kept.revision;
