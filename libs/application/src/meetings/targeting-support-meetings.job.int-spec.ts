/**
 * The termly schedule on both schedulers: declaring it at start-up makes the job run (and run the
 * preparation of due meetings), on BullMQ with the real Redis and on the in-process scheduler; a
 * second start-up declares the same schedule rather than a second one.
 */
import { BullmqScheduler, Scheduler, SqliteScheduler } from '@app/jobs';
import { bullmqTestStore, TEST_REDIS_URL } from '@app/jobs/testing/bullmq-test-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import type { TargetingSupportMeetings } from './targeting-support-meetings';
import { TargetingSupportMeetingsJob } from './targeting-support-meetings.job';

const config = { projections: { runInProcess: true } } as AppConfig;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const adapters: [string, () => Promise<{ scheduler: Scheduler; teardown(): Promise<void> }>][] = [
  [
    'in-process (SQLite)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsm-job-'));
      const scheduler = new SqliteScheduler({ file: path.join(dir, 'jobs.db'), pollMs: 25 });
      return {
        scheduler,
        teardown: async () => {
          await scheduler.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'BullMQ (Redis)',
    async () => {
      const keys = await bullmqTestStore();
      const scheduler = new BullmqScheduler({ redisUrl: TEST_REDIS_URL, prefix: keys.prefix });
      return {
        scheduler,
        teardown: async () => {
          await scheduler.close();
          await keys.deleteKeys();
        },
      };
    },
  ],
];

describe.each(adapters)('the targeting support meetings schedule on %s', (_, make) => {
  it('runs the preparation of due meetings as a job, with the job id as correlation', async () => {
    const { scheduler, teardown } = await make();
    const calls: string[] = [];
    const meetings = {
      prepareDue: async (jobId: string) => {
        calls.push(jobId);
        return [];
      },
    } as unknown as TargetingSupportMeetings;
    try {
      const job = new TargetingSupportMeetingsJob(config, scheduler, meetings);
      job.onModuleInit();
      await job.onApplicationBootstrap();
      await job.onApplicationBootstrap(); // a restart declares the same schedule again
      await scheduler.start();
      await until(() => calls.length > 0, 'the first run');
      expect(calls[0]).toEqual(expect.any(String));
      // Every few hours, not in a loop: nothing else runs in the next moment.
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toHaveLength(1);
    } finally {
      await teardown();
    }
  });
});
