/**
 * The api as `npm start` runs it (on the embedded default, with the development identity provider),
 * in a child process: the sign-in libraries are ES modules, which Node loads and jest's module
 * system does not. Tokens for seeding cases over the API come from the same DATA_DIR secret.
 */
import { loadConfig, Role, TokenService } from '@app/application';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface WebServer {
  url: string;
  /** The HTTP platform it runs on, as it says when it starts (HTTP_ADAPTER). */
  platform: 'express' | 'fastify';
  dataDir: string;
  token(role: Role, sub: string, schools?: string[]): Promise<string>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** `env` on top of the tests' own environment (which may name HTTP_ADAPTER). */
export async function startWebServer(env: Record<string, string> = {}): Promise<WebServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-web-'));
  const port = await freePort();
  const childEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PROJECTIONS_THREAD: 'false',
    ...env,
  };
  const root = path.resolve(__dirname, '../..');
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/main.ts'],
    { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`api exited (${code}):\n${output}`));
    });
  });
  const tokens = new TokenService(loadConfig({ DATA_DIR: dataDir }).auth);
  return {
    url: `http://127.0.0.1:${port}`,
    platform: /listening on \S+ \(fastify;/.test(output) ? 'fastify' : 'express',
    dataDir,
    token: (role, sub, schools = []) => tokens.issue({ sub, role, schools }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
