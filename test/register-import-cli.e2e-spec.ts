/**
 * `npm run import -- <file> [--school <id>]`: the same import from the command line, against a
 * DATA_DIR whose pupils were registered beforehand. Exit 0 even with rejects; 1 for a file that is
 * not a register; 2 for a file that cannot be opened.
 */
import { loadConfig } from '@app/application';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pupilsOf, registerLines, schoolDays, upnFor } from './support/register-files';
import { registerPupilsIn } from './support/register-pupils';

const ROOT = path.join(__dirname, '..');
const school = pupilsOf(1, 600);

describe('npm run import', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    await registerPupilsIn(config, school);
  }, 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const write = (name: string, lines: Iterable<string>) => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, [...lines].join('\n'));
    return file;
  };
  const cli = (...args: string[]) => {
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/import.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 50_000 },
    );
    const json = run.stdout.indexOf('\n{');
    return {
      code: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      report: json >= 0 ? JSON.parse(run.stdout.slice(json + 1)) : undefined,
    };
  };

  it("imports a 600-pupil school's term, printing progress and the report", () => {
    const file = write('term.csv', registerLines(school, schoolDays('2025-09-01', 91), 21));
    const run = cli(file, '--school', 'school-1');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^import register-[0-9a-f]{32} started$/m);
    expect(run.stdout).toMatch(/rows read/);
    expect(run.report).toMatchObject({
      status: 'completed',
      schoolId: 'school-1',
      counts: { rowsRead: 39_000, rowsRejected: 0, marksRecorded: 78_000, pupilsTouched: 600 },
      rejects: [],
    });
  }, 60_000);

  it('exits 0 with rejected rows, listing each with its line and reason', () => {
    const file = write('bad.csv', [
      'upn,date,am,pm',
      `${school[0].upn},2025-12-22,/,\\`,
      `${upnFor(777_777)},2025-12-22,/,\\`,
      `${school[1].upn},2025-12-22,Q9,\\`,
    ]);
    const run = cli(file, '--school', 'school-1');
    expect(run.code).toBe(0);
    expect(run.report.counts).toMatchObject({ rowsRead: 3, rowsRejected: 2, marksRecorded: 2 });
    expect(run.report.rejects).toEqual([
      { line: 3, kind: 'unknown-pupil', reason: expect.stringMatching(/No pupil is registered/) },
      { line: 4, kind: 'unknown-code', reason: expect.stringMatching(/AM code "Q9"/) },
    ]);
  }, 60_000);

  it('exits 1 for a file that is not a register, saying what is missing', () => {
    const run = cli(write('notes.csv', ['name,class', 'Sam,7B']));
    expect(run.code).toBe(1);
    expect(run.report).toMatchObject({
      status: 'failed',
      failure: expect.stringMatching(/missing/),
    });
  }, 60_000);

  it('exits 2 for a file that cannot be opened', () => {
    const run = cli(path.join(dataDir, 'no-such-file.csv'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Cannot read/);
  }, 60_000);
});
