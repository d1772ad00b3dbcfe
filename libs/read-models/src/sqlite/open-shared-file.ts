/**
 * Setting up a SQLite file that other processes may be opening at the same moment: the read
 * models' file is shared by the api and every projection worker, and each of them, on start, sets
 * its page size, switches it to WAL and creates its tables. SQLite answers SQLITE_BUSY at once,
 * without waiting out the busy timeout, where waiting could deadlock (two connections switching
 * the journal mode together, or a connection reading the WAL's index while another recovers it),
 * so a worker started beside another could stop with "database is locked" (seen once in three
 * runs of bench:projections' two workers on a new file). The setup is idempotent, so it is tried
 * again, a little later each time, until it succeeds or the busy timeout has passed.
 */
import { isSqliteBusy } from '@app/event-store';

const pause = new Int32Array(new SharedArrayBuffer(4));

export function retryWhileBusy<T>(
  setup: () => T,
  timeoutMs: number,
  now: () => number = Date.now,
  sleep: (ms: number) => void = (ms) => void Atomics.wait(pause, 0, 0, ms),
): T {
  const deadline = now() + timeoutMs;
  for (let waitMs = 5; ; waitMs = Math.min(waitMs * 2, 200)) {
    try {
      return setup();
    } catch (error) {
      if (!isSqliteBusy(error) || now() >= deadline) throw error;
      sleep(waitMs);
    }
  }
}
