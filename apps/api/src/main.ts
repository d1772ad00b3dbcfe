import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/application';
import { Logger } from 'nestjs-pino';
import { configureApp } from './configure-app';
import { AppModule } from './app.module';
import { httpAdapterFor } from './http-platform';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await NestFactory.create(AppModule.forRoot(config), httpAdapterFor(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  const store =
    config.eventStore.kind === 'sqlite' ? `SQLite at ${config.eventStore.file}` : 'EventStoreDB';
  console.log(
    [
      `attendance-casework API listening on ${url} (${config.http.adapter}; event store: ${store}${config.redis ? ', Redis' : ''})`,
      `  API docs:  ${url}/api/docs   (OpenAPI JSON: ${url}/api/docs-json)`,
      `  Projections: ${
        !config.projections.runInProcess
          ? 'run by a worker (RUN_PROJECTIONS=false)'
          : config.projections.thread
            ? 'on a worker thread of this process'
            : 'on the main thread (PROJECTIONS_THREAD=false)'
      }`,
      config.auth.kind === 'local'
        ? `  A token:   npm run token -- --role link-worker --sub worker-1 --schools school-1   (then: Authorization: Bearer <token>)`
        : `  Tokens come from your identity provider (${config.auth.issuer}).`,
    ].join('\n'),
  );
}

void bootstrap();
