/**
 * The EventStore port: everything above it (handlers, projections, process managers, audit)
 * talks to this interface only. Adapters: memory (tests), SQLite (embedded default),
 * EventStoreDB (production). All three pass `event-store.contract.ts`.
 *
 * Positions in the global feed are bigints; they are persisted (checkpoints) as decimal strings.
 */

import type { SnapshotStore } from './snapshot.port';

/** What a caller asserts about a stream before appending (optimistic concurrency). */
export type ExpectedRevision =
  /** The stream must not exist yet. */
  | 'no_stream'
  /** The stream must exist, at any revision. */
  | 'stream_exists'
  /** No check at all: use only where a rule says ordering does not matter (e.g. an access log). */
  | 'any'
  /** The stream's last event must be at exactly this revision (0-based). */
  | bigint;

/** Metadata every event carries (architecture.md, "Streams"). */
export interface EventMetadata {
  /** User id of whoever caused the event (or `system:<job>` for timed work). */
  actor: string;
  /** Role the actor acted in. */
  role: string;
  correlationId: string;
  causationId: string;
  /** Business time: when it happened, from the command (ISO 8601 instant). */
  occurredAt: string;
  /** Anything else adapters or audit add (e.g. rule-set version, hash chain). */
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = Record<string, unknown>> {
  /** UUID. Re-appending the same ids at the same expected revision is a no-op (idempotent retry). */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>> {
  id: string;
  streamId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** 0-based revision of the event within its stream. */
  revision: bigint;
  /** Position in the global feed: strictly increasing in commit order, never reused. */
  position: bigint;
  /** When the store recorded it (ISO 8601 instant), as opposed to `metadata.occurredAt`. */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as `expectedRevision` next time. */
  nextExpectedRevision: bigint;
  /** Global position of the last event appended (or of the last event already there, on an idempotent retry). */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive start revision; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: Direction;
  /**
   * Exclusive: events strictly after this position (forwards) or strictly before it (backwards).
   * Omit to start at the beginning (forwards) or the end (backwards).
   */
  after?: bigint;
  maxCount?: number;
}

export interface SubscriptionFilter {
  /** Deliver only events whose stream id starts with one of these prefixes, e.g. `pupil-`. */
  streamNamePrefixes?: string[];
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omit to start from the beginning. */
  after?: bigint;
  filter?: SubscriptionFilter;
}

/** What a subscription yields: events in global order, and once, a marker that catch-up is done. */
export type SubscriptionMessage =
  { kind: 'event'; event: RecordedEvent } | { kind: 'caught-up'; position: bigint | undefined };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Stops the subscription; a pending `for await` ends normally. */
  close(): Promise<void>;
}

/** One stream's part of a multi-stream write (`appendToStreams`). */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** Each stream's outcome: its append result, or the error that refused it (nothing of it written). */
export type StreamAppendOutcome =
  | { streamId: string; ok: true; result: AppendResult }
  | { streamId: string; ok: false; error: Error };

export interface EventStore extends Partial<SnapshotStore> {
  /** Appends atomically: all events or none. Throws WrongExpectedRevisionError on a conflict. */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /**
   * Optional: appends to many streams in one durable write (bulk work such as register imports).
   * Each stream is checked and appended on its own, exactly as `appendToStream` would: one refused
   * stream leaves the others written, and no stream is ever half-written. Adapters without it are
   * driven one `appendToStream` at a time.
   */
  appendToStreams?(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;

  /**
   * Optional: every event of each of these streams, in revision order, answered in the order the
   * ids are given; a stream that does not exist reads as no events. Bulk work (register imports)
   * loads a whole batch's streams at once; adapters without it are read one `readStream` at a time.
   * With `fromRevisions` (one per id), each stream is read from its own revision on (inclusive),
   * so a caller that keeps states reads only the events after them.
   */
  readStreams?(
    streamIds: readonly string[],
    fromRevisions?: readonly bigint[],
  ): Promise<RecordedEvent[][]>;

  /**
   * Optional: the revision of the event with this id in this stream, or undefined when the stream
   * holds none with it. A keyed request looks for what its first sending wrote (event ids derived
   * from its key) without reading the whole stream; adapters without it are read whole.
   */
  revisionOfEvent?(streamId: string, eventId: string): Promise<bigint | undefined>;

  /** Reads one stream. A missing stream throws StreamNotFoundError while iterating. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;

  /** Reads the global feed (all streams) in commit order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Catch-up subscription to the global feed: first every stored event after the checkpoint,
   * then `caught-up`, then live events as they commit, with no gap and no duplicate.
   */
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;

  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** Serialise a position for a checkpoint store. */
export const positionToString = (position: bigint): string => position.toString(10);
export const positionFromString = (value: string): bigint => {
  if (!/^\d+$/.test(value)) throw new Error(`Invalid checkpoint position "${value}"`);
  return BigInt(value);
};
