import { decideAppend } from '../append-rules';
import { StreamNotFoundError } from '../errors';
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
import { AppendSignal, feedSubscription, OpenSubscriptions } from '../subscription-feed';

const clone = <T>(value: T): T => structuredClone(value);

/** In memory, for fast tests of code above the port. Same contract as the real adapters. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly ids = new Map<string, RecordedEvent>();
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new OpenSubscriptions();
  private readonly snapshots = new Map<string, StreamSnapshot>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const decision = decideAppend(
      streamId,
      events,
      options.expectedRevision,
      stream.length ? BigInt(stream.length - 1) : undefined,
      (from, count) => stream.slice(Number(from), Number(from) + count).map((e) => e.id),
      (id) => {
        const found = this.ids.get(id);
        return found && found.streamId === streamId ? found.revision : undefined;
      },
    );
    if (decision.kind === 'already-written') {
      return {
        nextExpectedRevision: decision.lastRevision,
        position: stream[Number(decision.lastRevision)].position,
      };
    }
    if (events.some((e) => this.ids.has(e.id)))
      throw new Error('An event id is already used in another stream.');
    const recordedAt = this.clock().toISOString();
    events.forEach((e, i) => {
      const recorded: RecordedEvent = {
        id: e.id,
        streamId,
        type: e.type,
        data: clone(e.data),
        metadata: clone(e.metadata),
        revision: decision.firstRevision + BigInt(i),
        position: BigInt(this.log.length + 1),
        recordedAt,
      };
      this.log.push(recorded);
      stream.push(recorded);
      this.ids.set(e.id, recorded);
    });
    this.streams.set(streamId, stream);
    this.signal.notify();
    const last = stream[stream.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readSnapshot(streamId: string): Promise<StreamSnapshot | undefined> {
    const kept = this.snapshots.get(streamId);
    return kept && clone(kept);
  }

  async writeSnapshot(snapshot: StreamSnapshot): Promise<void> {
    if (replacesSnapshot(this.snapshots.get(snapshot.streamId), snapshot))
      this.snapshots.set(snapshot.streamId, clone(snapshot));
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const stream = this.streams.get(streamId);
    if (!stream) throw new StreamNotFoundError(streamId);
    const backwards = options.direction === 'backwards';
    const ordered = backwards ? [...stream].reverse() : stream;
    const from = options.fromRevision;
    const selected = ordered.filter(
      (e) => from === undefined || (backwards ? e.revision <= from : e.revision >= from),
    );
    for (const e of selected.slice(0, options.maxCount ?? Infinity)) yield clone(e);
  }

  async readStreams(
    streamIds: readonly string[],
    fromRevisions?: readonly bigint[],
  ): Promise<RecordedEvent[][]> {
    return streamIds.map((id, i) =>
      (this.streams.get(id) ?? [])
        .filter((e) => e.revision >= (fromRevisions?.[i] ?? 0n))
        .map(clone),
    );
  }

  async revisionOfEvent(streamId: string, eventId: string): Promise<bigint | undefined> {
    const e = this.ids.get(eventId);
    return e?.streamId === streamId ? e.revision : undefined;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const after = options.after;
    const ordered = backwards ? [...this.log].reverse() : this.log;
    const selected = ordered.filter(
      (e) => after === undefined || (backwards ? e.position < after : e.position > after),
    );
    for (const e of selected.slice(0, options.maxCount ?? Infinity)) yield clone(e);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription = feedSubscription(
      {
        // Positions are log index + 1, so the page after position p starts at index p.
        readPage: (after, limit) =>
          this.log.slice(Number(after ?? 0n), Number(after ?? 0n) + limit).map(clone),
        waitForAppend: (pollMs, signal) => this.signal.wait(pollMs, signal),
      },
      options,
    );
    return this.subscriptions.track(subscription);
  }

  /** Ends every open subscription (their for-await loops finish), then releases the store. */
  async close(): Promise<void> {
    await this.subscriptions.closeAll();
    this.signal.notify();
  }
}
