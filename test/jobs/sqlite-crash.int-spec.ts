import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteScheduler } from '../../libs/jobs/src/in-process/sqlite-scheduler';
import { killMidJob, startBlockingWorker, until } from './crash';
import { EffectsLedger } from './effects-ledger';

describe('the in-process scheduler when its process is killed mid-job', () => {
  jest.setTimeout(30_000);
  const queue = 'deadlines';
  const LEASE_MS = 1_000;
  let dir: string;
  let ledger: EffectsLedger;
  let scheduler: SqliteScheduler;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-crash-'));
    ledger = new EffectsLedger(path.join(dir, 'ledger.db'));
    scheduler = new SqliteScheduler({
      file: path.join(dir, 'jobs.db'),
      leaseMs: LEASE_MS,
      pollMs: 50,
    });
  });
  afterEach(async () => {
    await scheduler.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the job again in a new worker once the lease expires, and its effect happens once', async () => {
    await scheduler.schedule({ queue, name: 'nti-period-end', id: 'nti-crash-1', payload: {} });
    const child = startBlockingWorker({
      adapter: 'sqlite',
      ledgerFile: path.join(dir, 'ledger.db'),
      queue,
      jobsFile: path.join(dir, 'jobs.db'),
      leaseMs: LEASE_MS,
      pollMs: 50,
    });
    await killMidJob(child, ledger, 'nti-crash-1');
    expect((await scheduler.getJob(queue, 'nti-crash-1'))?.state).toBe('running');

    scheduler.registerHandler(queue, async (job) => {
      ledger.recordStart(job.id);
      ledger.applyEffect(job.id);
    });
    await scheduler.start();
    await until(
      'the job completed',
      async () => (await scheduler.getJob(queue, 'nti-crash-1'))?.state === 'completed',
    );

    expect(ledger.startedBy('nti-crash-1')).toEqual([child.pid, process.pid]);
    expect(ledger.appliedBy('nti-crash-1')).toEqual([process.pid]);
  });
});
