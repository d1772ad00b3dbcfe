/**
 * How long the code of conduct in force and the directory are used before their streams are read
 * again: a change through this process is used at once, one made by another process (a replica, a
 * worker) within this long.
 */
export const SETTINGS_REFRESH_MS = 1_000;

/**
 * A reading of a stream that changes a few times a year (the code of conduct, the directory) but is
 * asked for on every request: kept, and read again at most once per `refreshMs`. Whoever changes the
 * stream through this process calls `forget`, so the change is used at once there; a change made by
 * another process (a replica, a worker) is used within `refreshMs`. `fresh` reads now, for what
 * must be exact (a read whose revision an If-Match will be checked against).
 */
export class KeptReading<T> {
  private kept: { reading: Promise<T>; at: number } | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly refreshMs: number,
  ) {}

  current(): Promise<T> {
    if (!this.kept || Date.now() - this.kept.at > this.refreshMs) return this.fresh();
    return this.kept.reading;
  }

  fresh(): Promise<T> {
    const kept = { reading: this.read(), at: Date.now() };
    this.kept = kept;
    // A failed read is not kept: the next asks again.
    kept.reading.catch(() => {
      if (this.kept === kept) this.kept = undefined;
    });
    return kept.reading;
  }

  forget(): void {
    this.kept = undefined;
  }
}
