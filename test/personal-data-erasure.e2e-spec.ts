/**
 * Erasing a parent who has a penalty notice (crypto-shredding): before, the journey's notice, the
 * eligibility view, the family's history and the evidence pack show her name and address; after,
 * each shows "[erased]" where they were and everything else as it was (from projections rebuilt
 * afterwards too), the hash chains and the transparency log still verify (`npm run audit:verify`
 * exits 0: the hashes cover ciphertext), and no file under DATA_DIR (after the app closed, so
 * SQLite's WAL files are checkpointed) nor any key in Redis holds her name, address, e-mail or
 * data key. Run on the embedded default and with Redis (read models, jobs and keys there).
 */
import { KEY_STORE, type KeyStore } from '@app/application';
import Redis from 'ioredis';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { parentBody } from './support/families';
import { janeDetails, postAs } from './support/people';
import { registerPupil } from './support/pupils';
import { weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PURPOSE = 'Checking the record after an erasure request';
const holiday = { from: '2025-09-15', to: '2025-09-19' };

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every value held in Redis, as bytes, by key. */
async function redisValues(redis: Redis): Promise<Map<string, Buffer>> {
  const values = new Map<string, Buffer>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const parts: (Buffer | string)[] =
        type === 'string'
          ? [(await redis.getBuffer(key)) ?? '']
          : type === 'hash'
            ? await redis.hgetallBuffer(key).then((h) => Object.entries(h).flat())
            : type === 'list'
              ? await redis.lrangeBuffer(key, 0, -1)
              : type === 'set'
                ? await redis.smembersBuffer(key)
                : type === 'zset'
                  ? await redis.zrangeBuffer(key, 0, -1)
                  : type === 'stream'
                    ? (await redis.xrange(key, '-', '+')).flat(3).map(String)
                    : [];
      values.set(key, Buffer.concat(parts.map((p) => Buffer.from(p))));
    }
  } while (cursor !== '0');
  return values;
}

