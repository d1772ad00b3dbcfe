import type { RecordedEvent, SubscriptionMessage } from '@app/event-store';

export type FeedItem = { kind: 'events'; events: RecordedEvent[] } | { kind: 'caught-up' };

const IDLE = Symbol('idle');
const nextTick = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Groups a subscription's events into batches: a batch grows while events are already waiting
 * (a catch-up page) and is handed over as soon as the feed would make us wait, or at `maxSize`.
 * One transaction per batch instead of per event is what makes a rebuild fast; handing over on
 * idle keeps live latency at one event.
 */
export async function* inBatches(
  feed: AsyncIterable<SubscriptionMessage>,
  maxSize: number,
): AsyncGenerator<FeedItem> {
  const iterator = feed[Symbol.asyncIterator]();
  let waiting: Promise<IteratorResult<SubscriptionMessage>> | undefined;
  let batch: RecordedEvent[] = [];
  for (;;) {
    const next = waiting ?? iterator.next();
    waiting = undefined;
    const result = batch.length ? await Promise.race([next, nextTick()]) : await next;
    if (result === IDLE) {
      yield { kind: 'events', events: batch };
      batch = [];
      waiting = next;
      continue;
    }
    if (result.done) {
      if (batch.length) yield { kind: 'events', events: batch };
      return;
    }
    if (result.value.kind === 'caught-up') {
      if (batch.length) yield { kind: 'events', events: batch };
      batch = [];
      yield { kind: 'caught-up' };
      continue;
    }
    batch.push(result.value.event);
    if (batch.length >= maxSize) {
      yield { kind: 'events', events: batch };
      batch = [];
    }
  }
}
