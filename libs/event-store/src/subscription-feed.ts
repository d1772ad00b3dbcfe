/**
 * A catch-up subscription built on two things an adapter can do: read the global feed after a
 * position in pages, and be woken when something may have been appended. It reads pages until one
 * comes back empty, says `caught-up` once, then sleeps until woken (or a poll interval passes, for
 * writers in other processes) and reads on from the last position it delivered. Because it always
 * reads after the last delivered position, an event can be neither skipped nor delivered twice,
 * provided positions become visible in order (true for SQLite's single writer and for memory).
 */
import type {
  RecordedEvent,
  Subscription,
  SubscriptionFilter,
  SubscriptionMessage,
} from './event-store.port';

export interface FeedSource {
  readPage(after: bigint | undefined, limit: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** Resolves when an append may have happened, or after `pollMs`. */
  waitForAppend(pollMs: number, signal: AbortSignal): Promise<void>;
}

export const matchesFilter = (
  event: RecordedEvent,
  filter: SubscriptionFilter | undefined,
): boolean =>
  !filter?.streamNamePrefixes?.length ||
  filter.streamNamePrefixes.some((p) => event.streamId.startsWith(p));

export function feedSubscription(
  source: FeedSource,
  options: { after?: bigint; filter?: SubscriptionFilter; pageSize?: number; pollMs?: number },
): Subscription {
  const controller = new AbortController();
  const pageSize = options.pageSize ?? 500;
  const pollMs = options.pollMs ?? 250;

  async function* run(): AsyncGenerator<SubscriptionMessage> {
    let position = options.after;
    let caughtUp = false;
    while (!controller.signal.aborted) {
      const page = await source.readPage(position, pageSize);
      for (const event of page) {
        if (controller.signal.aborted) return;
        position = event.position;
        if (matchesFilter(event, options.filter)) yield { kind: 'event', event };
      }
      if (page.length === pageSize) continue;
      if (!caughtUp) {
        caughtUp = true;
        yield { kind: 'caught-up', position };
      }
      await source.waitForAppend(pollMs, controller.signal);
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      controller.abort();
    },
  };
}

/** Wakes every waiting subscription of one store instance when it appends. */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  wait(pollMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** The open subscriptions of one store, so that closing the store ends them all. */
export class OpenSubscriptions {
  private readonly open = new Set<Subscription>();

  track(subscription: Subscription): Subscription {
    this.open.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.open.delete(subscription);
        await subscription.close();
      },
    };
  }

  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}
