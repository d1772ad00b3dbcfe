import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { AppendExpectedRevision, ResolvedEvent } from '@eventstore/db-client';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionMessage,
} from '../event-store.port';

/**
 * The production event store: EventStoreDB through the real `@eventstore/db-client`.
 *
 * Positions: the port's position is the event's commit position. EventStoreDB 20+ gives every
 * event of an append its own commit position (commit = prepare for events written through the
 * gRPC API), which is what makes a bigint checkpoint enough; resuming passes it as both commit and
 * prepare. Verified against the protocol test server only; run the contract suite against a real
 * server (EVENTSTORE_CONNECTION_STRING) before relying on it.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly resubscribe = { initialDelayMs: 100, maxDelayMs: 5_000 },
  ) {}

  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const expected = toEsdbRevision(options.expectedRevision);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data,
            metadata: {
              ...e.metadata,
              $correlationId: e.metadata.correlationId,
              $causationId: e.metadata.causationId,
            },
          }),
        ),
        { expectedRevision: expected },
      );
      if (!result.position) throw new Error('EventStoreDB returned no position for an append.');
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position.commit,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const reading = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      for await (const resolved of reading) yield toRecorded(resolved);
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw error;
    } finally {
      // A reader that stops early must cancel the call, or the client waits for it on dispose().
      if (!reading.readableEnded) await reading.cancel();
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const after = options.after;
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    // Reading forwards from a position includes the event at it; the port's `after` excludes it,
    // so ask for one more and drop it.
    const reading = this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition:
        after === undefined ? (backwards ? END : START) : { commit: after, prepare: after },
      maxCount:
        after !== undefined && !backwards
          ? Math.min(remaining + 1, Number.MAX_SAFE_INTEGER)
          : remaining,
    });
    try {
      for await (const resolved of reading) {
        if (!resolved.event || resolved.event.streamId.startsWith('$')) continue;
        const event = toRecorded(resolved);
        if (after !== undefined && (backwards ? event.position >= after : event.position <= after))
          continue;
        yield event;
        if (--remaining <= 0) return;
      }
    } finally {
      if (!reading.readableEnded) await reading.cancel();
    }
  }

  /**
   * Catch-up then live: read the feed from the checkpoint, say `caught-up`, then subscribe from the
   * last position delivered. After a dropped subscription, resubscribe from the last position
   * delivered, with exponential backoff, so nothing is skipped or repeated.
   */
  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const controller = new AbortController();
    let current: { unsubscribe(): Promise<void> } | undefined;
    const prefixes = options.filter?.streamNamePrefixes ?? [];
    const matches = (e: RecordedEvent) =>
      prefixes.length === 0 || prefixes.some((p) => e.streamId.startsWith(p));
    const run = async function* (
      this: EventStoreDbEventStore,
    ): AsyncGenerator<SubscriptionMessage> {
      let position = options.after;
      for await (const event of this.readAll({ after: position })) {
        if (controller.signal.aborted) return;
        position = event.position;
        if (matches(event)) yield { kind: 'event', event };
      }
      yield { kind: 'caught-up', position };

      let delay = this.resubscribe.initialDelayMs;
      while (!controller.signal.aborted) {
        const subscription = this.client.subscribeToAll({
          fromPosition: position === undefined ? START : { commit: position, prepare: position },
          ...(prefixes.length ? { filter: streamNameFilter({ prefixes }) } : {}),
        });
        current = subscription;
        try {
          for await (const resolved of subscription) {
            if (controller.signal.aborted) return;
            if (!resolved.event || resolved.event.streamId.startsWith('$')) continue;
            const event = toRecorded(resolved);
            if (position !== undefined && event.position <= position) continue;
            position = event.position;
            delay = this.resubscribe.initialDelayMs;
            if (matches(event)) yield { kind: 'event', event };
          }
          if (controller.signal.aborted) return;
        } catch (error) {
          if (controller.signal.aborted) return;
          void error; // dropped (server restart, failover, network): resubscribe below
        }
        await sleep(delay, controller.signal);
        delay = Math.min(delay * 2, this.resubscribe.maxDelayMs);
      }
    };

    const iterator = run.call(this);
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        controller.abort();
        this.subscriptions.delete(subscription);
        await current?.unsubscribe().catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}

function toEsdbRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  return expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : STREAM_EXISTS;
}

function toRecorded(resolved: ResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event || !event.position)
    throw new Error('EventStoreDB returned an event without a position.');
  const {
    $correlationId: _c,
    $causationId: _k,
    ...metadata
  } = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    revision: event.revision,
    position: event.position.commit,
    recordedAt: event.created.toISOString(),
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
