/**
 * The daily digest, end to end on both schedulers (the in-process one on the embedded default,
 * BullMQ on the real Redis): people with tasks due or overdue get one e-mail each, on a real SMTP
 * server started here; someone whose tasks are not yet due gets none; the jobs keep looking and
 * send nothing twice, and a restart of the api sends nothing twice either.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import request from 'supertest';
import { PROJECTOR } from '@app/application';
import { addDays, dateOf } from '@app/domain';
import type { Projector } from '@app/read-models';
import { startTestSmtpServer } from '@app/application/testing/test-smtp-server';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PUBLIC_URL = 'https://casework.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A referral by `worker`, decided by the panel `decidedDaysAgo`: their task is due 5 working days on. */
async function decidedReferral(
  t: TestApp,
  worker: string,
  reference: string,
  decidedDaysAgo: number,
): Promise<string> {
  const token = await t.token('link-worker', worker, ['school-a']);
  const chair = await t.token('panel-chair', 'chair-1');
  const today = dateOf(new Date());
  const { pupilId } = await registerPupil(t.http, token, reference);
  const { referralId } = (
    await request(t.http)
      .post(`/pupils/${pupilId}/panel-referrals`)
      .set('Authorization', `Bearer ${token}`)
      .send({ reason: 'Not improving', referredOn: addDays(today, -decidedDaysAgo - 7) })
      .expect(201)
  ).body;
  await request(t.http)
    .post(`/pupils/${pupilId}/panel-referrals/${referralId}/decision`)
    .set('Authorization', `Bearer ${chair}`)
    .send({
      decision: 'continue-support',
      rationale: 'Keep the support going',
      decidedOn: addDays(today, -decidedDaysAgo),
    })
    .expect(200);
  return pupilId;
}

const variants: [string, (run: string) => Record<string, string>][] = [
  ['the in-process scheduler (embedded default)', () => ({})],
  ['BullMQ on Redis', (run) => ({ REDIS_URL, READ_MODELS_PREFIX: `test-digest-${run}:` })],
];

describe.each(variants)('the daily task digest on %s', (_, envOf) => {
  const run = randomUUID().slice(0, 8);
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let dataDir: string;
  let env: Record<string, string>;
  let t: TestApp;
  // The referrals are recorded before the digest hour (01:00 UTC) and the clock moves on to midday
  // only once the read models hold them all: otherwise, on a loaded machine, the planner could look
  // between two of one person's referrals and send their digest for the day with one task.
  const today = dateOf(new Date());
  const started = Date.now();
  let clockFrom = Date.parse(`${today}T00:30:00.000Z`);
  const clock = () => new Date(clockFrom + (Date.now() - started));
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-digest-'));
    env = {
      ...envOf(run),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'casework@council.test',
      MAIL_RECIPIENT_DOMAIN: 'council.test',
      WEB_PUBLIC_URL: PUBLIC_URL,
      TASK_DIGEST_HOUR: '1',
      TASK_DIGEST_CHECK_MS: '200',
    };
    t = await startTestApp(env, { dataDir, clock });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    if (env.READ_MODELS_PREFIX) {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${env.READ_MODELS_PREFIX}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  const decided = (worker: string, reference: string, daysAgo: number) =>
    decidedReferral(t, worker, reference, daysAgo);

  it('sends one e-mail per person with tasks due, none to others, and none twice after a restart', async () => {
    const first = await decided('worker-1', 'P-D1', 14);
    const second = await decided('worker-1', 'P-D2', 21);
    const other = await decided('worker-2', 'P-D3', 10);
    await decided('worker-3', 'P-D4', 0); // due in 5 working days: no digest yet
    const head = (await t.allEvents()).at(-1)!.position;
    await t.app.get<symbol, Projector>(PROJECTOR).waitForPosition(head, 20_000);
    await sleep(600); // three looks before the digest hour: nothing goes
    expect(smtp.received).toHaveLength(0);
    clockFrom = Date.parse(`${today}T12:00:00.000Z`);

    await until(() => smtp.received.length >= 2, 'two digests');
    await sleep(1_200); // six more looks
    const to = (i: number) => smtp.received[i].envelopeTo[0];
    expect(smtp.received.map((_m, i) => to(i)).sort()).toEqual([
      'worker-1@council.test',
      'worker-2@council.test',
    ]);

    const mine = smtp.received.find((m) => m.envelopeTo[0] === 'worker-1@council.test')!.parsed;
    expect(mine.subject).toMatch(/^Attendance casework: 2 tasks due or overdue \(2 overdue\) on /);
    expect(mine.from?.text).toBe('casework@council.test');
    expect(mine.text).toContain(`${PUBLIC_URL}/cases/${first}`);
    expect(mine.text).toContain(`${PUBLIC_URL}/cases/${second}`);
    expect(mine.text).not.toContain(other);
    for (const m of smtp.received) {
      expect(m.parsed.subject).not.toMatch(/P-D\d|[0-9a-f]{8}-[0-9a-f]{4}/);
      expect(m.parsed.text).not.toMatch(/P-D\d/);
    }

    // The api restarts on the same data (and the same Redis): the jobs look again, send nothing.
    await t.app.close();
    t = await startTestApp(env, { dataDir, clock });
    await sleep(1_500);
    expect(smtp.received).toHaveLength(2);
  }, 60_000);
});

describe('the daily task digest with nothing configured', () => {
  it('writes each e-mail as an .eml file under DATA_DIR/outbox', async () => {
    const t = await startTestApp({ TASK_DIGEST_HOUR: '0', TASK_DIGEST_CHECK_MS: '200' });
    try {
      const pupilId = await decidedReferral(t, 'worker-1', 'P-O1', 14);
      const outbox = path.join(t.config.dataDir, 'outbox');
      const files = () => (fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);
      await until(() => files().length > 0, 'the outbox file');
      await sleep(600);
      expect(files()).toHaveLength(1);
      const eml = await simpleParser(fs.readFileSync(path.join(outbox, files()[0])));
      expect((eml.to as { text: string }).text).toBe('worker-1@localhost');
      expect(eml.subject).toMatch(/^Attendance casework: 1 task due or overdue/);
      expect(eml.text).toContain(`/cases/${pupilId}`);
    } finally {
      await t.close();
    }
  }, 30_000);
});
