import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { assertValidJobId } from '../job-id';
import { defaultJobsLogger, type JobsLogger } from '../logger';
import { RuleFailure } from '../rule-failure';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_KEEP_FINISHED_MS,
  type Backoff,
  type CloseOptions,
  type HandlerOptions,
  type JobHandler,
  type JobSnapshot,
  type JobState,
  type RecurringRequest,
  type ScheduleRequest,
  type ScheduleResult,
  type Scheduler,
  type QueueDepth,
} from '../scheduler.port';

export interface BullmqSchedulerOptions {
  /** Default redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Prefix of every Redis key (BullMQ's `prefix`); default `jobs`. */
  prefix?: string;
  /** How long finished jobs are kept, so their ids keep blocking duplicates. */
  keepFinishedMs?: number;
  closeTimeoutMs?: number;
  /** Stalled-job detection (BullMQ's lockDuration / stalledInterval); BullMQ's 30 s defaults unless set. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Time zone of cron patterns: school days and deadlines are English dates. */
  cronTimeZone?: string;
  logger?: JobsLogger;
}

/** The payload travels wrapped, with a token that tells this call's add from an earlier one. */
interface JobData {
  payload: unknown;
  token?: string;
}

const STATES: Partial<Record<string, JobState>> = {
  waiting: 'scheduled',
  delayed: 'scheduled',
  prioritized: 'scheduled',
  'waiting-children': 'scheduled',
  active: 'running',
  completed: 'completed',
  failed: 'failed',
};
const PENDING = new Set(['waiting', 'delayed', 'prioritized']);
/** Recurring firings are many and their ids are BullMQ's own; a short history is enough. */
const KEEP_RECURRING_FIRINGS = 100;

/**
 * The production scheduler: one BullMQ Queue (producer) and, for each registered handler, one
 * Worker per queue. Deadlines are delayed jobs with deterministic ids; recurring work uses Job
 * Schedulers; a RuleFailure becomes UnrecoverableError so BullMQ does not retry it. A worker whose
 * process dies leaves its job "stalled"; another worker takes it back after the lock expires.
 */
export class BullmqScheduler implements Scheduler {
  private readonly url: string;
  private readonly prefix: string;
  private readonly keepFinishedSeconds: number;
  private readonly closeTimeoutMs: number;
  private readonly logger: JobsLogger;
  /** Producers fail a request after ioredis's bounded retries instead of waiting forever. */
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue<JobData, void, string>>();
  private readonly workers = new Map<
    string,
    { worker: Worker<JobData, void, string>; connection: Redis }
  >();
  private started = false;
  private closing?: Promise<void>;

  constructor(private readonly options: BullmqSchedulerOptions = {}) {
    this.url = options.redisUrl ?? 'redis://127.0.0.1:6379';
    this.prefix = options.prefix ?? 'jobs';
    this.keepFinishedSeconds = Math.ceil(
      (options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS) / 1000,
    );
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    this.logger = options.logger ?? defaultJobsLogger();
    this.producer = this.connect({});
  }

  async schedule<P>(request: ScheduleRequest<P>): Promise<ScheduleResult> {
    assertValidJobId(request.id);
    const queue = this.queue(request.queue);
    const token = randomUUID();
    const delay = request.runAt ? Math.max(0, request.runAt.getTime() - Date.now()) : 0;
    // BullMQ ignores an add whose jobId exists, in any state, for as long as the job is kept.
    await queue.add(
      request.name,
      { payload: request.payload, token },
      {
        jobId: request.id,
        delay,
        attempts: request.attempts ?? DEFAULT_ATTEMPTS,
        backoff: this.backoff(request.backoff ?? DEFAULT_BACKOFF),
        ...this.retention(),
      },
    );
    const stored = await queue.getJob(request.id);
    // Gone already means a cancel raced this add; which one it removed cannot be told, say ours.
    return { id: request.id, created: stored === undefined || stored.data.token === token };
  }

  async cancel(queueName: string, id: string): Promise<boolean> {
    const queue = this.queue(queueName);
    const job = await queue.getJob(id);
    if (!job || !PENDING.has(await job.getState())) return false;
    // remove() refuses a job a worker has locked meanwhile (returns 0), so a running job stays.
    return (await queue.remove(id)) === 1;
  }

  async upsertRecurring<P>(request: RecurringRequest<P>): Promise<void> {
    assertValidJobId(request.id);
    await this.queue(request.queue).upsertJobScheduler(
      request.id,
      request.pattern !== undefined
        ? { pattern: request.pattern, tz: this.options.cronTimeZone ?? 'Europe/London' }
        : { every: request.everyMs },
      {
        name: request.name,
        data: { payload: request.payload },
        opts: {
          attempts: DEFAULT_ATTEMPTS,
          backoff: this.backoff(DEFAULT_BACKOFF),
          removeOnComplete: { count: KEEP_RECURRING_FIRINGS },
          removeOnFail: { age: this.keepFinishedSeconds },
        },
      },
    );
  }