describe.each([
  ['the embedded default (SQLite)', false],
  ['Redis', true],
])('erasing a parent who has a penalty notice, on %s', (_, withRedis) => {
  const run = randomUUID().slice(0, 8);
  const mumDetails = janeDetails(`-${run}`);
  const childDetails = { ...janeDetails(`-child-${run}`), givenName: `Tobiah${run}` };
  const secrets = [
    mumDetails.givenName,
    mumDetails.familyName,
    mumDetails.address.lines[0],
    mumDetails.email,
  ];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-e2e-'));
  let t: TestApp;
  let redis: Redis | undefined;
  let officer: string;
  let auditor: string;
  let admin: string;
  let pupilId: string;
  let familyId: string;
  let mum: string;
  let noticeId: string;
  let mumKey: Buffer;

  const get = (token: string, url: string) =>
    request(t.http).get(url).set('Authorization', `Bearer ${token}`);
  const post = (token: string, url: string, body: object, status = 200) =>
    postAs(t.http, token, url, body, status);

  /** What every read shows of the case: the notice, eligibility, the history and the pack. */
  const reads = async () => {
    const journey = (await get(auditor, `/pupils/${pupilId}`).expect(200)).body;
    const eligibility = (await get(auditor, '/penalty-notice-eligibility').expect(200)).body;
    const history = (
      await get(
        auditor,
        `/families/${familyId}/history?purpose=${encodeURIComponent(PURPOSE)}`,
      ).expect(200)
    ).body;
    const packUrl = `/pupils/${pupilId}/evidence-packs/penalty-notices/${noticeId}?purpose=${encodeURIComponent(PURPOSE)}`;
    const pack = (await get(auditor, packUrl).expect(200)).body;
    const packHtml = (await get(auditor, `${packUrl}&format=html`).expect(200)).text;
    const historyHtml = (
      await get(
        auditor,
        `/families/${familyId}/history?format=html&purpose=${encodeURIComponent(PURPOSE)}`,
      ).expect(200)
    ).text;
    return { journey, eligibility, history, pack, packHtml, historyHtml };
  };

  beforeAll(async () => {
    const prefix = `test-erasure-${process.pid}-${run}:`;
    const env: Record<string, string> = withRedis
      ? {
          REDIS_URL,
          READ_MODELS_PREFIX: `${prefix}rm:`,
          PERSON_KEYS_PREFIX: `${prefix}keys:`,
        }
      : {};
    if (withRedis) redis = new Redis(REDIS_URL);
    t = await startTestApp(env, { dataDir });
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
    admin = await t.token('admin', 'admin-1');

    mum = (await post(officer, '/people', { kind: 'parent-or-carer', ...mumDetails }, 201))
      .personId;
    familyId = (await post(officer, '/families', { reference: 'F-1' }, 201)).familyId;
    await post(
      officer,
      `/families/${familyId}/parents`,
      { ...parentBody('M'), personId: mum },
      201,
    );
    ({ pupilId } = await registerPupil(t.http, officer, 'P-1'));
    await post(officer, '/people', { kind: 'pupil', pupilId, ...childDetails }, 201);
    await post(officer, `/families/${familyId}/pupils`, { pupilId });
    // A week's holiday in term time: 10 sessions of G, the national threshold met.
    await post(officer, `/pupils/${pupilId}/marks`, weekOfMarks(holiday.from, { code: () => 'G' }));
    await post(officer, `/pupils/${pupilId}/support-not-appropriate`, {
      reason: 'term-time-holiday',
      explanation: 'A week abroad in term time',
      offencePeriod: holiday,
    });
    const issued = await post(
      officer,
      `/pupils/${pupilId}/penalty-notices`,
      { parentId: mum, issuedOn: '2025-10-01', offencePeriod: holiday, issuedBy: 'headteacher' },
      201,
    );
    noticeId = issued.noticeId;
    // The deadline process managers record what fell due since 2025 (the 21 and 28 days): let
    // them finish, so the reads before and after the erasure differ only by it.
    for (let last = -1, same = 0; same < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const count = (await t.allEvents()).length;
      same = count === last ? same + 1 : 0;
      last = count;
    }
    await get(officer, `/caseloads?position=${issued.position}`).expect(200);
    mumKey = (await t.app.get<KeyStore>(KEY_STORE).find(mum))!;
  });

  let closed = false;
  afterAll(async () => {
    if (!closed) await t.app.close();
    if (redis) {
      const keys = [...(await redisValues(redis)).keys()].filter((k) =>
        k.startsWith(`test-erasure-${process.pid}-${run}:`),
      );
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows her name and address on the notice, the eligibility view, the history and the pack', async () => {
    const { journey, eligibility, history, pack, packHtml, historyHtml } = await reads();
    const name = `${mumDetails.givenName} ${mumDetails.familyName}`;
    expect([
      ...journey.openItems.unpaidPenaltyNotices,
      ...journey.openItems.penaltyNoticesToResolve,
    ]).toContainEqual(expect.objectContaining({ noticeId, parentId: mum }));
    expect(journey.people[mum]).toMatchObject({ status: 'held', name });
    expect(journey.people[mum].address).toContain(mumDetails.address.lines[0]);
    expect(eligibility.people[mum]).toMatchObject({ name, email: mumDetails.email });
    expect(history.people[mum]).toMatchObject({ name });
    expect(pack.people[mum]).toMatchObject({ name });
    expect(packHtml).toContain(name);
    expect(packHtml).toContain(mumDetails.address.lines[0]);
    expect(historyHtml).toContain(name);
  });

  it('after erasure shows every field of hers as erased and the rest of the history as it was', async () => {
    const before = await reads();
    await post(admin, `/people/${mum}/erasure`, {
      basis: 'erasure-request',
      reason: 'The parent asked for her details to be erased (UK GDPR art 17)',
    });
    const after = await reads();
    const erased = {
      status: 'erased',
      name: '[erased]',
      address: '[erased]',
      email: '[erased]',
      phone: '[erased]',
    };
    expect(after.journey.people[mum]).toMatchObject(erased);
    expect(after.eligibility.people[mum]).toMatchObject(erased);
    expect(after.history.people[mum]).toMatchObject(erased);
    expect(after.pack.people[mum]).toMatchObject(erased);
    for (const html of [after.packHtml, after.historyHtml]) {
      expect(html).toContain('[erased]');
      for (const secret of secrets) expect(html).not.toContain(secret);
    }
    // The rest stands: the notice with its amounts and dates, the eligibility answer, every
    // entry of the history, the pack's facts, and the child's own name (she was not erased).
    const { people: _a, ...journeyRest } = after.journey;
    const { people: _b, ...journeyBefore } = before.journey;
    expect({ ...journeyRest, revision: undefined }).toEqual({
      ...journeyBefore,
      revision: undefined,
    });
    expect(after.eligibility.items).toEqual(before.eligibility.items);
    expect(after.history.entries).toEqual(before.history.entries);
    expect({ ...after.pack, people: undefined, generatedAt: undefined }).toEqual({
      ...before.pack,
      people: undefined,
      generatedAt: undefined,
    });
    expect(after.pack.people[pupilId]).toMatchObject({
      status: 'held',
      name: expect.stringContaining(childDetails.givenName),
    });
    for (const read of [after.journey, after.eligibility, after.history, after.pack])
      for (const secret of secrets) expect(JSON.stringify(read)).not.toContain(secret);
  });

  it('shows her as erased from projections rebuilt afterwards too', async () => {
    const status = async () =>
      (await get(admin, '/admin/projections').expect(200)).body as {
        projection: string;
        version: number;
        rebuildRequested?: unknown;
      }[];
    const rebuilt = ['caseload', 'eligibility', 'people-index', 'case-file'];
    const before = new Map((await status()).map((p) => [p.projection, p.version]));
    const eligibility = (await get(auditor, '/penalty-notice-eligibility').expect(200)).body;
    for (const name of rebuilt)
      await request(t.http)
        .post(`/admin/projections/${name}/rebuild`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(202);
    for (let i = 0; i < 200; i += 1) {
      const now = await status();
      const done = rebuilt.every((name) => {
        const p = now.find((x) => x.projection === name)!;
        return p.version > before.get(name)! && p.rebuildRequested === undefined;
      });
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = (await get(auditor, '/penalty-notice-eligibility').expect(200)).body;
    expect(after.items).toEqual(eligibility.items);
    expect(after.people[mum]).toMatchObject({ status: 'erased', name: '[erased]' });
    const journey = (await get(auditor, `/pupils/${pupilId}`).expect(200)).body;
    expect(journey.people[mum]).toMatchObject({ status: 'erased', address: '[erased]' });
    expect(
      (await status())
        .filter((p) => rebuilt.includes(p.projection))
        .map((p) => p.version > before.get(p.projection)!),
    ).toEqual(rebuilt.map(() => true));
  });

  it('still verifies every hash chain and the transparency log: npm run audit:verify exits 0', () => {
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect({ status: verify.status, stderr: verify.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(verify.stdout).brokenLinks).toEqual([]);
  });

  it('leaves none of her name, address, e-mail or key in any file under DATA_DIR or in Redis', async () => {
    await t.app.close();
    closed = true;
    const files = filesUnder(dataDir);
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['events.db']));
    const needles = [
      ...secrets.map((s) => Buffer.from(s, 'utf8')),
      mumKey,
      Buffer.from(mumKey.toString('base64')),
    ];
    const found = files.flatMap((file) => {
      const bytes = fs.readFileSync(file);
      return needles
        .filter((n) => bytes.includes(n))
        .map(
          (n) => `${path.relative(dataDir, file)}: ${n.length === 32 ? 'her key' : n.toString()}`,
        );
    });
    expect(found).toEqual([]);
    if (redis) {
      const values = await redisValues(redis);
      expect(values.size).toBeGreaterThan(0);
      const inRedis = [...values].flatMap(([key, bytes]) =>
        needles.filter((n) => bytes.includes(n) || key.includes(n.toString())).map(() => key),
      );
      expect(inRedis).toEqual([]);
    }
  });
});
