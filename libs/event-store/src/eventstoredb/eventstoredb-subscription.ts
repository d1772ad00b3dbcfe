import {
  AccessDeniedError,
  InvalidArgumentError,
  START,
  streamNameFilter,
  UnsupportedError,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, EventStoreDBClient } from '@eventstore/db-client';
import type { SubscribeToAllOptions, Subscription, SubscriptionMessage } from '../event-store.port';
import { isFeedStream, toRecordedEvent } from './eventstoredb-mapping';

export interface ResubscribeBackoff {
  /** Wait before the first resubscription after a drop; doubles on each failure in a row. */
  initialDelayMs: number;
  /** The ceiling the doubling stops at: a long outage is retried at this pace, for ever. */
  maxDelayMs: number;
}

/**
 * Client 6.2 reports the server's `caught_up` message as a `caughtUp` event on the subscription
 * stream, outside the data flow: events before it may still sit unread in the stream's buffer
 * when it fires. The listener runs inside the stream's own transform step, so pushing this marker
 * from it puts it in the buffer exactly where the server sent it, and `for await` reads it in order.
 */
const CAUGHT_UP = Object.freeze({ caughtUp: true as const });
type Item = AllStreamResolvedEvent | typeof CAUGHT_UP;
const isCaughtUp = (item: Item): item is typeof CAUGHT_UP => item === CAUGHT_UP;

/** Errors a retry cannot heal: surface them instead of retrying for ever. */
const isPermanent = (error: unknown): boolean =>
  error instanceof AccessDeniedError ||
  error instanceof InvalidArgumentError ||
  error instanceof UnsupportedError;

/**
 * A catch-up subscription to `$all` on the server's own subscription: catch-up events, the
 * server's caught-up marker (EventStoreDB 23.10+; said once even if the server falls behind and
 * catches up again, or we resubscribe), then live events. The stream-name prefix filter runs on the
 * server. When the call drops (restart, failover, network) it resubscribes from the last event it
 * delivered, which the server treats as exclusive, with exponential backoff; events at or before
 * that position are dropped too, so a replay can never produce a duplicate.
 *
 * Only delivered events move the resume position. The server's filtered-subscription checkpoints
 * are not used for it: they arrive out of band like the caught-up marker, and a checkpoint taken
 * past events still unread in the buffer would, after a drop, resume beyond them (a gap).
 */
export function subscribeToAllWithResubscribe(
  client: EventStoreDBClient,
  options: SubscribeToAllOptions,
  backoff: ResubscribeBackoff,
): Subscription {
  const controller = new AbortController();
  const { signal } = controller;
  const prefixes = options.filter?.streamNamePrefixes ?? [];
  let current: { unsubscribe(): Promise<void> } | undefined;

  async function* run(): AsyncGenerator<SubscriptionMessage> {
    let position = options.after;
    let caughtUp = false;
    let delay = backoff.initialDelayMs;
    while (!signal.aborted) {
      const stream = client.subscribeToAll({
        fromPosition: position === undefined ? START : { commit: position, prepare: position },
        ...(prefixes.length ? { filter: streamNameFilter({ prefixes }) } : {}),
      });
      current = stream;
      stream.on('caughtUp', () => stream.push(CAUGHT_UP));
      try {
        for await (const item of stream as AsyncIterable<Item>) {
          if (signal.aborted) return;
          delay = backoff.initialDelayMs; // the server answers again: a later drop starts afresh
          if (isCaughtUp(item)) {
            if (!caughtUp) yield { kind: 'caught-up', position };
            caughtUp = true;
            continue;
          }
          // Unfiltered, a real server also sends system events ($stats, $settings, metadata).
          if (!item.event || !isFeedStream(item.event.streamId)) continue;
          const event = toRecordedEvent(item);
          if (position !== undefined && event.position <= position) continue;
          position = event.position;
          yield { kind: 'event', event };
        }
      } catch (error) {
        if (signal.aborted) return;
        if (isPermanent(error)) throw error;
        // Dropped: fall through to resubscribe from `position`.
      } finally {
        // Ends the gRPC call too when a reader stops early; the client waits for open calls on dispose().
        await stream.unsubscribe();
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, backoff.maxDelayMs);
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      controller.abort();
      await current?.unsubscribe();
    },
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
