/**
 * The real API, as `npm start` builds it, on the embedded default in a temporary DATA_DIR,
 * for end-to-end tests over HTTP (supertest).
 */
import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AppConfig, CLOCK, EVENT_STORE, loadConfig, Role, TokenService } from '@app/application';
import { EventStore, RecordedEvent, SqliteEventStore } from '@app/event-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { httpAdapterFor } from '../../apps/api/src/http-platform';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  config: AppConfig;
  store: EventStore;
  token(role: Role, sub?: string, schools?: string[]): Promise<string>;
  allEvents(): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * The application's clock, also the SQLite store's recorded time: lets a test live through
   * school years in seconds (audit reads compare what was recorded when).
   */
  clock?: () => Date;
  /** DATA_DIR instead of a fresh temporary folder (removed by close()). */
  dataDir?: string;
}

/**
 * HTTP_ADAPTER from the environment the tests run in (`HTTP_ADAPTER=express npx jest …` runs any
 * suite on express); the default, fastify, otherwise. A test's own env still decides.
 */
export const platformEnv = (): Record<string, string> =>
  process.env.HTTP_ADAPTER ? { HTTP_ADAPTER: process.env.HTTP_ADAPTER } : {};

/** The app over HTTP on the configured platform, configured as main.ts does, ready for requests. */
export async function initTestHttpApp(
  moduleRef: TestingModule,
  config: AppConfig,
): Promise<INestApplication> {
  const app = moduleRef.createNestApplication(httpAdapterFor(config), { logger: false });
  configureApp(app, config);
  await app.init();
  // Fastify answers through app.getHttpServer() only once its plugins and routes are ready.
  if (config.http.adapter === 'fastify')
    await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return app;
}

export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-e2e-'));
  // Projections on the main thread unless a test asks for the thread (the default of `npm start`,
  // tested in test/projections/projections-thread.e2e-spec.ts): dozens of apps start in the suite.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PROJECTIONS_THREAD: 'false',
    ...platformEnv(),
    ...env,
    DATA_DIR: dataDir,
  });
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  const { clock } = options;
  if (clock) {
    if (config.eventStore.kind !== 'sqlite')
      throw new Error('A test clock needs the SQLite store.');
    const file = config.eventStore.file;
    builder
      .overrideProvider(CLOCK)
      .useValue(clock)
      .overrideProvider(EVENT_STORE)
      .useFactory({ factory: () => new SqliteEventStore({ file, clock }) });
  }
  const app = await initTestHttpApp(await builder.compile(), config);
  const store = app.get<EventStore>(EVENT_STORE);
  const tokens = new TokenService(config.auth);
  return {
    app,
    http: app.getHttpServer(),
    config,
    store,
    token: (role, sub = `${role}-1`, schools = []) => tokens.issue({ sub, role, schools }),
    allEvents: async () => {
      const events: RecordedEvent[] = [];
      for await (const e of store.readAll()) events.push(e);
      return events;
    },
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
