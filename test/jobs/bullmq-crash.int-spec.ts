import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BullmqScheduler } from '../../libs/jobs/src/bullmq/bullmq-scheduler';
import { bullmqTestStore, TEST_REDIS_URL } from '../../libs/jobs/src/testing/bullmq-test-store';
import { killMidJob, startBlockingWorker, until } from './crash';
import { EffectsLedger } from './effects-ledger';

describe('the BullMQ scheduler when a worker process is killed mid-job', () => {
  jest.setTimeout(30_000);
  const queue = 'deadlines';
  const redisUrl = TEST_REDIS_URL;
  // Short lock and stalled check so BullMQ's stalled-job detection acts within seconds.
  const stalledDetection = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
  let dir: string;
  let ledger: EffectsLedger;
  let store: Awaited<ReturnType<typeof bullmqTestStore>>;
  let scheduler: BullmqScheduler;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-crash-'));
    ledger = new EffectsLedger(path.join(dir, 'ledger.db'));
    store = await bullmqTestStore();
    scheduler = new BullmqScheduler({ redisUrl, prefix: store.prefix, ...stalledDetection });
  });
  afterEach(async () => {
    await scheduler.close();
    await store.deleteKeys();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes the stalled job back in a new worker, and its effect happens once', async () => {
    await scheduler.schedule({ queue, name: 'nti-period-end', id: 'nti-crash-1', payload: {} });
    const child = startBlockingWorker({
      adapter: 'bullmq',
      ledgerFile: path.join(dir, 'ledger.db'),
      queue,
      redisUrl,
      prefix: store.prefix,
      ...stalledDetection,
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
