import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { BlockingWorkerConfig } from './blocking-worker';
import type { EffectsLedger } from './effects-ledger';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails (rather than hangs) after `safetyMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  safetyMs = 20_000,
) {
  const giveUpAt = Date.now() + safetyMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting until ${what}`);
    await sleep(50);
  }
}

/** Starts the blocking worker in a child process (node + tsx's loader: cheaper than npx). */
export function startBlockingWorker(config: BlockingWorkerConfig): ChildProcess {
  const script = path.join(__dirname, 'blocking-worker.ts');
  return spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits for the child's handler to start the job, then kills the child without warning. */
export async function killMidJob(child: ChildProcess, ledger: EffectsLedger, jobId: string) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await until('the child started the job', () => ledger.startedBy(jobId).length > 0);
  child.kill('SIGKILL');
  await exited;
}
