/**
 * Child process for the crash tests: a worker whose handler records that it started and then
 * never finishes, so the test can SIGKILL it mid-job. Configuration comes as one JSON argument.
 * Run with `node --import tsx test/jobs/blocking-worker.ts '<json>'`.
 */
import { BullmqScheduler } from '../../libs/jobs/src/bullmq/bullmq-scheduler';
import { SqliteScheduler } from '../../libs/jobs/src/in-process/sqlite-scheduler';
import type { Scheduler } from '../../libs/jobs/src/scheduler.port';
import { EffectsLedger } from './effects-ledger';

export type BlockingWorkerConfig = { ledgerFile: string; queue: string } & (
  | { adapter: 'sqlite'; jobsFile: string; leaseMs: number; pollMs: number }
  | {
      adapter: 'bullmq';
      redisUrl: string;
      prefix: string;
      lockDurationMs: number;
      stalledIntervalMs: number;
    }
);

const config = JSON.parse(process.argv[2] ?? '') as BlockingWorkerConfig;
const ledger = new EffectsLedger(config.ledgerFile);
const scheduler: Scheduler =
  config.adapter === 'sqlite'
    ? new SqliteScheduler({ file: config.jobsFile, leaseMs: config.leaseMs, pollMs: config.pollMs })
    : new BullmqScheduler(config);
scheduler.registerHandler(config.queue, async (job) => {
  ledger.recordStart(job.id);
  await new Promise<never>(() => undefined);
});
void scheduler.start();
