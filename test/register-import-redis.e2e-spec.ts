/**
 * With REDIS_URL the import runs as a BullMQ job (real Redis) and its report lives in the Redis
 * document store; the file and the command path are the same as on the embedded default.
 */
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { pupilsOf, registerLines, schoolDays } from './support/register-files';
import { registerPupils } from './support/register-pupils';
import { importRegister } from './support/imports';
import { startTestApp, TestApp } from './support/test-app';

describe('register imports on Redis and BullMQ', () => {
  let t: TestApp;
  let officer: string;
  // A fresh key prefix and fresh pupils, so ids left in Redis by an earlier run cannot collide.
  const run = randomUUID().slice(0, 8);
  const pupils = pupilsOf(1, 30, Number.parseInt(run.slice(0, 6), 16));
  beforeAll(async () => {
    t = await startTestApp({
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      READ_MODELS_PREFIX: `test-imports-${run}:`,
    });
    officer = await t.token('attendance-officer', 'officer-1');
    await registerPupils(t.app.get(CommandBus), pupils);
  });
  afterAll(() => t.close());

  it('imports a week for a class through a BullMQ job and reports it', async () => {
    const csv = [...registerLines(pupils, schoolDays('2025-10-06', 5), 3)].join('\n');
    const report = await importRegister(t.http, officer, csv);
    expect(report).toMatchObject({
      status: 'completed',
      counts: { rowsRead: 150, rowsRejected: 0, marksRecorded: 300, pupilsTouched: 30 },
    });
  }, 30_000);
});
