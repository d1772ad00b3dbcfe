/** Runs one task at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Wakes everyone waiting when something changed; a wait also ends after `ms`. */
export class Changes {
  private waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` on every change until the returned function is called. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

/** Sleeps for `ms`, or less if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Lets the event loop turn (timers, messages, I/O callbacks) before going on. Called between the
 * batches and pages of a catch-up: reading SQLite is synchronous, so a far-behind runner would
 * otherwise go from batch to batch on promise callbacks alone and never let the loop turn until it
 * caught up — its lease unrenewed, its progress unreported, and everything waiting for the next
 * turn (the pending hand-overs of inBatches, each holding its event) growing with the backlog.
 */
export const turnOfTheLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
