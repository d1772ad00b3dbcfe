/**
 * An event store that keeps a copy of every stream it has read or written, so the generator's
 * command path (which reads a pupil's whole stream before every command) does not read and parse
 * the same events from the database again and again. Every event it serves is one the store
 * returned; appends still go to the store with their expected revision. Valid only while nothing
 * else writes those streams: the history generator is their only writer while it runs.
 */
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamNotFoundError,
  SubscribeToAllOptions,
  Subscription,
} from '@app/event-store';

export class StreamCache implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();

  constructor(private readonly store: EventStore) {}

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const result = await this.store.appendToStream(streamId, events, options);
    const cached = this.streams.get(streamId);
    if (cached) {
      const fromRevision = cached.length ? cached[cached.length - 1].revision + 1n : 0n;
      for await (const e of this.store.readStream(streamId, { fromRevision })) cached.push(e);
    }
    return result;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}) {
    const plain = !options.direction && options.fromRevision === undefined && !options.maxCount;
    if (!plain) return yield* this.store.readStream(streamId, options);
    let cached = this.streams.get(streamId);
    if (!cached) {
      cached = [];
      try {
        for await (const e of this.store.readStream(streamId)) cached.push(e);
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      this.streams.set(streamId, cached);
    }
    if (cached.length === 0) throw new StreamNotFoundError(streamId);
    yield* cached;
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.store.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    return this.store.subscribeToAll(options);
  }

  /** The underlying store stays open: it belongs to the caller. */
  async close(): Promise<void> {
    this.streams.clear();
  }
}
