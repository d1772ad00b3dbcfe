/** The real api as `npm start` runs it, in a child process the test can SIGKILL (crash tests). */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Starts the api on the embedded default in `dataDir` (no Redis, no EventStoreDB, silent logs),
 * with `env` on top, and resolves once it answers `/health`.
 */
export async function startApiProcess(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_URL: '',
      EVENTSTORE_CONNECTION_STRING: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error('The api exited while starting.');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
