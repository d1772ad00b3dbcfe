import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decideAppend } from '../append-rules';
import { StreamNotFoundError } from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamAppendOutcome,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import type { StreamSnapshot } from '../snapshot.port';
import { AppendSignal, feedSubscription, OpenSubscriptions } from '../subscription-feed';

export interface SqliteEventStoreOptions {
  /** Database file; default `data/events.db`. `:memory:` for a throwaway store. */
  file?: string;
  /** How often subscriptions look for appends made by other processes on the same file. */
  pollMs?: number;
  /** How long an append waits for another connection's write lock before failing (default 5 s). */
  busyTimeoutMs?: number;
  /** Durability of an acknowledged append; FULL by default (see the class comment). NORMAL exists for the benchmark's comparison. */
  synchronous?: 'FULL' | 'NORMAL';
  clock?: () => Date;
}

interface Row {
  position: number | bigint;
  id: string;
  stream_id: string;
  revision: number | bigint;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
-- Snapshots (snapshot.port.ts): a cache beside the log, never part of it, so neither the feed,
-- the hash chains nor the transparency log see them. One row per stream, replaced in place.
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id  TEXT    PRIMARY KEY,
  revision   INTEGER NOT NULL,
  version    TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  written_at TEXT    NOT NULL
);`;

/**
 * The embedded default. One table is the global log; `position` (AUTOINCREMENT, never reused) is
 * the global order. SQLite allows one writer at a time, and every append runs in a
 * `BEGIN IMMEDIATE` transaction, so positions become visible in the order they were assigned:
 * a subscriber reading "after the last position I delivered" can never skip a late commit.
 *
 * Durability: WAL with `synchronous = FULL`. With NORMAL, WAL survives a process crash but an
 * operating-system crash or power cut can lose the last transactions that were acknowledged;
 * an acknowledged append here is a legal record (a penalty notice, a payment), so we pay the
 * extra fsync per commit. `npm run bench:store` measures what that costs.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new OpenSubscriptions();
  private readonly pollMs: number;
  private readonly busyTimeoutMs: number;
  private readonly clock: () => Date;
  private readonly statements;
  private readonly appendTx;
  private readonly appendManyTx;
  private readonly appendManyUnguardedTx;

  constructor(options: SqliteEventStoreOptions = {}) {
    const file = options.file ?? path.join('data', 'events.db');
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.pollMs = options.pollMs ?? 200;
    this.clock = options.clock ?? (() => new Date());
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA);
    this.statements = {
      head: this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      ownerOfId: this.db.prepare('SELECT stream_id, revision FROM events WHERE id = ?'),
      idsFrom: this.db.prepare(
        'SELECT id FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      positionOf: this.db.prepare(
        'SELECT position FROM events WHERE stream_id = ? AND revision = ?',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      streamForwards: this.db.prepare(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      streamBackwards: this.db.prepare(
        'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      // Many streams in one query (json_each of a JSON array of ids), in index order.
      streams: this.db.prepare(
        'SELECT * FROM events WHERE stream_id IN (SELECT value FROM json_each(?)) ORDER BY stream_id, revision',
      ),
      // The same, each stream from its own revision (json_each of [[id, revision], …]).
      streamsFrom: this.db.prepare(
        `SELECT e.* FROM json_each(?) j JOIN events e
           ON e.stream_id = j.value ->> 0 AND e.revision >= j.value ->> 1
         ORDER BY e.stream_id, e.revision`,
      ),
      revisionOfId: this.db.prepare('SELECT revision FROM events WHERE id = ? AND stream_id = ?'),
      allForwards: this.db.prepare(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      snapshot: this.db.prepare(
        'SELECT revision, version, data FROM snapshots WHERE stream_id = ?',
      ),
      // The rule of replacesSnapshot (snapshot.port.ts), in SQL: one statement, no read-then-write race.
      writeSnapshot: this.db.prepare(
        `INSERT INTO snapshots (stream_id, revision, version, data, written_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, version = excluded.version,
           data = excluded.data, written_at = excluded.written_at
         WHERE excluded.version <> snapshots.version OR excluded.revision >= snapshots.revision`,
      ),
      allBackwards: this.db.prepare(
        'SELECT * FROM events WHERE position < ? ORDER BY position DESC LIMIT ?',
      ),
    };
    this.appendTx = this.db.transaction(
      (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult => {
        const plan = this.planAppend(streamId, events, expected);
        return 'result' in plan
          ? plan.result
          : this.insertAll(streamId, events, plan.firstRevision);
      },
    );
    // One outer transaction (one fsync) for many streams; each stream's append runs in its own
    // savepoint (better-sqlite3 nests transactions that way), so a refused stream rolls back alone.
    this.appendManyTx = this.db.transaction((appends: readonly StreamAppend[]) =>
      appends.map((a): StreamAppendOutcome => {
        try {
          const result = this.appendTx(a.streamId, a.events, a.expectedRevision);
          return { streamId: a.streamId, ok: true, result };
        } catch (error) {
          if (isSqliteBusy(error)) throw error;
          return { streamId: a.streamId, ok: false, error: error as Error };
        }
      }),
    );
    // The same without a savepoint per stream (two statements each, a fifth of a week's import):
    // every check of a stream is made before the first of its events is inserted, so a stream
    // refused by them writes nothing. An insert that fails all the same (an event that cannot be
    // stored) would leave the stream half written: the whole transaction is rolled back then and
    // the batch written again with savepoints (appendManyTx), which refuses that stream alone.
    this.appendManyUnguardedTx = this.db.transaction((appends: readonly StreamAppend[]) =>
      appends.map((a): StreamAppendOutcome => {
        let plan: ReturnType<SqliteEventStore['planAppend']>;
        try {
          plan = this.planAppend(a.streamId, a.events, a.expectedRevision);
        } catch (error) {
          if (isSqliteBusy(error)) throw error;
          return { streamId: a.streamId, ok: false, error: error as Error };
        }
        if ('result' in plan) return { streamId: a.streamId, ok: true, result: plan.result };
        try {
          return {
            streamId: a.streamId,
            ok: true,
            result: this.insertAll(a.streamId, a.events, plan.firstRevision),
          };
        } catch (error) {
          throw isSqliteBusy(error) ? error : new HalfWritten(error);
        }
      }),
    );
  }

  /**
   * Every check of an append, before anything is written: the expected revision, idempotence by
   * event id, ids used in other streams. Throws the refusal; returns where to write, or the result
   * of the same append already written (a retry).
   */
  private planAppend(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): { firstRevision: bigint } | { result: AppendResult } {
    const head = (this.statements.head.get(streamId) as { revision: bigint | null }).revision;
    const current = head === null ? undefined : head;
    // Each id looked up once, answering both "is it in this stream" and "is it used at all".
    const owners = new Map<string, { stream_id: string; revision: bigint } | undefined>();
    const ownerOf = (id: string) => {
      if (!owners.has(id))
        owners.set(
          id,
          this.statements.ownerOfId.get(id) as { stream_id: string; revision: bigint } | undefined,
        );
      return owners.get(id);
    };
    const decision = decideAppend(
      streamId,
      events,
      expected,
      current,
      (from, count) =>
        (this.statements.idsFrom.all(streamId, from, count) as { id: string }[]).map((r) => r.id),
      (id) => {
        const owner = ownerOf(id);
        return owner?.stream_id === streamId ? owner.revision : undefined;
      },
    );
    if (decision.kind === 'already-written') {
      const { position } = this.statements.positionOf.get(streamId, decision.lastRevision) as {
        position: bigint;
      };
      return { result: { nextExpectedRevision: decision.lastRevision, position } };
    }
    if (events.some((e) => ownerOf(e.id) !== undefined))
      throw new Error('An event id is already used in another stream.');
    return { firstRevision: decision.firstRevision };
  }

  private insertAll(
    streamId: string,
    events: readonly NewEvent[],
    firstRevision: bigint,
  ): AppendResult {
    const recordedAt = this.clock().toISOString();
    let position = 0n;
    events.forEach((e, i) => {
      const info = this.statements.insert.run(
        e.id,
        streamId,
        firstRevision + BigInt(i),
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    });
    return { nextExpectedRevision: firstRevision + BigInt(events.length) - 1n, position };
  }

  /** Many streams in one transaction: without savepoints, or with them when an insert failed. */
  private appendMany(appends: readonly StreamAppend[]): StreamAppendOutcome[] {
    try {
      return this.appendManyUnguardedTx.immediate(appends);
    } catch (error) {
      if (!(error instanceof HalfWritten)) throw error;
      return this.appendManyTx.immediate(appends);
    }
  }

  /**
   * Group commit: appends asked for while the event loop was busy (requests being served at once)
   * are written together when it turns, in one transaction and so one fsync, each in its own
   * savepoint exactly as `appendToStreams` does: each is checked against its expected revision on
   * its own, one refused leaves the others written, and each caller is answered only once the
   * transaction holding its events is durable. An append asked for alone is written alone.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queued.push({
        append: { streamId, events, expectedRevision: options.expectedRevision },
        resolve,
        reject,
      });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private queued: {
    append: StreamAppend;
    resolve: (result: AppendResult) => void;
    reject: (error: unknown) => void;
  }[] = [];

  private commitQueued(): void {
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return; // written already, by close()
    if (batch.length === 1) {
      const [{ append, resolve, reject }] = batch;
      try {
        resolve(this.appendTx.immediate(append.streamId, append.events, append.expectedRevision));
      } catch (error) {
        // SQLite rolled the transaction back, so nothing was written: say so in words a caller can act on.
        reject(
          isSqliteBusy(error)
            ? new SqliteStoreBusyError(append.streamId, this.busyTimeoutMs, error)
            : error,
        );
        return;
      }
      this.appended();
      return;
    }
    let outcomes: StreamAppendOutcome[];
    try {
      outcomes = this.appendMany(batch.map((b) => b.append));
    } catch (error) {
      for (const { append, reject } of batch)
        reject(
          isSqliteBusy(error)
            ? new SqliteStoreBusyError(append.streamId, this.busyTimeoutMs, error)
            : error,
        );
      return;
    }
    if (outcomes.some((o) => o.ok)) this.appended();
    outcomes.forEach((outcome, i) =>
      outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error),
    );
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]> {
    let outcomes: StreamAppendOutcome[];
    try {
      outcomes = this.appendMany(appends);
    } catch (error) {
      if (isSqliteBusy(error))
        throw new SqliteStoreBusyError(appends[0]?.streamId ?? '(none)', this.busyTimeoutMs, error);
      throw error;
    }
    if (outcomes.some((o) => o.ok)) this.appended();
    return outcomes;
  }

  private appended(): void {
    this.signal.notify();
    for (const listener of this.appendListeners) listener();
  }

  /**
   * Calls `listener` after each append through this store (until the returned function is called),
   * so another thread's store on the same file can be told (`appendedElsewhere`) at once.
   */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /**
   * Another connection to the same file appended: subscriptions read on now instead of at their
   * next poll (they would see the events then anyway).
   */
  appendedElsewhere(): void {
    this.signal.notify();
  }

  async readSnapshot(streamId: string): Promise<StreamSnapshot | undefined> {
    const row = this.statements.snapshot.get(streamId) as
      { revision: bigint; version: string; data: string } | undefined;
    return (
      row && {
        streamId,
        revision: BigInt(row.revision),
        version: row.version,
        data: JSON.parse(row.data) as unknown,
      }
    );
  }

  async writeSnapshot(snapshot: StreamSnapshot): Promise<void> {
    this.statements.writeSnapshot.run(
      snapshot.streamId,
      snapshot.revision,
      snapshot.version,
      JSON.stringify(snapshot.data),
      this.clock().toISOString(),
    );
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const pageSize = 1000;
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    let first = true;
    while (remaining > 0) {
      const limit = Math.min(pageSize, remaining);
      const rows = (
        backwards ? this.statements.streamBackwards : this.statements.streamForwards
      ).all(streamId, from, limit) as Row[];
      if (
        first &&
        rows.length === 0 &&
        (this.statements.head.get(streamId) as { revision: bigint | null }).revision === null
      ) {
        throw new StreamNotFoundError(streamId);
      }
      first = false;
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      from = BigInt(rows[rows.length - 1].revision) + (backwards ? -1n : 1n);
    }
  }

  async readStreams(
    streamIds: readonly string[],
    fromRevisions?: readonly bigint[],
  ): Promise<RecordedEvent[][]> {
    const rowsOf = new Map<string, Row[]>();
    const rows = fromRevisions
      ? this.statements.streamsFrom.all(
          JSON.stringify(streamIds.map((id, i) => [id, Number(fromRevisions[i] ?? 0n)])),
        )
      : this.statements.streams.all(JSON.stringify(streamIds));
    for (const row of rows as Row[]) {
      const rows = rowsOf.get(row.stream_id);
      if (rows) rows.push(row);
      else rowsOf.set(row.stream_id, [row]);
    }
    return streamIds.map((id) => (rowsOf.get(id) ?? []).map(toRecorded));
  }

  async revisionOfEvent(streamId: string, eventId: string): Promise<bigint | undefined> {
    const row = this.statements.revisionOfId.get(eventId, streamId) as
      { revision: bigint } | undefined;
    return row && BigInt(row.revision);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let after = options.after ?? (backwards ? BigInt('9223372036854775807') : 0n);
    while (remaining > 0) {
      const limit = Math.min(1000, remaining);
      const rows = (backwards ? this.statements.allBackwards : this.statements.allForwards).all(
        after,
        limit,
      ) as Row[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = BigInt(rows[rows.length - 1].position);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription = feedSubscription(
      {
        readPage: (after, limit) =>
          (this.statements.allForwards.all(after ?? 0n, limit) as Row[]).map(toRecorded),
        waitForAppend: (pollMs, signal) => this.signal.wait(pollMs, signal),
      },
      { ...options, pollMs: this.pollMs },
    );
    return this.subscriptions.track(subscription);
  }

  /** Ends every open subscription (their for-await loops finish), then releases the store. */
  async close(): Promise<void> {
    // Appends already asked for are written (and answered) before the file is let go.
    if (this.queued.length && this.db.open) this.commitQueued();
    await this.subscriptions.closeAll();
    this.signal.notify();
    if (this.db.open) this.db.close();
  }
}

/** An insert failed after a stream's checks passed: the transaction is rolled back (appendMany). */
class HalfWritten extends Error {
  constructor(override readonly cause: unknown) {
    super('An append failed half way through its events.');
  }
}

/**
 * Another connection (usually another process on the same file) held the write lock for longer
 * than the busy timeout. The append was rolled back whole; retrying later is safe.
 */
export class SqliteStoreBusyError extends Error {
  constructor(
    readonly streamId: string,
    readonly busyTimeoutMs: number,
    cause: unknown,
  ) {
    super(
      `Stream ${streamId}: the event store file stayed locked by another writer for over ${busyTimeoutMs} ms; nothing was appended, try again.`,
      { cause },
    );
    this.name = 'SqliteStoreBusyError';
  }
}

// By code, not `instanceof Database.SqliteError`: the native addon keeps one error class per
// process, so where better-sqlite3 is loaded more than once (jest gives each test file its own
// module registry) the error may come from another copy of the class.
export const isSqliteBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

function toRecorded(row: Row): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
  };
}
