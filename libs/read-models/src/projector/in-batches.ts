import type { RecordedEvent, SubscriptionMessage } from '@app/event-store';

export type FeedItem = { kind: 'events'; events: RecordedEvent[] } | { kind: 'caught-up' };

const IDLE = Symbol('idle');
const nextTurn = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * Groups a subscription's events into batches: a batch grows while events are already waiting
 * (a catch-up page) and is handed over as soon as the feed would make us wait, or at `maxSize`.
 * One transaction per batch instead of per event is what makes a rebuild fast; handing over on
 * idle keeps live latency at one event.
 *
 * "Would make us wait" is the event loop turning before the next event arrives: one `setImmediate`
 * per batch, raced against each of its events, rather than one per event. Each pending race holds
 * its event until the loop turns, so the runner lets it turn after every batch (turnOfTheLoop):
 * what waits for it is then one batch, not a whole far-behind feed read on promise callbacks alone.
 */
export async function* inBatches(
  feed: AsyncIterable<SubscriptionMessage>,
  maxSize: number,
): AsyncGenerator<FeedItem> {
  const iterator = feed[Symbol.asyncIterator]();
  let waiting: Promise<IteratorResult<SubscriptionMessage>> | undefined;
  let batch: RecordedEvent[] = [];
  // The loop's next turn since the batch started; undefined while there is no batch.
  let turn: Promise<typeof IDLE> | undefined;
  const handOver = (): FeedItem => {
    const events = batch;
    batch = [];
    turn = undefined;
    return { kind: 'events', events };
  };
  for (;;) {
    const next = waiting ?? iterator.next();
    waiting = undefined;
    const result = batch.length ? await Promise.race([next, (turn ??= nextTurn())]) : await next;
    if (result === IDLE) {
      yield handOver();
      waiting = next;
      continue;
    }
    if (result.done) {
      if (batch.length) yield handOver();
      return;
    }
    if (result.value.kind === 'caught-up') {
      if (batch.length) yield handOver();
      yield { kind: 'caught-up' };
      continue;
    }
    batch.push(result.value.event);
    if (batch.length >= maxSize) yield handOver();
  }
}
