import { randomUUID } from 'node:crypto';
import { assertValidJobId, backoffDelayMs } from '../job-id';
import { defaultJobsLogger, type JobsLogger } from '../logger';
import { RuleFailure } from '../rule-failure';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_KEEP_FINISHED_MS,
  type CloseOptions,
  type HandlerOptions,
  type JobHandler,
  type JobSnapshot,
  type RecurringRequest,
  type ScheduleRequest,
  type ScheduleResult,
  type Scheduler,
  type QueueDepth,
} from '../scheduler.port';
import { type JobRow, SqliteJobsTable } from './sqlite-jobs-table';

export interface SqliteSchedulerOptions {
  /** Database file; default `data/jobs.db`. */
  file?: string;
  /** How often due jobs are looked for (default 500 ms): the lateness a deadline may have. */
  pollMs?: number;
  /** How long a taken job stays with its process without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** The scheduler's time; tests pass a fake one. Timers (poll, heartbeat) stay real. */
  clock?: () => Date;
  closeTimeoutMs?: number;
  /** How long finished jobs are kept, so their ids keep blocking duplicates. */
  keepFinishedMs?: number;
  logger?: JobsLogger;
}

interface Registration {
  handler: JobHandler;
  concurrency: number;
  running: Set<Promise<void>>;
}

/**
 * The embedded default's scheduler: jobs live in a SQLite table, so a restart loses no deadline;
 * a timer polls for due jobs and takes them with a lease, so a job whose process died is taken
 * again once the lease runs out. Recurring work supports `everyMs` only (no cron parser here:
 * nothing in the embedded default needs calendar patterns yet).
 */
export class SqliteScheduler implements Scheduler {
  private readonly table: SqliteJobsTable;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly clock: () => Date;
  private readonly closeTimeoutMs: number;
  private readonly keepFinishedMs: number;
  private readonly logger: JobsLogger;
  private readonly registrations = new Map<string, Registration>();
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  private started = false;
  private stopping = false;
  private storeClosed = false;
  private pollTimer?: NodeJS.Timeout;
  private closing?: Promise<void>;

  constructor(options: SqliteSchedulerOptions = {}) {
    this.table = new SqliteJobsTable(options.file ?? 'data/jobs.db');
    this.pollMs = options.pollMs ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.clock = options.clock ?? (() => new Date());
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.logger = options.logger ?? defaultJobsLogger();
  }

  async schedule<P>(request: ScheduleRequest<P>): Promise<ScheduleResult> {
    assertValidJobId(request.id);
    const backoff = request.backoff ?? DEFAULT_BACKOFF;
    const created = this.table.insert({
      queue: request.queue,
      id: request.id,
      name: request.name,
      payload: JSON.stringify(request.payload),
      run_at: (request.runAt ?? this.clock()).getTime(),
      max_attempts: request.attempts ?? DEFAULT_ATTEMPTS,
      backoff_type: backoff.type,
      backoff_ms: backoff.delayMs,
    });
    return { id: request.id, created };
  }

  async cancel(queue: string, id: string): Promise<boolean> {
    return this.table.cancel(queue, id);
  }

  async upsertRecurring<P>(request: RecurringRequest<P>): Promise<void> {
    assertValidJobId(request.id);
    if (request.everyMs === undefined) {
      throw new Error(
        `Recurring job ${request.id}: the in-process scheduler supports everyMs, not cron patterns (use BullMQ for ${JSON.stringify(request.pattern)})`,
      );
    }
    if (!(request.everyMs > 0)) {
      throw new Error(
        `Recurring job ${request.id}: everyMs must be a positive number of milliseconds`,
      );
    }
    this.table.upsertRecurring({
      queue: request.queue,
      id: request.id,
      name: request.name,
      payload: JSON.stringify(request.payload),
      every_ms: request.everyMs,
      // Like a BullMQ `every` scheduler: the first firing is now.
      next_run_at: this.clock().getTime(),
    });
  }

  async removeRecurring(queue: string, id: string): Promise<boolean> {
    return this.table.removeRecurring(queue, id);
  }

