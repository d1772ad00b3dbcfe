/**
 * The production shape on one DATA_DIR: the api with RUN_PROJECTIONS=false and the real worker
 * process (apps/worker/src/main.ts) beside it. The api never projects, yet a query given a
 * command's position answers once the worker's checkpoints have passed it, and 503s while no
 * worker runs.
 */
import { PROJECTOR } from '@app/application';
import type { Projector } from '@app/read-models';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { registerPupil } from '../support/pupils';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');

describe('the api with RUN_PROJECTIONS=false beside the worker process', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let officer: string;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false', READ_YOUR_WRITES_TIMEOUT_MS: '2000' });
    officer = await t.token('attendance-officer', 'officer-1', ['school-a']);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await t.close();
  });

  const register = (reference: string) => registerPupil(t.http, officer, reference);
  const caseload = (position: string) =>
    request(t.http)
      .get('/caseloads')
      .query({ position, schoolId: 'school-a' })
      .set('Authorization', `Bearer ${officer}`);

  it('answers 503 for a position no worker has reached, then the caseload once the worker has', async () => {
    const first = await register('P-1');
    const behind = await caseload(String(first.position));
    expect(behind.status).toBe(503);
    expect(behind.headers['content-type']).toMatch(/application\/problem\+json/);

    worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: t.config.dataDir, REDIS_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // The api's projector never started: it follows the checkpoints the worker writes.
    await t.app.get<Projector>(PROJECTOR).waitForPosition(BigInt(first.position), 40_000);

    const second = await register('P-2');
    const answer = await caseload(String(second.position)).expect(200);
    expect((answer.body.items as { pupilId: string }[]).map((i) => i.pupilId).sort()).toEqual(
      [first.pupilId, second.pupilId].sort(),
    );

    const exited = new Promise((resolve) =>
      worker?.once('exit', (code, signal) => resolve(signal)),
    );
    worker.kill('SIGTERM');
    await expect(exited).resolves.toBe('SIGTERM');
  });
});
