/**
 * A register import whose process is killed (SIGKILL) while it records marks: sending the same
 * file again shows the same import, which the scheduler runs again once the dead process's claim
 * on the job lapses (JOB_LEASE_MS). The marks the first run recorded are found unchanged, the rest
 * are recorded, and every mark is on the register exactly once.
 */
import { loadConfig } from '@app/application';
import { ImportReport, ImportReports } from '@app/application/imports/import-reports';
import { registerImportId } from '@app/application/imports/register-imports';
import { SqliteEventStore } from '@app/event-store';
import { SqliteDocumentStore } from '@app/read-models';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pupilsOf, registerLines, schoolDays } from './support/register-files';
import { registerPupilsIn } from './support/register-pupils';

const ROOT = path.join(__dirname, '..');
const school = pupilsOf(1, 6_000);
const DAYS = schoolDays('2025-09-01', 14); // 10 school days
const MARKS = school.length * DAYS.length * 2;

describe('a register import killed while it records marks', () => {
  jest.setTimeout(120_000);
  let dataDir: string;
  let file: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crash-'));
    await registerPupilsIn(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir }), school);
    file = path.join(dataDir, 'two-weeks.csv');
    fs.writeFileSync(file, [...registerLines(school, DAYS, 7)].join('\n'));
  }, 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const cli = (): ChildProcess =>
    spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/import.ts', file], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', JOB_LEASE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });

  it('runs again from the start and records every mark exactly once', async () => {
    const importId = registerImportId(
      createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      null,
    );
    const documents = new SqliteDocumentStore({ file: path.join(dataDir, 'read-models.db') });
    const reports = new ImportReports(documents);
    const report = async (): Promise<ImportReport | undefined> => reports.get(importId);
    try {
      // given an import that has recorded at least one batch of pupils, when its process is killed
      const first = cli();
      const exited = new Promise((resolve) =>
        first.once('exit', (_code, signal) => resolve(signal)),
      );
      for (;;) {
        const r = await report();
        if (r?.status === 'completed') throw new Error('The import finished before it was killed.');
        if (r?.status === 'running' && r.progress.pupilsProcessed > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      first.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const killed = (await report())!;
      expect(killed.status).toBe('running');
      expect(killed.progress.pupilsProcessed).toBeLessThan(school.length);

      // when the same file is sent again
      const second = cli();
      let stdout = '';
      second.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise((resolve) => second.once('exit', resolve));

      // then it is the same import, run again to completion
      expect(code).toBe(0);
      expect(stdout).toMatch(/this file was already received/);
      const done = (await report())!;
      expect(done.status).toBe('completed');
      // the first run's marks are found already there, the rest are recorded now
      expect(done.counts.marksUnchanged).toBeGreaterThan(0);
      expect(done.counts.marksRecorded + done.counts.marksUnchanged).toBe(MARKS);
      expect(done.counts.rowsRejected).toBe(0);
    } finally {
      await documents.close();
    }

    // and the register holds every session exactly once
    const events = new SqliteEventStore({ file: path.join(dataDir, 'events.db') });
    const sessions = new Map<string, number>();
    try {
      for await (const e of events.readAll()) {
        if (e.type !== 'AttendanceMarksRecorded') continue;
        for (const m of (e.data as { marks: { date: string; session: string }[] }).marks) {
          const key = `${e.streamId}|${m.date}|${m.session}`;
          sessions.set(key, (sessions.get(key) ?? 0) + 1);
        }
      }
    } finally {
      await events.close();
    }
    expect(sessions.size).toBe(MARKS);
    expect([...sessions.values()].every((n) => n === 1)).toBe(true);
  });
});
