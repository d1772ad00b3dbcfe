import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { BullmqScheduler, RuleFailure, type Scheduler, SqliteScheduler } from '@app/jobs';
import type { DocumentStore, Projector } from '@app/read-models';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { ExecutePupilCommandBatchHandler } from '../pupils/pupil-command-batch';
import { CLOCK, type Clock, DOCUMENT_STORE, EVENT_STORE, PROJECTOR } from '../tokens';
import { ImportReports } from './import-reports';
import { RegisterImporter, RegisterImportJob } from './register-importer';
import { REGISTER_IMPORTS_QUEUE, RegisterImports } from './register-imports';

export const IMPORTS_SCHEDULER = Symbol('IMPORTS_SCHEDULER');

/**
 * Register imports as jobs: BullMQ when REDIS_URL is set, the in-process SQLite scheduler in
 * DATA_DIR otherwise (a restart resumes an import cut short). The process that imports this
 * module also runs the imports (the embedded default's single process).
 */
@Module({})
export class ImportsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(IMPORTS_SCHEDULER) private readonly scheduler: Scheduler,
    private readonly importer: RegisterImporter,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ImportsModule,
      providers: [
        ExecutePupilCommandBatchHandler,
        {
          provide: ImportReports,
          inject: [DOCUMENT_STORE],
          useFactory: (documents: DocumentStore) => new ImportReports(documents),
        },
        {
          provide: IMPORTS_SCHEDULER,
          useFactory: (): Scheduler =>
            config.redis
              ? new BullmqScheduler({ redisUrl: config.redis.url, prefix: 'jobs' })
              : new SqliteScheduler({
                  file: path.join(config.dataDir, 'imports-jobs.db'),
                  pollMs: 200,
                }),
        },
        {
          provide: RegisterImporter,
          inject: [CommandBus, EVENT_STORE, DOCUMENT_STORE, PROJECTOR, ImportReports, CLOCK],
          useFactory: (
            commands: CommandBus,
            store: EventStore,
            documents: DocumentStore,
            projector: Projector,
            reports: ImportReports,
            clock: Clock,
          ) => new RegisterImporter(commands, store, documents, projector, reports, clock),
        },
        {
          provide: RegisterImports,
          inject: [ImportReports, IMPORTS_SCHEDULER, CLOCK],
          useFactory: (reports: ImportReports, scheduler: Scheduler, clock: Clock) =>
            new RegisterImports(config.dataDir, reports, scheduler, clock),
        },
      ],
      exports: [RegisterImports, ImportReports, RegisterImporter],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.scheduler.registerHandler<RegisterImportJob>(REGISTER_IMPORTS_QUEUE, async (job) => {
      const report = await this.importer.run(job.payload);
      // An unreadable file stays unreadable: end the job without retrying it.
      if (report.status === 'failed') throw new RuleFailure(report.failure ?? 'import failed');
    });
    await this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.close();
  }
}
