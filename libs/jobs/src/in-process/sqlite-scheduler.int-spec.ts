import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scheduler } from '../scheduler.port';
import { describeSchedulerContract } from '../testing/scheduler.contract';
import { SqliteScheduler } from './sqlite-scheduler';

const POLL_MS = 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeSchedulerContract('in-process (SQLite)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
  const file = path.join(dir, 'jobs.db');
  let now = Date.parse('2025-03-03T09:00:00.000Z');
  const opened: Scheduler[] = [];
  return {
    open: () => {
      const scheduler = new SqliteScheduler({ file, pollMs: POLL_MS, clock: () => new Date(now) });
      opened.push(scheduler);
      return scheduler;
    },
    now: () => new Date(now),
    letTimePass: async (ms) => {
      now += ms;
      await sleep(POLL_MS * 3);
    },
    teardown: async () => {
      for (const scheduler of opened) await scheduler.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the in-process scheduler and cron patterns', () => {
  it('refuses a cron pattern, saying to use everyMs or BullMQ', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
    const scheduler = new SqliteScheduler({ file: path.join(dir, 'jobs.db') });
    try {
      await expect(
        scheduler.upsertRecurring({
          queue: 'imports',
          name: 'import',
          id: 'nightly',
          payload: {},
          pattern: '0 2 * * *',
        }),
      ).rejects.toThrow(/supports everyMs, not cron patterns/);
    } finally {
      await scheduler.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
