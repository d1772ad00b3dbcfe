/**
 * The production stack (Dockerfile, docker-compose.yml), read as an operator would, on machines
 * with no Docker engine: the compose file against the Compose Specification's JSON schema, the
 * services an operator relies on, and the image's start command run as the image's user on a data
 * folder with the permissions the Dockerfile gives it. What only Docker can show (the image
 * builds, the containers start, volumes, healthchecks run by the engine) is in the README.
 */
import Ajv from 'ajv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './support/free-port';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
}
// YAML 1.2 with merge keys (`<<: *app-env`), as Compose reads it.
const compose = load(read('docker-compose.yml'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
  services: Record<string, Service>;
};

/** The final stage of the Dockerfile: its ENV, RUN, USER, COPY and CMD, in order. */
function finalStage(): { instruction: string; args: string }[] {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));
  const from = lines.map((l) => /^FROM\b/i.test(l)).lastIndexOf(true);
  return lines.slice(from + 1).map((l) => {
    const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(l.trim())!;
    return { instruction: instruction.toUpperCase(), args };
  });
}

describe('docker-compose.yml, as an operator reads it', () => {
  it('is a valid Compose file by the Compose Specification’s JSON schema', () => {
    const schema = JSON.parse(read('test/fixtures/compose-spec/compose-spec.json'));
    const validate = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: false,
      // It names draft-07 by https://, which Ajv (draft-07 built in) knows by http:// only.
      validateSchema: false,
    }).compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('starts a worker with the api by default, since the api leaves the projections to it', () => {
    const { api, worker } = compose.services;
    expect(api.environment?.RUN_PROJECTIONS).toBe('false');
    expect(worker).toBeDefined();
    expect(worker.profiles ?? []).toEqual([]);
    expect(api.profiles ?? []).toEqual([]);
  });

  it('gives the api and the worker one data volume, where DATA_DIR points', () => {
    const mountAtDataDir = (s: Service) =>
      (s.volumes ?? []).find((v) => v.split(':')[1] === s.environment?.DATA_DIR);
    const { api, worker } = compose.services;
    expect(api.environment?.DATA_DIR).toBeDefined();
    expect(mountAtDataDir(api)).toBeDefined();
    expect(mountAtDataDir(api)?.split(':')[0]).toBe(mountAtDataDir(worker)?.split(':')[0]);
  });

  it('checks the health of the api and the worker with what the slim image has (Node, no curl)', () => {
    const copied = finalStage()
      .filter((s) => s.instruction === 'COPY')
      .map((s) => s.args.split(/\s+/).pop());
    for (const name of ['api', 'worker']) {
      const test = compose.services[name].healthcheck?.test ?? [];
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'scripts/healthcheck.js']);
      expect(test[3]).toBe(name);
    }
    expect(copied).toContain('./scripts/healthcheck.js');
  });
});

describe('the image’s start command, as the image’s user', () => {
  jest.setTimeout(60_000);
  const IMAGE_UID = 1000; // `node` in the official node images
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-image-'));
  fs.chmodSync(root, 0o755); // the image's / : anyone may look in
  let api: ChildProcess | undefined;
  afterAll(() => {
    api?.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('starts on the data folder the Dockerfile prepares and answers its own healthcheck', async () => {
    // The image's /app as WORKDIR leaves it: the root user's, not writable by `node`.
    const workdir = path.join(root, 'app');
    fs.mkdirSync(workdir);
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? IMAGE_UID : process.getuid!();
    const inImage = (p: string) => path.join(root, p);
    const env: Record<string, string> = {};
    for (const { instruction, args } of finalStage()) {
      if (instruction === 'ENV') {
        const [, name, value] = /^(\w+)[=\s]\s*(.*)$/.exec(args)!;
        env[name] = value.startsWith('/') ? inImage(value) : value;
      }
      if (instruction !== 'RUN') continue;
      // What the RUN lines do to the file system `node` will use: mkdir and chown.
      for (const command of args.split('&&').map((c) => c.trim().split(/\s+/))) {
        if (command[0] === 'mkdir')
          for (const dir of command.filter((a) => a.startsWith('/')))
            fs.mkdirSync(inImage(dir), { recursive: true });
        if (command[0] === 'chown' && command[1] === 'node:node')
          for (const dir of command.slice(2)) fs.chownSync(inImage(dir), user, user);
      }
    }
    // Without root here, a folder `node` may not write is one this user may not write.
    if (!asRoot) fs.chmodSync(workdir, 0o555);
    const dataDir = env.DATA_DIR ?? path.join(workdir, 'data');
    const port = String(await freePort());
    const runAs = asRoot
      ? ['setpriv', `--reuid=${IMAGE_UID}`, `--regid=${IMAGE_UID}`, '--clear-groups']
      : [];
    // The image runs the compiled main.js; the same code through @swc-node/register here.
    const command = [
      ...runAs,
      process.execPath,
      '-r',
      '@swc-node/register',
      'apps/api/src/main.ts',
    ];
    api = spawn(command[0], command.slice(1), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...env,
        DATA_DIR: dataDir,
        PORT: port,
        LOG_LEVEL: 'silent',
        HOME: workdir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    api.stderr?.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => api!.once('exit', resolve));

    const healthcheck = () =>
      spawnSync(process.execPath, ['scripts/healthcheck.js', 'api'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, PORT: port },
      }).status;
    let healthy = false;
    const deadline = Date.now() + 45_000;
    while (!healthy && Date.now() < deadline) {
      const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 500, 'running'))]);
      if (early !== 'running')
        throw new Error(`the api exited (${early}): ${stderr.slice(0, 500)}`);
      healthy = healthcheck() === 0;
    }
    expect(healthy).toBe(true);
    // The local token secret was written where the image keeps its data, owned by `node`.
    expect(fs.statSync(path.join(dataDir, 'dev-auth-secret')).uid).toBe(user);
  });
});
