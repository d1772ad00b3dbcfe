import {
  ANY,
  BACKWARDS,
  NO_STREAM,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { replacesSnapshot, type StreamSnapshot } from '../snapshot.port';
import {
  isFeedStream,
  SNAPSHOT_STREAM_PREFIX,
  toEsdbMetadata,
  toEsdbRevision,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { subscribeToAllWithResubscribe } from './eventstoredb-subscription';
import type { ResubscribeBackoff } from './eventstoredb-subscription';
import { readStreamEvents } from '../read-stream-events';

/**
 * The production event store: EventStoreDB (23.10 or later, for the caught-up marker) through the
 * real `@eventstore/db-client`. Positions are commit positions; `eventstoredb-mapping.ts` says why
 * that is enough and what it assumes. Every `npm test` runs the contract over the protocol test
 * server (`testing/esdb-protocol-server.ts`), and against a real server when
 * EVENTSTORE_CONNECTION_STRING is set.
 */
const SNAPSHOT_EVENT_TYPE = 'StreamSnapshot';

/** How many streams `readStreams` reads at once. */
const CONCURRENT_STREAM_READS = 32;
/** The client's own default count: read to the end. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly backoff: ResubscribeBackoff = { initialDelayMs: 100, maxDelayMs: 5_000 },
  ) {}

  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://…` for a cluster. */
  static fromConnectionString(
    connectionString: string,
    backoff?: ResubscribeBackoff,
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(
      EventStoreDBClient.connectionString(connectionString),
      backoff,
    );
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: toEsdbMetadata(e.metadata) }),
        ),
        { expectedRevision: toEsdbRevision(options.expectedRevision) },
      );
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position:
          result.position?.commit ??
          (await this.positionOfRevision(streamId, result.nextExpectedRevision)),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  /**
   * A retry of events already written is acknowledged by some server versions without a position
   * (nothing was written): the position is that of the batch's last event, read from the stream.
   */
  private async positionOfRevision(streamId: string, revision: bigint): Promise<bigint> {
    for await (const event of this.readStream(streamId, {
      direction: 'backwards',
      fromRevision: revision,
      maxCount: 1,
    }))
      return event.position;
    throw new Error(`EventStoreDB acknowledged an append to ${streamId} it cannot read back.`);
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
      for await (const resolved of reading) yield toRecordedEvent(resolved);
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) throw new StreamNotFoundError(streamId);
      throw error;
    } finally {
      // A reader that stops early must cancel the call, or the client waits for it on dispose().
      if (!reading.readableEnded) await reading.cancel();
    }
  }

  async readSnapshot(streamId: string): Promise<StreamSnapshot | undefined> {
    return (await this.lastSnapshot(streamId))?.snapshot;
  }

  /**
   * Appends after the snapshot read, at its revision: a writer that lost the race to another
   * leaves the other's snapshot (both folded the same events; neither is wrong).
   */
  async writeSnapshot(snapshot: StreamSnapshot): Promise<void> {
    const kept = await this.lastSnapshot(snapshot.streamId);
    if (!replacesSnapshot(kept?.snapshot, snapshot)) return;
    const stream = SNAPSHOT_STREAM_PREFIX + snapshot.streamId;
    try {
      await this.client.appendToStream(
        stream,
        jsonEvent({
          type: SNAPSHOT_EVENT_TYPE,
          data: {
            revision: snapshot.revision.toString(),
            version: snapshot.version,
            state: snapshot.data,
          } as Record<string, unknown>,
        }),
        { expectedRevision: kept ? kept.revision : NO_STREAM },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return;
      throw error;
    }
    if (!kept)
      await this.client.setStreamMetadata(stream, { maxCount: 1 }, { expectedRevision: ANY });
  }

  private async lastSnapshot(
    streamId: string,
  ): Promise<{ snapshot: StreamSnapshot; revision: bigint } | undefined> {
    const reading = this.client.readStream(SNAPSHOT_STREAM_PREFIX + streamId, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    try {
      for await (const resolved of reading) {
        const event = resolved.event;
        if (!event || event.type !== SNAPSHOT_EVENT_TYPE) return undefined;
        const data = event.data as { revision: string; version: string; state: unknown };
        return {
          revision: event.revision,
          snapshot: {
            streamId,
            revision: BigInt(data.revision),
            version: data.version,
            data: data.state,
          },
        };
      }
      return undefined;
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return undefined;
      throw error;
    } finally {
      if (!reading.readableEnded) await reading.cancel();
    }
  }

  /** Reads a few streams at a time, concurrently: one round trip per stream, but not one after another. */
  async readStreams(
    streamIds: readonly string[],
    fromRevisions?: readonly bigint[],
  ): Promise<RecordedEvent[][]> {
    const out: RecordedEvent[][] = [];
    for (let i = 0; i < streamIds.length; i += CONCURRENT_STREAM_READS) {
      const chunk = streamIds.slice(i, i + CONCURRENT_STREAM_READS);
      out.push(
        ...(await Promise.all(
          chunk.map((id, j) => readStreamEvents(this, id, fromRevisions?.[i + j])),
        )),
      );
    }
    return out;
  }

  /**
   * Asks the server for just the events wanted, so a read normally ends on the server's side; a
   * read stopped early (the caller breaks off) is cancelled, or the client's dispose() waits for it
   * for ever. The server counts system events too (a real `$all` holds `$stats-…` and metadata
   * events, skipped here) and, forwards from a position, the event at it: a page that yields too
   * few is followed by a larger one from the last position seen.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    let after = options.after;
    let count = 0;
    while (remaining > 0) {
      const includesAfter = after !== undefined && !backwards;
      // Each further page at least doubles: a long run of system events takes a few round trips.
      count = Math.min(Math.max(remaining + (includesAfter ? 1 : 0), count * 2), MAX_COUNT);
      const reading = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition:
          after === undefined ? (backwards ? END : START) : { commit: after, prepare: after },
        maxCount: count,
      });
      let received = 0;
      let last: bigint | undefined;
      try {
        for await (const resolved of reading) {
          received += 1;
          const position = resolved.event?.position?.commit ?? resolved.commitPosition;
          if (position !== undefined) last = position;
          if (!resolved.event || !isFeedStream(resolved.event.streamId)) continue;
          const event = toRecordedEvent(resolved);
          // Forwards, a read from a position includes the event at it; the port's `after` excludes it.
          if (
            after !== undefined &&
            (backwards ? event.position >= after : event.position <= after)
          )
            continue;
          if (remaining === 0) break;
          remaining -= 1;
          yield event;
        }
      } finally {
        if (!reading.readableEnded) await reading.cancel();
      }
      // The server sent fewer than asked: the feed has no more.
      if (remaining === 0 || received < count || last === undefined) return;
      after = last;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const inner = subscribeToAllWithResubscribe(this.client, options, this.backoff);
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => inner[Symbol.asyncIterator](),
      close: async () => {
        this.subscriptions.delete(subscription);
        await inner.close();
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
