/**
 * GET /admin/projections and POST /admin/projections/:name/rebuild on the real API (embedded
 * default), with the counting projection standing in for the read models so the test does not
 * depend on what they hold.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  DOCUMENT_STORE,
  EVENT_STORE,
  LEASE_MANAGER,
  loadConfig,
  PROJECTOR,
  TokenService,
} from '@app/application';
import type { EventStore } from '@app/event-store';
import {
  type DocumentStore,
  type LeaseManager,
  ProjectionReader,
  Projector,
} from '@app/read-models';
import { applied, countingProjection } from '@app/read-models/testing/counting-projection';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { registerPupil } from './support/pupils';
import { AppModule } from '../apps/api/src/app.module';
import { initTestHttpApp, platformEnv } from './support/test-app';

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the projections admin endpoints', () => {
  let app: INestApplication;
  let dataDir: string;
  let admin: string;
  let officer: string;
  let documents: DocumentStore;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'projections-admin-'));
    // The projector is replaced below, so it runs on this thread.
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PROJECTIONS_THREAD: 'false',
      ...platformEnv(),
      DATA_DIR: dataDir,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(PROJECTOR)
      .useFactory({
        inject: [EVENT_STORE, DOCUMENT_STORE, LEASE_MANAGER],
        factory: (events: EventStore, docs: DocumentStore, leases: LeaseManager) =>
          new Projector({
            events,
            documents: docs,
            leases,
            projections: [countingProjection()],
            requestPollMs: 50,
          }),
      })
      .compile();
    app = await initTestHttpApp(moduleRef, config);
    documents = app.get(DOCUMENT_STORE);
    const tokens = new TokenService(config.auth);
    admin = await tokens.issue({ sub: 'admin-1', role: 'admin', schools: [] });
    officer = await tokens.issue({ sub: 'officer-1', role: 'attendance-officer', schools: [] });
    for (const reference of ['P1', 'P2', 'P3'])
      await registerPupil(app.getHttpServer(), officer, reference);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const status = async () =>
    (
      await request(app.getHttpServer())
        .get('/admin/projections')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200)
    ).body as Array<Record<string, unknown>>;
  const appliedDocs = async () =>
    (await new ProjectionReader(documents, countingProjection()).query(applied, { limit: 1000 }))
      .items;

  it("reports each projection's state, version, position and lag", async () => {
    await until('caught up', async () => (await status())[0].caughtUp === true);
    expect(await status()).toEqual([
      expect.objectContaining({
        projection: 'counting',
        state: 'running',
        version: 1,
        lag: '0',
        rebuilding: false,
      }),
    ]);
  });

  it('rebuilds a projection into a new version on request, with the same documents', async () => {
    await until('caught up', async () => (await status())[0].caughtUp === true);
    const before = await appliedDocs();
    expect(before).toHaveLength(3);
    const response = await request(app.getHttpServer())
      .post('/admin/projections/counting/rebuild')
      .set('Authorization', `Bearer ${admin}`)
      .expect(202);
    expect(response.body).toEqual({ projection: 'counting', fromVersion: 1, status: 'requested' });
    expect(await appliedDocs()).toEqual(before);
    await until('the new version serves', async () => {
      const [s] = await status();
      return s.version === 2 && s.rebuildRequested === undefined;
    });
    expect(await appliedDocs()).toEqual(before);
  });

  it('answers 404 problem+json naming the projections for an unknown name, and changes nothing', async () => {
    const [before] = await status();
    const response = await request(app.getHttpServer())
      .post('/admin/projections/caseloads/rebuild')
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toBe(
      'There is no projection named "caseloads"; the projections are: counting.',
    );
    expect((await status())[0].version).toBe(before.version);
  });

  it('is for administrators only', async () => {
    await request(app.getHttpServer())
      .get('/admin/projections')
      .set('Authorization', `Bearer ${officer}`)
      .expect(403);
  });
});