  async removeRecurring(queue: string, id: string): Promise<boolean> {
    return this.queue(queue).removeJobScheduler(id);
  }

  registerHandler<P = unknown>(
    queueName: string,
    handler: JobHandler<P>,
    options: HandlerOptions = {},
  ): void {
    if (this.workers.has(queueName))
      throw new Error(`A handler for queue ${queueName} is already registered`);
    // Workers block on Redis; BullMQ requires their connection to retry forever rather than fail.
    const connection = this.connect({ maxRetriesPerRequest: null });
    const worker = new Worker<JobData, void, string>(
      queueName,
      async (job) => this.process(handler as JobHandler, job),
      {
        connection,
        prefix: this.prefix,
        concurrency: options.concurrency ?? 1,
        autorun: false,
        ...(this.options.lockDurationMs === undefined
          ? {}
          : { lockDuration: this.options.lockDurationMs }),
        ...(this.options.stalledIntervalMs === undefined
          ? {}
          : { stalledInterval: this.options.stalledIntervalMs }),
      },
    );
    worker.on('error', (error) =>
      this.logger.error({ err: error, queue: queueName }, 'job worker error'),
    );
    this.workers.set(queueName, { worker, connection });
    if (this.started) this.run(queueName, worker);
  }

  async depth(queueName: string): Promise<QueueDepth> {
    const counts = await this.queue(queueName).getJobCounts(
      'waiting',
      'prioritized',
      'waiting-children',
      'delayed',
      'active',
    );
    return {
      waiting: counts.waiting + counts.prioritized + counts['waiting-children'],
      delayed: counts.delayed,
      running: counts.active,
    };
  }

  async getJob(queueName: string, id: string): Promise<JobSnapshot | undefined> {
    const job = await this.queue(queueName).getJob(id);
    const state = job && STATES[await job.getState()];
    if (!job || !state) return undefined;
    return {
      queue: queueName,
      id,
      name: job.name,
      payload: job.data.payload,
      state,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      ...(job.failedReason ? { failureReason: job.failedReason } : {}),
    };
  }

  async start(): Promise<void> {
    if (this.started || this.closing) return;
    this.started = true;
    for (const [queueName, { worker }] of this.workers) this.run(queueName, worker);
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.timeoutMs ?? this.closeTimeoutMs);
    return this.closing;
  }

  private async process(handler: JobHandler, job: Job<JobData, void, string>): Promise<void> {
    try {
      await handler({
        id: job.id ?? '',
        name: job.name,
        payload: job.data.payload,
        attempt: job.attemptsMade + 1,
      });
    } catch (error) {
      if (error instanceof RuleFailure) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  private run(queueName: string, worker: Worker<JobData, void, string>): void {
    worker
      .run()
      .catch((error: unknown) =>
        this.logger.error({ err: error, queue: queueName }, 'job worker stopped'),
      );
  }

  /**
   * Worker.close() waits for running jobs without a time limit. So: pause (stop fetching, wait
   * for running jobs to finish and be recorded) up to the timeout, then close without waiting.
   * A handler still running then is left "active"; its lock expires and, as after a crash,
   * another worker takes the job back.
   */
  private async shutdown(timeoutMs: number): Promise<void> {
    const workers = [...this.workers.values()];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled(workers.map(({ worker }) => worker.pause())), timedOut]);
    clearTimeout(timer);
    await Promise.allSettled(workers.map(({ worker }) => worker.close(true)));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    // BullMQ does not close connections it was given; these are ours.
    await Promise.allSettled(
      [this.producer, ...workers.map((w) => w.connection)].map((c) => c.quit()),
    );
  }

  private queue(name: string): Queue<JobData, void, string> {
    let queue = this.queues.get(name);
    if (!queue) {
      if (this.closing) throw new Error('The scheduler is closed');
      queue = new Queue<JobData, void, string>(name, {
        connection: this.producer,
        prefix: this.prefix,
      });
      queue.on('error', (error) =>
        this.logger.error({ err: error, queue: name }, 'job queue error'),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  private connect(options: { maxRetriesPerRequest?: null }): Redis {
    const connection = new Redis(this.url, options);
    connection.on('error', (error) => this.logger.error({ err: error }, 'Redis connection error'));
    return connection;
  }

  private backoff(backoff: Backoff): JobsOptions['backoff'] {
    return { type: backoff.type, delay: backoff.delayMs };
  }

  private retention(): Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> {
    return {
      removeOnComplete: { age: this.keepFinishedSeconds },
      removeOnFail: { age: this.keepFinishedSeconds },
    };
  }
}
