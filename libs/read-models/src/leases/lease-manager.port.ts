/**
 * One owner per projection at a time when several workers run. A lease expires unless its owner
 * renews it, so a worker that dies frees its projections after `ttlMs` without anyone's help.
 * A lease alone cannot stop a paused owner from writing after expiry; the projector also makes
 * every write conditional on the checkpoint it last saw (see CheckpointCondition).
 */
export interface LeaseManager {
  /** True if `owner` now holds the lease for `ttlMs` (also when it already held it). */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease `owner` holds; false when it no longer holds it. */
  renew(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it; does nothing otherwise. */
  release(name: string, owner: string): Promise<void>;
  /**
   * Says `owner` is alive in `group` for `ttlMs` and returns how many owners are (itself
   * included): workers sharing a partitioned projection's partitions count each other this way.
   */
  heartbeat(group: string, owner: string, ttlMs: number): Promise<number>;
}
