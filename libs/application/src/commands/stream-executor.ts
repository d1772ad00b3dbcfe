import {
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  readStreamEvents as readStoredEvents,
  StreamAppend,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { eventHash, GENESIS } from '../audit/hash-chain';
import type { KeyedWrite } from '../idempotency/keyed-request';
import { CommandMetadata } from './command-metadata';
import { timeOrderedUuid } from './event-ids';
import { Decider, DomainEventShape } from './decider';
import { StreamState, StreamStates } from './stream-states';
import { readStreamEvents, upcastRecorded } from './upcast-recorded';

/** A stream folded from its start, with the events it was folded from. */
export interface LoadedStream<State> extends StreamState<State> {
  events: RecordedEvent[];
}

export interface ExecuteOptions<Command, Event extends DomainEventShape, State, Context> {
  streamId: string;
  decider: Decider<Command, Event, State, Context>;
  command: Command;
  metadata: CommandMetadata;
  /** Builds the decision context from the freshly loaded state (it may load other streams). */
  context: (loaded: StreamState<State>) => Context | Promise<Context>;
  /** Business time of the command. */
  now: Date;
  /**
   * A revision the client pinned (HTTP If-Match). When given, a conflict is reported, never retried:
   * the client decided on a state that is no longer current.
   */
  expectedRevision?: bigint;
  /** Extra metadata for every event (e.g. the rule-set version). */
  extraMetadata?: Record<string, unknown>;
}

export interface ExecuteResult<Event> {
  events: Event[];
  /** Revision of the stream after the command (undefined if it still has no events). */
  revision: bigint | undefined;
  /** Global position of the last event written, for read-your-writes; undefined if nothing was written. */
  position: bigint | undefined;
}

/** One stream's share of `executeMany`: its commands, decided in order, land in one append. */
export interface BatchItem<Command, Event extends DomainEventShape, State, Context> {
  streamId: string;
  decider: Decider<Command, Event, State, Context>;
  commands: readonly Command[];
  metadata: CommandMetadata;
  context: (loaded: StreamState<State>) => Context | Promise<Context>;
  now: Date;
  extraMetadata?: Record<string, unknown>;
}

export type BatchOutcome<Event> =
  ({ ok: true } & ExecuteResult<Event>) | { ok: false; error: Error };

/** A pinned revision that is no longer current (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: bigint,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `This record has changed since you read it (you had version ${expected}, it is now ${actual === 'no_stream' ? 'gone' : actual}). Reload it and try again.`,
    );
    this.name = 'StaleRevisionError';
  }
}

/** Contention so persistent that a bounded number of retries did not get through. */
export class ConcurrencyExhaustedError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Too many simultaneous changes to this record (${attempts} attempts). Please try again.`);
    this.name = 'ConcurrencyExhaustedError';
  }
}

// Audit reads import it from here, beside loadStream: every event upcast to its current version.
export { readStreamEvents };

export async function loadStream<Event extends DomainEventShape, State>(
  store: EventStore,
  streamId: string,
  evolve: (state: State, event: Event) => State,
  initialState: () => State,
  upcast?: (event: RecordedEvent) => Event,
): Promise<LoadedStream<State>> {
  return foldStream(await readStoredEvents(store, streamId), evolve, initialState, upcast);
}

/** A stream's events (already read) folded into its state. */
export function foldStream<Event extends DomainEventShape, State>(
  events: RecordedEvent[],
  evolve: (state: State, event: Event) => State,
  initialState: () => State,
  upcast: (event: RecordedEvent) => Event = (e) => upcastRecorded(e) as Event,
): LoadedStream<State> {
  let state = initialState();
  for (const recorded of events) state = evolve(state, upcast(recorded));
  const last = events.at(-1);
  const lastHash = typeof last?.metadata.hash === 'string' ? last.metadata.hash : undefined;
  return { state, revision: last?.revision, lastHash, events };
}

/** Conflicts are retried this many times in all, with jittered backoff so racing writers spread out. */
export const MAX_ATTEMPTS = 12;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/**
 * The command path (architecture.md): the stream's state (kept or snapshotted, plus the events
 * after it: StreamStates), decide, append with the revision it was folded to. On a concurrency
 * conflict, load again (which reads what the other writer appended) and re-decide, a bounded
 * number of times, unless the client pinned the revision.
 */
export class StreamExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly newId: () => string = timeOrderedUuid,
    /** Shared with the queries and providers that read the same streams' states. */
    readonly states: StreamStates = new StreamStates(store),
  ) {}

  async execute<Command, Event extends DomainEventShape, State, Context>(
    options: ExecuteOptions<Command, Event, State, Context>,
  ): Promise<ExecuteResult<Event>> {
    return this.executeAs(options, options.metadata.keyed?.writeTo(options.streamId));
  }

  private async executeAs<Command, Event extends DomainEventShape, State, Context>(
    options: ExecuteOptions<Command, Event, State, Context>,
    write: KeyedWrite | undefined,
  ): Promise<ExecuteResult<Event>> {
    const { streamId, decider } = options;
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.states.load(streamId, decider);
      // A keyed request sent again (its first sending was cut off after the append): answer with
      // what it wrote, before any If-Match check, which its own write has made stale.
      const earlier = write && (await this.writtenBefore<Event>(streamId, write));
      if (earlier) return earlier;
      if (options.expectedRevision !== undefined && loaded.revision !== options.expectedRevision) {
        throw new StaleRevisionError(
          streamId,
          options.expectedRevision,
          loaded.revision ?? 'no_stream',
        );
      }
      const context = await options.context(loaded);
      const events = decider.decide(options.command, loaded.state, context);
      if (events.length === 0) return { events, revision: loaded.revision, position: undefined };

      const expected: ExpectedRevision = loaded.revision ?? 'no_stream';
      try {
        const result = await this.store.appendToStream(
          streamId,
          this.chain(events, loaded, options, write),
          {
            expectedRevision: expected,
          },
        );
        return { events, revision: result.nextExpectedRevision, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (options.expectedRevision !== undefined) {
          throw new StaleRevisionError(streamId, options.expectedRevision, error.actual);
        }
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyExhaustedError(streamId, attempt);
        await backoff(attempt);
      }
    }
  }

  /**
   * The same load-decide-append for many streams at once (bulk work: register imports). Each
   * stream's commands are decided in order over its folded state and its events land in one
   * append, so a stream gets all of them or none. Stores that offer `appendToStreams` write the
   * whole batch in one durable write; a stream that lost a race is re-run alone through `execute`.
   * A stream whose decision throws gets that error as its outcome; the others go ahead.
   */
  async executeMany<Command, Event extends DomainEventShape, State, Context>(
    items: readonly BatchItem<Command, Event, State, Context>[],
  ): Promise<BatchOutcome<Event>[]> {
    const outcomes: BatchOutcome<Event>[] = new Array(items.length);
    const appends: StreamAppend[] = [];
    const pending: { index: number; events: Event[] }[] = [];
    const read = await this.loadMany(items);
    const writes = items.map((item) => item.metadata.keyed?.writeTo(item.streamId));
    for (const [index, item] of items.entries()) {
      try {
        const loaded = read ? read[index] : await this.states.load(item.streamId, item.decider);
        const write = writes[index];
        const earlier = write && (await this.writtenBefore<Event>(item.streamId, write));
        if (earlier) {
          outcomes[index] = { ok: true, ...earlier };
          continue;
        }
        const context = await item.context(loaded);
        let state = loaded.state;
        const events: Event[] = [];
        for (const [i, command] of item.commands.entries()) {
          const decided = item.decider.decide(command, state, context);
          // The next command is decided on the state these events make; after the last, no
          // state is needed (a week of marks is one command: folding it again was pure cost).
          if (i < item.commands.length - 1)
            for (const e of decided) state = item.decider.evolve(state, e);
          events.push(...decided);
        }
        if (events.length === 0) {
          outcomes[index] = { ok: true, events, revision: loaded.revision, position: undefined };
          continue;
        }
        appends.push({
          streamId: item.streamId,
          events: this.chain(events, loaded, item, writes[index]),
          expectedRevision: loaded.revision ?? 'no_stream',
        });
        pending.push({ index, events });
      } catch (error) {
        outcomes[index] = { ok: false, error: error as Error };
      }
    }
    if (appends.length === 0) return outcomes;
    const written = this.store.appendToStreams
      ? await this.store.appendToStreams(appends)
      : await Promise.all(
          appends.map(async (a) => {
            try {
              const result = await this.store.appendToStream(a.streamId, a.events, a);
              return { streamId: a.streamId, ok: true as const, result };
            } catch (error) {
              return { streamId: a.streamId, ok: false as const, error: error as Error };
            }
          }),
        );
    for (const [i, outcome] of written.entries()) {
      const { index, events } = pending[i];
      if (outcome.ok) {
        outcomes[index] = {
          ok: true,
          events,
          revision: outcome.result.nextExpectedRevision,
          position: outcome.result.position,
        };
      } else if (outcome.error instanceof WrongExpectedRevisionError) {
        outcomes[index] = await this.executeAlone(items[index], writes[index]);
      } else {
        outcomes[index] = { ok: false, error: outcome.error };
      }
    }
    return outcomes;
  }

  /**
   * Every stream of a batch at once (StreamStates.loadMany: one read of the events after each kept
   * state, where the store offers it). Undefined when that fails: each stream is then loaded on
   * its own, so a stream that cannot be read fails alone, as it always has.
   */
  private async loadMany<Command, Event extends DomainEventShape, State, Context>(
    items: readonly BatchItem<Command, Event, State, Context>[],
  ): Promise<StreamState<State>[] | undefined> {
    // Items of one decider (a batch always has one today) load together; the rest one by one.
    const decider = items[0]?.decider;
    if (!decider || items.some((item) => item.decider.evolve !== decider.evolve)) return undefined;
    try {
      return await this.states.loadMany(
        items.map((item) => item.streamId),
        decider,
      );
    } catch {
      return undefined;
    }
  }

  /**
   * What a keyed write already put in the stream, as `execute` answered it then: its events (found
   * by the ids the key derives, in order), the revision after them and the position of the last.
   * Where the store finds an event by id, only the write's own events are read; otherwise the
   * stream is read whole (its earlier events may be anywhere in it).
   */
  private async writtenBefore<Event>(
    streamId: string,
    write: KeyedWrite,
  ): Promise<ExecuteResult<Event> | undefined> {
    if (!this.store.revisionOfEvent)
      return findWrite(await readStoredEvents(this.store, streamId), write);
    const at = await this.store.revisionOfEvent(streamId, write.eventId(0));
    if (at === undefined) return undefined;
    const mine: RecordedEvent[] = [];
    for await (const e of this.store.readStream(streamId, { fromRevision: at })) {
      if (e.id !== write.eventId(mine.length)) break;
      mine.push(e);
    }
    return findWrite(mine, write);
  }

  /** A batch item that lost a race: decided again on fresh state, with the usual bounded retries. */
  private async executeAlone<Command, Event extends DomainEventShape, State, Context>(
    item: BatchItem<Command, Event, State, Context>,
    write: KeyedWrite | undefined,
  ): Promise<BatchOutcome<Event>> {
    const { decider } = item;
    const many: Decider<Command[], Event, State, Context> = {
      initialState: decider.initialState,
      evolve: decider.evolve,
      decide: (commands, state, context) => {
        const events: Event[] = [];
        for (const command of commands) {
          const decided = decider.decide(command, state, context);
          for (const e of decided) state = decider.evolve(state, e);
          events.push(...decided);
        }
        return events;
      },
    };
    try {
      return {
        ok: true,
        ...(await this.executeAs({ ...item, decider: many, command: item.commands }, write)),
      };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  }

  /** Turns decided events into stored ones, each hash-chained to the one before it in the stream. */
  private chain<Event extends DomainEventShape>(
    events: Event[],
    loaded: StreamState<unknown>,
    options: {
      streamId: string;
      metadata: CommandMetadata;
      now: Date;
      extraMetadata?: Record<string, unknown>;
    },
    write: KeyedWrite | undefined,
  ): NewEvent[] {
    let previousHash = loaded.lastHash ?? GENESIS;
    let revision = loaded.revision === undefined ? 0n : loaded.revision + 1n;
    const occurredAt = options.now.toISOString();
    const { keyed: _keyed, ...who } = options.metadata;
    return events.map((event, index) => {
      const metadata = { ...options.extraMetadata, ...who, occurredAt };
      const data = event.data as Record<string, unknown>;
      const hash = eventHash(previousHash, {
        streamId: options.streamId,
        revision,
        type: event.type,
        data,
        metadata,
      });
      const stored: NewEvent = {
        id: write ? write.eventId(index) : this.newId(),
        type: event.type,
        data,
        metadata: { ...metadata, previousHash, hash },
      };
      previousHash = hash;
      revision += 1n;
      return stored;
    });
  }
}

/** A keyed write's events among these (in order, from its first), as `execute` answered it. */
function findWrite<Event>(
  events: readonly RecordedEvent[],
  write: KeyedWrite,
): ExecuteResult<Event> | undefined {
  const first = write.eventId(0);
  const at = events.findIndex((e) => e.id === first);
  if (at < 0) return undefined;
  let end = at + 1;
  while (end < events.length && events[end].id === write.eventId(end - at)) end += 1;
  const mine = events.slice(at, end);
  const last = mine[mine.length - 1];
  return {
    events: mine.map((e) => ({ type: e.type, data: e.data }) as Event),
    revision: last.revision,
    position: last.position,
  };
}
