import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Backoff, JobState } from '../scheduler.port';

export interface JobRow {
  queue: string;
  id: string;
  name: string;
  payload: string;
  run_at: number;
  state: JobState;
  /** Finished attempts (succeeded or failed), as BullMQ counts them. */
  attempts: number;
  max_attempts: number;
  backoff_type: Backoff['type'];
  backoff_ms: number;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  /** Times the job was taken back from a holder whose lease ran out (a dead or frozen process). */
  stalls: number;
  recurring_id: string | null;
  finished_at: number | null;
}

export type NewJob = Pick<
  JobRow,
  'queue' | 'id' | 'name' | 'payload' | 'run_at' | 'max_attempts' | 'backoff_type' | 'backoff_ms'
> & { recurring_id?: string };

interface RecurringRow {
  queue: string;
  id: string;
  name: string;
  payload: string;
  every_ms: number;
  next_run_at: number;
}

/** Like BullMQ's default maxStalledCount: a job that stalls twice is failed instead of crashing workers forever. */
export const MAX_STALLS = 1;
export const STALLED_REASON = 'job stalled more than allowable limit';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  queue            TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  run_at           INTEGER NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('scheduled', 'running', 'completed', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  backoff_type     TEXT    NOT NULL,
  backoff_ms       INTEGER NOT NULL,
  last_error       TEXT,
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  stalls           INTEGER NOT NULL DEFAULT 0,
  recurring_id     TEXT,
  finished_at      INTEGER,
  PRIMARY KEY (queue, id)
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (queue, state, run_at);
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (state, finished_at);
CREATE TABLE IF NOT EXISTS recurring_jobs (
  queue       TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  every_ms    INTEGER NOT NULL,
  next_run_at INTEGER NOT NULL,
  PRIMARY KEY (queue, id)
);`;

/**
 * The in-process scheduler's storage. Every state change is one statement or one IMMEDIATE
 * transaction, so several processes on the same file (the api and a worker) never both take a job:
 * SQLite lets one writer in at a time, and a claim is an UPDATE guarded by the job's state.
 */
export class SqliteJobsTable {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // An acknowledged schedule is a legal deadline: it must survive a power cut, not only a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  /** Each statement is prepared once (the scheduler polls every queue twice a second). */
  private readonly statements = new Map<string, Database.Statement>();
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }

  /** Inserts the job unless its id exists in any state; true if it was inserted. */
  insert(job: NewJob): boolean {
    return (
      this.statement(
        `INSERT OR IGNORE INTO jobs
             (queue, id, name, payload, run_at, state, max_attempts, backoff_type, backoff_ms, recurring_id)
           VALUES (@queue, @id, @name, @payload, @run_at, 'scheduled', @max_attempts, @backoff_type, @backoff_ms, @recurring_id)`,
      ).run({ recurring_id: null, ...job }).changes === 1
    );
  }

  /** Jobs of a queue waiting (due by `now`), delayed and running. */
  depth(queue: string, now: number): { waiting: number; delayed: number; running: number } {
    return this.statement(
      `SELECT coalesce(sum(state = 'scheduled' AND run_at <= @now), 0) AS waiting,
                coalesce(sum(state = 'scheduled' AND run_at > @now), 0) AS delayed,
                coalesce(sum(state = 'running'), 0) AS running
           FROM jobs WHERE queue = @queue AND state IN ('scheduled', 'running')`,
    ).get({ queue, now }) as { waiting: number; delayed: number; running: number };
  }

  get(queue: string, id: string): JobRow | undefined {
    return this.statement('SELECT * FROM jobs WHERE queue = ? AND id = ?').get(queue, id) as
      JobRow | undefined;
  }

  cancel(queue: string, id: string): boolean {
    return (
      this.statement("DELETE FROM jobs WHERE queue = ? AND id = ? AND state = 'scheduled'").run(
        queue,
        id,
      ).changes === 1
    );
  }

  /**
   * Takes up to `limit` due jobs: scheduled ones whose time has come, and running ones whose
   * holder's lease ran out (its process died). A job taken back more than MAX_STALLS times fails.
   */
  claim(queue: string, owner: string, now: number, leaseUntil: number, limit: number): JobRow[] {
    return this.db
      .transaction(() => {
        const rows = this.statement(
          `UPDATE jobs
                SET state = 'running', lease_owner = @owner, lease_expires_at = @leaseUntil,
                    stalls = stalls + (state = 'running')
              WHERE rowid IN (
                SELECT rowid FROM jobs
                 WHERE queue = @queue
                   AND ((state = 'scheduled' AND run_at <= @now)
                     OR (state = 'running' AND lease_expires_at <= @now))
                 ORDER BY run_at, rowid
                 LIMIT @limit)
              RETURNING *`,
        ).all({ queue, owner, now, leaseUntil, limit }) as JobRow[];
        const fail = this.statement(
          `UPDATE jobs SET state = 'failed', last_error = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
            WHERE queue = ? AND id = ?`,
        );
        return rows.filter((row) => {
          if (row.stalls <= MAX_STALLS) return true;
          fail.run(STALLED_REASON, now, row.queue, row.id);
          return false;
        });
      })
      .immediate();
  }

  /** Extends the lease while the handler runs; false if another process has taken the job back. */
  renewLease(queue: string, id: string, owner: string, leaseUntil: number): boolean {
    return (
      this.statement(
        `UPDATE jobs SET lease_expires_at = ?
            WHERE queue = ? AND id = ? AND state = 'running' AND lease_owner = ?`,
      ).run(leaseUntil, queue, id, owner).changes === 1
    );
  }

  /** Records the end of an attempt, only if this holder still holds the job. */
  finishAttempt(
    job: Pick<JobRow, 'queue' | 'id'>,
    owner: string,
    outcome:
      | { state: 'completed'; at: number }
      | { state: 'failed'; at: number; error: string }
      | { state: 'scheduled'; retryAt: number; error: string },
  ): boolean {
    const finishedAt = outcome.state === 'scheduled' ? null : outcome.at;
    const runAt = outcome.state === 'scheduled' ? outcome.retryAt : null;
    const error = outcome.state === 'completed' ? null : outcome.error;
    return (
      this.statement(
        `UPDATE jobs
              SET state = @state, attempts = attempts + 1, finished_at = @finishedAt,
                  run_at = COALESCE(@runAt, run_at), last_error = COALESCE(@error, last_error),
                  lease_owner = NULL, lease_expires_at = NULL
            WHERE queue = @queue AND id = @id AND state = 'running' AND lease_owner = @owner`,
      ).run({
        state: outcome.state,
        finishedAt,
        runAt,
        error,
        queue: job.queue,
        id: job.id,
        owner,
      }).changes === 1
    );
  }

  upsertRecurring(row: RecurringRow): void {
    // Keeps next_run_at on update, so re-declaring a schedule at every start-up adds no firing.
    this.statement(
      `INSERT INTO recurring_jobs (queue, id, name, payload, every_ms, next_run_at)
         VALUES (@queue, @id, @name, @payload, @every_ms, @next_run_at)
         ON CONFLICT (queue, id) DO UPDATE SET
           name = excluded.name, payload = excluded.payload, every_ms = excluded.every_ms`,
    ).run(row);
  }

  /** Removes the schedule and its firing that has not started yet. */
  removeRecurring(queue: string, id: string): boolean {
    return this.db
      .transaction(() => {
        this.statement(
          "DELETE FROM jobs WHERE queue = ? AND recurring_id = ? AND state = 'scheduled'",
        ).run(queue, id);
        return (
          this.statement('DELETE FROM recurring_jobs WHERE queue = ? AND id = ?').run(queue, id)
            .changes === 1
        );
      })
      .immediate();
  }

  /**
   * Turns due recurring schedules into jobs (id `<schedule id>-<due time in ms>`, so two processes
   * cannot fire the same slot twice). Slots missed while nothing ran are fired once, not replayed.
   */
  fireDueRecurring(
    now: number,
    defaults: Pick<NewJob, 'max_attempts' | 'backoff_type' | 'backoff_ms'>,
  ): void {
    this.db
      .transaction(() => {
        const due = this.statement('SELECT * FROM recurring_jobs WHERE next_run_at <= ?').all(
          now,
        ) as RecurringRow[];
        const advance = this.statement(
          'UPDATE recurring_jobs SET next_run_at = ? WHERE queue = ? AND id = ? AND next_run_at = ?',
        );
        for (const r of due) {
          this.insert({
            queue: r.queue,
            id: `${r.id}-${r.next_run_at}`,
            name: r.name,
            payload: r.payload,
            run_at: r.next_run_at,
            recurring_id: r.id,
            ...defaults,
          });
          const slotsBehind = Math.floor((now - r.next_run_at) / r.every_ms) + 1;
          advance.run(r.next_run_at + slotsBehind * r.every_ms, r.queue, r.id, r.next_run_at);
        }
      })
      .immediate();
  }

  /** Forgets finished jobs older than the retention, after which their ids may be scheduled again. */
  purgeFinishedBefore(before: number): void {
    this.statement(
      "DELETE FROM jobs WHERE state IN ('completed', 'failed') AND finished_at < ?",
    ).run(before);
  }

  close(): void {
    this.db.close();
  }
}