  registerHandler<P = unknown>(
    queue: string,
    handler: JobHandler<P>,
    options: HandlerOptions = {},
  ): void {
    if (this.registrations.has(queue))
      throw new Error(`A handler for queue ${queue} is already registered`);
    this.registrations.set(queue, {
      handler: handler as JobHandler,
      concurrency: options.concurrency ?? 1,
      running: new Set(),
    });
  }

  async depth(queue: string): Promise<QueueDepth> {
    return this.table.depth(queue, this.clock().getTime());
  }

  async getJob(queue: string, id: string): Promise<JobSnapshot | undefined> {
    const row = this.table.get(queue, id);
    if (!row) return undefined;
    return {
      queue: row.queue,
      id: row.id,
      name: row.name,
      payload: JSON.parse(row.payload) as unknown,
      state: row.state,
      attemptsMade: row.attempts,
      maxAttempts: row.max_attempts,
      ...(row.last_error === null ? {} : { failureReason: row.last_error }),
    };
  }

  async start(): Promise<void> {
    if (this.started || this.stopping) return;
    this.started = true;
    this.poll();
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.timeoutMs ?? this.closeTimeoutMs);
    return this.closing;
  }

  private poll = (): void => {
    this.pollTimer = undefined;
    try {
      this.takeDueJobs();
    } catch (error) {
      this.logger.error({ err: error }, 'polling for due jobs failed; trying again');
    }
    if (!this.stopping) this.pollTimer = setTimeout(this.poll, this.pollMs);
  };

  private takeDueJobs(): void {
    const now = this.clock().getTime();
    this.table.fireDueRecurring(now, {
      max_attempts: DEFAULT_ATTEMPTS,
      backoff_type: DEFAULT_BACKOFF.type,
      backoff_ms: DEFAULT_BACKOFF.delayMs,
    });
    this.table.purgeFinishedBefore(now - this.keepFinishedMs);
    for (const [queue, registration] of this.registrations) {
      const free = registration.concurrency - registration.running.size;
      if (free <= 0) continue;
      const owner = randomUUID();
      for (const job of this.table.claim(queue, owner, now, now + this.leaseMs, free)) {
        const run: Promise<void> = this.run(registration, job, owner).finally(() =>
          registration.running.delete(run),
        );
        registration.running.add(run);
      }
    }
  }

  private async run(registration: Registration, job: JobRow, owner: string): Promise<void> {
    const heartbeat = setInterval(() => this.renewLease(job, owner), this.leaseMs / 3);
    this.heartbeats.add(heartbeat);
    let outcome: Parameters<SqliteJobsTable['finishAttempt']>[2];
    try {
      await registration.handler({
        id: job.id,
        name: job.name,
        payload: JSON.parse(job.payload) as unknown,
        attempt: job.attempts + 1,
      });
      outcome = { state: 'completed', at: this.clock().getTime() };
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown.message : String(thrown);
      const attemptsMade = job.attempts + 1;
      const now = this.clock().getTime();
      outcome =
        thrown instanceof RuleFailure || attemptsMade >= job.max_attempts
          ? { state: 'failed', at: now, error }
          : {
              state: 'scheduled',
              error,
              retryAt:
                now +
                backoffDelayMs({ type: job.backoff_type, delayMs: job.backoff_ms }, attemptsMade),
            };
    } finally {
      clearInterval(heartbeat);
      this.heartbeats.delete(heartbeat);
    }
    // After a close that gave up waiting, the lease runs out and another process takes the job.
    if (this.storeClosed) return;
    try {
      this.table.finishAttempt(job, owner, outcome);
    } catch (error) {
      this.logger.error(
        { err: error, queue: job.queue, jobId: job.id },
        'recording a job outcome failed',
      );
    }
  }

  private renewLease(job: JobRow, owner: string): void {
    try {
      this.table.renewLease(job.queue, job.id, owner, this.clock().getTime() + this.leaseMs);
    } catch (error) {
      this.logger.error(
        { err: error, queue: job.queue, jobId: job.id },
        'renewing a job lease failed',
      );
    }
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    const running = [...this.registrations.values()].flatMap((r) => [...r.running]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled(running), timedOut]);
    clearTimeout(timer);
    for (const heartbeat of this.heartbeats) clearInterval(heartbeat);
    this.storeClosed = true;
    this.table.close();
  }
}
