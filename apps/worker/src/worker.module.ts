import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ApplicationModule, TasksModule } from '@app/application';
import { ImportsModule } from '@app/application/imports/imports.module';
import type { Projection } from '@app/read-models';
import { WorkerLifecycle } from './worker-lifecycle';

export interface WorkerOptions {
  /** Replaces ALL_PROJECTIONS; tests only. */
  projections?: readonly Projection[];
}

/**
 * The worker: ApplicationModule (whose projector it always starts) plus the worker's own
 * providers. Job processors (imports, deadlines: issue 7) are added to `providers` here.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: WorkerOptions = {}): DynamicModule {
    // The worker exists to run the projections, whatever RUN_PROJECTIONS says (that is about the
    // api), and runs them on its main thread: it has nothing else to keep responsive.
    const workerConfig: AppConfig = {
      ...config,
      projections: { ...config.projections, runInProcess: true, thread: false },
    };
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        ApplicationModule.forRoot(workerConfig, { projections: options.projections }),
        ImportsModule.forRoot(workerConfig),
        TasksModule.forRoot(workerConfig),
      ],
      providers: [WorkerLifecycle],
    };
  }
}
