/**
 * No personal data and no key in the logs: the api as `npm start` runs it, logging at `trace`
 * (pino, every line captured from its stdout and stderr), through a whole journey with people in
 * it: a parent and a child recorded with names, addresses and contact details, a family, marks,
 * a penalty notice, a correction, a refused bad address, every read that shows the names (the
 * person, the journey, eligibility, the family's history, the evidence pack), a subject-access
 * export and the erasure.
 * Then the captured logs are searched for every name, address line, postcode, e-mail and
 * telephone number, each data key (bytes as hex and base64) and each token.
 */
import Database from 'better-sqlite3';
import { loadConfig, TokenService } from '@app/application';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { freePort } from './support/free-port';
import { parentBody } from './support/families';
import { janeDetails } from './support/people';
import { pupilBody } from './support/pupils';
import { weekOfMarks } from './support/registers';

const PURPOSE = 'Checking what the logs keep of a case';

describe('the logs of a whole journey with people in it', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-logs-'));
  let child: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        PROJECTIONS_THREAD: 'false',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    while (!output.includes('listening on')) {
      if (child.exitCode !== null || Date.now() - started > 60_000)
        throw new Error(`api did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds no name, address, e-mail, telephone number, data key or token', async () => {
    const tokens = new TokenService(loadConfig({ DATA_DIR: dataDir }).auth);
    const officer = await tokens.issue({
      sub: 'officer-1',
      role: 'attendance-officer',
      schools: [],
    });
    const auditor = await tokens.issue({ sub: 'auditor-1', role: 'auditor', schools: [] });
    const admin = await tokens.issue({ sub: 'admin-1', role: 'admin', schools: [] });
    const send = async (
      token: string,
      method: 'post' | 'put',
      path: string,
      body: object,
      status: number,
    ) => {
      const call = method === 'post' ? request(url).post(path) : request(url).put(path);
      const res = await call.set('Authorization', `Bearer ${token}`).send(body);
      if (res.status !== status)
        throw new Error(
          `${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`,
        );
      return res.body;
    };
    const read = (token: string, path: string) =>
      request(url).get(path).set('Authorization', `Bearer ${token}`).expect(200);

    const mumDetails = janeDetails('-logs');
    const childDetails = { ...janeDetails('-child'), givenName: 'Perpetua', phone: '07700 900123' };
    const moved = { lines: ['4 Cinderhill Close'], town: 'Barnsley', postcode: 'S70 4TT' };
    const mum = (
      await send(officer, 'post', '/people', { kind: 'parent-or-carer', ...mumDetails }, 201)
    ).personId;
    const { familyId } = await send(officer, 'post', '/families', { reference: 'F-1' }, 201);
    await send(
      officer,
      'post',
      `/families/${familyId}/parents`,
      { ...parentBody('M'), personId: mum },
      201,
    );
    const { pupilId } = await send(officer, 'post', '/pupils', pupilBody('P-1'), 201);
    await send(officer, 'post', '/people', { kind: 'pupil', pupilId, ...childDetails }, 201);
    await send(officer, 'post', `/families/${familyId}/pupils`, { pupilId }, 200);
    await send(
      officer,
      'post',
      `/pupils/${pupilId}/marks`,
      weekOfMarks('2025-09-15', { code: () => 'G' }),
      200,
    );
    const holiday = { from: '2025-09-15', to: '2025-09-19' };
    await send(
      officer,
      'post',
      `/pupils/${pupilId}/support-not-appropriate`,
      {
        reason: 'term-time-holiday',
        explanation: 'A week abroad in term time',
        offencePeriod: holiday,
      },
      200,
    );
    const { noticeId, position } = await send(
      officer,
      'post',
      `/pupils/${pupilId}/penalty-notices`,
      { parentId: mum, issuedOn: '2025-10-01', offencePeriod: holiday, issuedBy: 'headteacher' },
      201,
    );
    await send(
      officer,
      'put',
      `/people/${mum}/details`,
      { ...mumDetails, address: moved, reason: 'Moved house' },
      200,
    );
    await send(
      officer,
      'put',
      `/people/${mum}/details`,
      { ...mumDetails, address: { ...moved, postcode: 'Cinderhill' }, reason: 'Typo' },
      400,
    );
    await read(officer, `/caseloads?position=${position}`);
    const q = `purpose=${encodeURIComponent(PURPOSE)}`;
    for (const path of [
      `/people/${mum}`,
      `/people/${pupilId}`,
      `/pupils/${pupilId}`,
      '/penalty-notice-eligibility',
      `/families/${familyId}/history?${q}`,
      `/families/${familyId}/history?format=html&${q}`,
      `/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}?${q}`,
      `/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}?format=html&${q}`,
    ])
      await read(
        path.startsWith('/families') || path.includes('evidence') ? auditor : officer,
        path,
      );

    const keysDb = new Database(path.join(dataDir, 'person-keys.db'), { readonly: true });
    const keys = (
      keysDb.prepare('SELECT data_key FROM person_keys').all() as { data_key: Buffer }[]
    ).map((r) => r.data_key);
    keysDb.close();
    await read(admin, `/people/${mum}/subject-access?${q}`);
    await read(admin, `/people/${mum}/subject-access?${q}`).set('Accept', 'text/html');
    expect(keys).toHaveLength(2);
    await send(
      admin,
      'post',
      `/people/${mum}/erasure`,
      { basis: 'erasure-request', reason: 'Asked (UK GDPR art 17)' },
      200,
    );
    await read(officer, `/people/${mum}`);

    // Let the last lines out, then search them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output).toMatch(/"path":"\/people\//);
    expect(output.match(/request completed/g)?.length).toBeGreaterThan(20);
    const needles = [
      ...[mumDetails, childDetails].flatMap((d) => [
        d.givenName,
        d.familyName,
        d.address.lines[0],
        d.address.postcode,
        d.email,
        d.phone,
      ]),
      ...Object.values(moved).flat(),
      'Cinderhill',
      ...keys.flatMap((k) => [k.toString('hex'), k.toString('base64')]),
      officer,
      auditor,
      admin,
    ];
    expect(needles.filter((needle) => output.includes(needle))).toEqual([]);
  });
});
