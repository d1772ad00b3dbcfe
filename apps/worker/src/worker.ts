import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@app/application';
import { Logger } from 'nestjs-pino';
import { WorkerModule, WorkerOptions } from './worker.module';

/**
 * Starts the worker: a Nest application context (no HTTP) whose ApplicationModule starts the
 * projector. SIGTERM and SIGINT close it: each projection finishes the batch in hand (its writes
 * and checkpoint commit together), releases its lease, then the stores are closed.
 */
export async function startWorker(
  config: AppConfig,
  options: WorkerOptions = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
