import { UPCASTERS_VERSION } from '@app/domain';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@app/event-store';
import { LeastRecentlyUsed } from './least-recently-used';
import { upcastRecorded } from './upcast-recorded';

/** How a stream's events fold into its state (a decider's `initialState`/`evolve`, and its version). */
export interface Fold<Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** Where given, the state is also kept in stored snapshots marked with it (Decider.stateVersion). */
  stateVersion?: string;
  /**
   * What `evolve` takes of a stored event: by default the event upcast to its current version; a
   * fold that needs the event's metadata too (who recorded it) says so here.
   */
  from?: (recorded: RecordedEvent) => Event;
}

/** A stream's state as of its latest event. */
export interface StreamState<State> {
  state: State;
  /** Revision of the last event, or undefined when the stream does not exist yet. */
  revision: bigint | undefined;
  /** The last event's link in the stream's hash chain (`metadata.hash`): the next append continues it. */
  lastHash: string | undefined;
}

export interface StreamStatesOptions {
  /** How many streams' states are kept in memory; the least recently used go first. */
  maxStreams?: number;
  /** A snapshot is stored when a load has folded at least this many events past the last one. */
  snapshotEvery?: number;
}

export const DEFAULT_CACHED_STREAMS = 1000;
export const DEFAULT_SNAPSHOT_EVERY = 50;

interface Entry extends StreamState<unknown> {
  evolve: unknown;
  /** Revision of the stored snapshot this state is known to have (or to have been asked for). */
  snapshotRevision: bigint | undefined;
}

/** What a stored snapshot holds. */
interface SnapshotData {
  state: unknown;
  lastHash: string | null;
}

/**
 * Streams' states at a cost that does not grow with their history (architecture.md, "Cost that
 * does not grow with history"): each load starts from the state kept in memory for the stream or,
 * failing that, from its stored snapshot, and folds only the events after it, read from the store.
 * Nothing kept is trusted to be current: every load reads the stream from the revision after it,
 * so an append by another process (or another replica) is always folded in, and a command decided
 * on a stale state is still refused by the append's expected revision as before.
 *
 * States are shared between callers and never changed in place (evolve returns new states, as the
 * domain's deciders do). Snapshots are caches as well: one that cannot be read or written costs
 * only speed, and one folded by another version of `evolve` or of the upcasters is ignored.
 */
export class StreamStates {
  private readonly entries: LeastRecentlyUsed<string, Entry>;
  private readonly snapshotEvery: bigint;

  constructor(
    private readonly store: EventStore,
    options: StreamStatesOptions = {},
  ) {
    this.entries = new LeastRecentlyUsed(options.maxStreams ?? DEFAULT_CACHED_STREAMS);
    this.snapshotEvery = BigInt(options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY);
  }

  async load<Event, State>(
    streamId: string,
    fold: Fold<Event, State>,
  ): Promise<StreamState<State>> {
    const start = await this.start(streamId, fold);
    const after: RecordedEvent[] = [];
    try {
      for await (const e of this.store.readStream(streamId, { fromRevision: nextOf(start) }))
        after.push(e);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return this.fold(streamId, fold, start, after);
  }

  /**
   * Many streams' states at once (bulk work: register imports), each as `load` would give it:
   * where the store can read many streams together, the events after each kept or snapshotted
   * state come back in one read.
   */
  async loadMany<Event, State>(
    streamIds: readonly string[],
    fold: Fold<Event, State>,
  ): Promise<StreamState<State>[]> {
    if (!this.store.readStreams) return Promise.all(streamIds.map((id) => this.load(id, fold)));
    const starts = await Promise.all(streamIds.map((id) => this.start(id, fold)));
    const read = await this.store.readStreams(streamIds, starts.map(nextOf));
    return streamIds.map((id, i) => this.fold(id, fold, starts[i], read[i]));
  }

  /** Where a load starts: the state kept in memory, or failing that the stored snapshot. */
  private async start<Event, State>(
    streamId: string,
    fold: Fold<Event, State>,
  ): Promise<Entry | undefined> {
    const kept = this.entries.get(streamId);
    return kept && kept.evolve === fold.evolve ? kept : this.fromSnapshot(streamId, fold);
  }

  /** The start folded with the events after it; kept (and snapshotted when due) if the stream exists. */
  private fold<Event, State>(
    streamId: string,
    fold: Fold<Event, State>,
    start: Entry | undefined,
    after: readonly RecordedEvent[],
  ): StreamState<State> {
    let state = (start ? start.state : fold.initialState()) as State;
    let revision = start?.revision;
    let lastHash = start?.lastHash;
    const from = fold.from ?? ((e: RecordedEvent) => upcastRecorded(e) as Event);
    for (const e of after) {
      state = fold.evolve(state, from(e));
      revision = e.revision;
      lastHash = typeof e.metadata.hash === 'string' ? e.metadata.hash : undefined;
    }
    if (revision === undefined) return { state, revision, lastHash };

    const entry: Entry = {
      evolve: fold.evolve,
      state,
      revision,
      lastHash,
      snapshotRevision: start?.snapshotRevision,
    };
    this.remember(streamId, entry);
    if (fold.stateVersion && revision - (entry.snapshotRevision ?? -1n) >= this.snapshotEvery)
      this.snapshot(streamId, fold.stateVersion, entry);
    return { state, revision, lastHash };
  }

  /** Keeps the entry unless one of a later revision (of the same fold) is already kept. */
  private remember(streamId: string, entry: Entry): void {
    const kept = this.entries.peek(streamId);
    if (kept && kept.evolve === entry.evolve && kept.revision! > entry.revision!) return;
    this.entries.set(streamId, entry);
  }

  private async fromSnapshot<Event, State>(
    streamId: string,
    fold: Fold<Event, State>,
  ): Promise<Entry | undefined> {
    if (!fold.stateVersion || !this.store.readSnapshot) return undefined;
    const snapshot = await this.store.readSnapshot(streamId).catch(() => undefined);
    if (!snapshot || snapshot.version !== snapshotVersion(fold.stateVersion)) return undefined;
    const data = snapshot.data as SnapshotData;
    return {
      evolve: fold.evolve,
      state: data.state,
      revision: snapshot.revision,
      lastHash: data.lastHash ?? undefined,
      snapshotRevision: snapshot.revision,
    };
  }

  /** Stored in the background: a snapshot that fails to be written is only a later one's work. */
  private snapshot(streamId: string, stateVersion: string, entry: Entry): void {
    if (!this.store.writeSnapshot) return;
    entry.snapshotRevision = entry.revision;
    const data: SnapshotData = { state: entry.state, lastHash: entry.lastHash ?? null };
    this.store
      .writeSnapshot({
        streamId,
        revision: entry.revision!,
        version: snapshotVersion(stateVersion),
        data,
      })
      .catch(() => undefined);
  }
}

/** The first revision a load reads after its start. */
const nextOf = (start: StreamState<unknown> | undefined): bigint =>
  start?.revision === undefined ? 0n : start.revision + 1n;

/** A snapshot is valid for one version of the fold and one of the upcasters. */
const snapshotVersion = (stateVersion: string) => `${stateVersion}+upcasters/${UPCASTERS_VERSION}`;
