import { StreamStates } from '../commands/stream-states';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
  Provider,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { BullmqScheduler, Scheduler, SqliteScheduler } from '@app/jobs';
import type { DocumentStore, LeaseManager } from '@app/read-models';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { CodeOfConductProvider } from '../pupils/code-of-conduct';
import { LEASE_MANAGER } from '../read-models/read-model-adapters';
import { APP_CONFIG, DOCUMENT_STORE, EVENT_STORE, SCHEDULER } from '../tokens';
import {
  DEADLINES_QUEUE,
  deadlineJobHandler,
  DeadlineProcessManager,
} from './deadlines.process-manager';
import { cachedCodeOfConduct } from './cached-code-of-conduct';
import { MonitorProcessManager } from './monitor.process-manager';
import { ProcessManagerRunner } from './process-manager-runner';

/**
 * BullMQ on Redis when REDIS_URL is set; otherwise the in-process scheduler in DATA_DIR/jobs.db.
 * BullMQ's keys start with READ_MODELS_PREFIX too (`<prefix>jobs:<queue>:…`), so deployments and
 * test runs sharing a Redis server never take each other's jobs.
 */
export function createScheduler(config: AppConfig): Scheduler {
  return config.redis
    ? new BullmqScheduler({
        redisUrl: config.redis.url,
        prefix: `${config.projections.redisPrefix}jobs`,
        lockDurationMs: config.jobs.leaseMs,
        stalledIntervalMs: config.jobs.leaseMs,
      })
    : new SqliteScheduler({
        file: path.join(config.dataDir, 'jobs.db'),
        leaseMs: config.jobs.leaseMs,
      });
}

/**
 * Runs the process managers (deadlines, monitor rules) and the deadline jobs wherever the
 * projections run: in the api on the embedded default, in the worker otherwise. Job handlers are
 * registered in onModuleInit and the scheduler started in onApplicationBootstrap, so any other
 * provider can register its queue's handler in its own onModuleInit before work is taken.
 */
@Injectable()
export class ProcessManagersHost
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly runner: ProcessManagerRunner;
  private readonly logger = new Logger('ProcessManagers');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    @Inject(LEASE_MANAGER) leases: LeaseManager,
    private readonly commands: CommandBus,
    codes: CodeOfConductProvider,
    states: StreamStates,
  ) {
    const codeOfConduct = cachedCodeOfConduct(codes);
    this.runner = new ProcessManagerRunner({
      events,
      documents,
      managers: [
        new DeadlineProcessManager(scheduler, codeOfConduct),
        new MonitorProcessManager(events, commands, codeOfConduct, states),
      ],
      // The projections' lease manager (Redis, or SQLite in DATA_DIR): one owner per process
      // manager across every process on the same stores.
      leases,
      onError: (manager, error, event) =>
        this.logger.warn(
          { manager, eventId: event?.id, eventType: event?.type, err: String(error) },
          'process manager failed; it will retry from its checkpoint',
        ),
    });
  }

  /** The process managers and their jobs: RUN_PROCESS_MANAGERS, or wherever the projections run. */
  private get runsProcessManagers(): boolean {
    return this.config.processManagers?.runInProcess ?? this.config.projections.runInProcess;
  }

  onModuleInit(): void {
    if (this.runsProcessManagers)
      this.scheduler.registerHandler(DEADLINES_QUEUE, deadlineJobHandler(this.commands));
  }

  async onApplicationBootstrap(): Promise<void> {
    // Jobs (imports, meetings, deadlines) are taken wherever the worker's work runs.
    if (this.config.projections.runInProcess || this.runsProcessManagers)
      await this.scheduler.start();
    if (this.runsProcessManagers) this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.scheduler.close();
  }
}

/** What ApplicationModule adds for timed work: the scheduler and the process managers' host. */
export const processManagerProviders = (config: AppConfig): Provider[] => [
  { provide: SCHEDULER, useFactory: () => createScheduler(config) },
  ProcessManagersHost,
];

/** What ApplicationModule exports of it (the worker and the imports reach the scheduler through it). */
export const processManagerExports = [SCHEDULER, ProcessManagersHost];
