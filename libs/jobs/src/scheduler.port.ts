/**
 * The Scheduler port: timed work (deadlines, reviews, imports) as jobs with deterministic ids.
 * Two adapters implement it and pass one contract suite (testing/scheduler.contract.ts):
 * BullMQ on Redis for production, and an in-process scheduler persisted in SQLite for the
 * embedded default.
 *
 * Delivery is at least once: a job whose process dies mid-run is run again, so a handler's
 * effect must be idempotent by job id (the architecture makes commands idempotent for this).
 */

export type JobState = 'scheduled' | 'running' | 'completed' | 'failed';

/** Wait before the next attempt: `fixed` waits delayMs; `exponential` waits delayMs x 2^(attempt-1). */
export interface Backoff {
  type: 'fixed' | 'exponential';
  delayMs: number;
}

export interface ScheduleRequest<P = unknown> {
  queue: string;
  /** What the job does (e.g. `notice-to-improve-period-ended`); handlers may switch on it. */
  name: string;
  /** Deterministic id, unique within the queue: no ':' and not a bare integer (see job-id.ts). */
  id: string;
  payload: P;
  /** When to run; omitted or in the past means as soon as a worker is free. */
  runAt?: Date;
  /** Total attempts including the first (default DEFAULT_ATTEMPTS). */
  attempts?: number;
  backoff?: Backoff;
}

export interface ScheduleResult {
  id: string;
  /** False when a job with this id already existed (pending, running or finished and retained). */
  created: boolean;
}

interface RecurringBase<P> {
  queue: string;
  name: string;
  /** Id of the recurring schedule itself; each firing gets its own job id. */
  id: string;
  payload: P;
}

/** Cron patterns are for the BullMQ adapter only; the in-process adapter supports everyMs. */
export type RecurringRequest<P = unknown> = RecurringBase<P> &
  ({ pattern: string; everyMs?: undefined } | { everyMs: number; pattern?: undefined });

export interface JobContext<P = unknown> {
  id: string;
  name: string;
  payload: P;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

export type JobHandler<P = unknown> = (job: JobContext<P>) => Promise<void>;

export interface HandlerOptions {
  /** Jobs of this queue run at the same time by this process (default 1). */
  concurrency?: number;
}

export interface JobSnapshot {
  queue: string;
  id: string;
  name: string;
  payload: unknown;
  state: JobState;
  /** Attempts that have finished (succeeded or failed); a run cut short by a crash does not count. */
  attemptsMade: number;
  maxAttempts: number;
  /** The message of the last failure, if any. */
  failureReason?: string;
}

export interface CloseOptions {
  /** How long to wait for running handlers before letting go of them (default DEFAULT_CLOSE_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface QueueDepth {
  waiting: number;
  delayed: number;
  running: number;
}

export interface Scheduler {
  schedule<P>(request: ScheduleRequest<P>): Promise<ScheduleResult>;
  /** Removes a job that has not started yet; true if one was removed. Running and finished jobs stay. */
  cancel(queue: string, id: string): Promise<boolean>;
  /** Creates or updates a recurring schedule; updating keeps its next firing time where it can. */
  upsertRecurring<P>(request: RecurringRequest<P>): Promise<void>;
  /** Stops a recurring schedule and removes its firing that has not started yet. */
  removeRecurring(queue: string, id: string): Promise<boolean>;
  /** One handler per queue; it receives every job of that queue (switch on `name`). */
  registerHandler<P = unknown>(
    queue: string,
    handler: JobHandler<P>,
    options?: HandlerOptions,
  ): void;
  getJob(queue: string, id: string): Promise<JobSnapshot | undefined>;
  /** How many jobs of a queue wait (due now), are delayed (due later) and are running: its depth. */
  depth(queue: string): Promise<QueueDepth>;
  /** Starts taking jobs for the registered handlers. Scheduling works without it. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for running handlers (up to a timeout) and closes every connection. */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Deadlines are legal dates; a transient failure (store briefly down) should not lose one, so a
 * job gets several tries spread over about a minute before it is marked failed.
 */
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF: Backoff = { type: 'exponential', delayMs: 2_000 };
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
/** Finished jobs are kept this long so their ids keep blocking duplicates (process managers may replay events). */
export const DEFAULT_KEEP_FINISHED_MS = 90 * 24 * 60 * 60 * 1000;
