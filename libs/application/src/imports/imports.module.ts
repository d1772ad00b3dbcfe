import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { RuleFailure, type Scheduler } from '@app/jobs';
import type { DocumentStore, Projector } from '@app/read-models';
import type { AppConfig } from '../config/config';
import { DirectoryProvider } from '../pupils/directory';
import { ExecutePupilCommandBatchHandler } from '../pupils/pupil-command-batch';
import {
  APP_CONFIG,
  CLOCK,
  type Clock,
  DOCUMENT_STORE,
  EVENT_STORE,
  PROJECTOR,
  SCHEDULER,
} from '../tokens';
import { CaseImporter } from './case-import';
import { ImportReports } from './import-reports';
import { RegisterImporter, RegisterImportJob } from './register-importer';
import { REGISTER_IMPORTS_QUEUE, RegisterImports } from './register-imports';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';

/**
 * Register imports as jobs on the application's scheduler (BullMQ when REDIS_URL is set, the
 * in-process SQLite scheduler in DATA_DIR otherwise, so a restart resumes an import cut short).
 * Any process may receive a file and schedule its import; the imports run where the process
 * managers run (the api on the embedded default, the worker when RUN_PROJECTIONS=false), which
 * must see the same DATA_DIR/imports.
 */
@Module({})
export class ImportsModule implements OnModuleInit {
  constructor(
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: RegisterImporter,
    private readonly metrics: Metrics,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ImportsModule,
      imports: [MetricsModule],
      providers: [
        ExecutePupilCommandBatchHandler,
        {
          provide: ImportReports,
          inject: [DOCUMENT_STORE],
          useFactory: (documents: DocumentStore) => new ImportReports(documents),
        },
        {
          provide: RegisterImporter,
          inject: [
            CommandBus,
            EVENT_STORE,
            DOCUMENT_STORE,
            PROJECTOR,
            ImportReports,
            CLOCK,
            DirectoryProvider,
          ],
          useFactory: (
            commands: CommandBus,
            store: EventStore,
            documents: DocumentStore,
            projector: Projector,
            reports: ImportReports,
            clock: Clock,
            directory: DirectoryProvider,
          ) =>
            new RegisterImporter(commands, store, documents, projector, reports, clock, directory, {
              registerUnknownPupils: config.imports.registerUnknownPupils,
              dataDir: config.dataDir,
            }),
        },
        {
          provide: CaseImporter,
          inject: [CommandBus, EVENT_STORE],
          useFactory: (commands: CommandBus, store: EventStore) =>
            new CaseImporter(commands, store),
        },
        {
          provide: RegisterImports,
          inject: [ImportReports, SCHEDULER, CLOCK],
          useFactory: (reports: ImportReports, scheduler: Scheduler, clock: Clock) =>
            new RegisterImports(
              config.dataDir,
              reports,
              scheduler,
              clock,
              config.operations.maxRegisterUploadBytes,
            ),
        },
      ],
      exports: [RegisterImports, ImportReports, RegisterImporter, CaseImporter],
    };
  }

  /** Registered before the scheduler starts taking work (ProcessManagersHost starts it at bootstrap). */
  onModuleInit(): void {
    if (!this.config.projections.runInProcess) return;
    this.scheduler.registerHandler<RegisterImportJob>(REGISTER_IMPORTS_QUEUE, async (job) => {
      const progress = this.metrics.importProgress();
      const report = await this.importer
        .run(job.payload, progress.update)
        .finally(() => progress.end());
      // An unreadable file stays unreadable: end the job without retrying it.
      if (report.status === 'failed') throw new RuleFailure(report.failure ?? 'import failed');
    });
  }
}
