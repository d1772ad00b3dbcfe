/**
 * The production stack's shape: the api receives a register, the worker process imports it. They
 * share only the data volume, and each mounts it at a path of its own (in docker-compose.yml both
 * at /app/data, but nothing requires it): the job names the file by its place in DATA_DIR, so the
 * worker finds it through its own DATA_DIR, not through a path only the api can see.
 */
import { CommandBus } from '@nestjs/cqrs';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { finishedImport } from './support/imports';
import { pupilsOf, registerLines, schoolDays } from './support/register-files';
import { registerPupils } from './support/register-pupils';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = path.join(__dirname, '..');

describe('a register received by the api and imported by the worker process', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let worker: ChildProcess | undefined;
  const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-volume-'));
  const mounts = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-mounts-'));
  const apiView = path.join(mounts, 'api-data');
  const workerView = path.join(mounts, 'worker-data');
  beforeAll(() => {
    fs.symlinkSync(volume, apiView);
    fs.symlinkSync(volume, workerView);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await t?.close();
    fs.rmSync(volume, { recursive: true, force: true });
    fs.rmSync(mounts, { recursive: true, force: true });
  });

  it('imports the file the api stored, read through the worker’s own DATA_DIR', async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' }, { dataDir: apiView });
    const officer = await t.token('attendance-officer', 'officer-1');
    const pupils = pupilsOf(1, 20);
    await registerPupils(t.app.get(CommandBus), pupils);
    const csv = [...registerLines(pupils, schoolDays('2025-10-06', 5), 3)].join('\n');
    const received = await request(t.http)
      .post('/imports/registers')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(202);
    // The api's path to the volume is the api's alone: the worker sees the volume through its own.
    fs.unlinkSync(apiView);
    fs.symlinkSync(path.join(mounts, 'nowhere'), apiView);

    const heartbeat = path.join(mounts, 'worker-heartbeat');
    const workerEnv = { ...process.env, WORKER_HEARTBEAT_FILE: heartbeat };
    const healthcheck = () =>
      spawnSync(process.execPath, ['scripts/healthcheck.js', 'worker'], {
        cwd: ROOT,
        env: workerEnv,
      }).status;
    expect(healthcheck()).toBe(1);
    worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...workerEnv, DATA_DIR: workerView, REDIS_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // The api answers from the files it already has open; the worker runs the job.
    const report = await finishedImport(t.http, officer, received.body.importId);
    expect(report).toMatchObject({
      status: 'completed',
      counts: { rowsRead: 100, rowsRejected: 0, pupilsTouched: 20 },
    });
    // The container healthcheck of the worker: healthy once it has read its stores.
    expect(healthcheck()).toBe(0);
  });
});
