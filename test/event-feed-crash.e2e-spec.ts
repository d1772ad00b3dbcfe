/**
 * Webhook delivery across crashes: the real api process on the embedded default (SQLite, the
 * in-process scheduler) delivers the feed to a slow receiver and is SIGKILLed twice mid-delivery.
 * After each restart delivery resumes from the subscription's checkpoint: every event arrives, in
 * feed order, and an event is repeated (with the same id) only where a kill fell between the
 * receiver's answer and the checkpoint, at most once per kill.
 */
import { loadConfig, TokenService } from '@app/application';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startApiProcess } from './support/api-process';
import { freePort } from './support/free-port';
import { pupilBody } from './support/pupils';
import { startReceiver } from './support/webhook-receiver';

const PUPILS = 60;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, safetyMs = 60_000) {
  const giveUpAt = Date.now() + safetyMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`Gave up waiting until ${what}`);
    await sleep(10);
  }
}

describe('webhook delivery from an api killed mid-delivery', () => {
  jest.setTimeout(240_000);
  let dataDir: string;
  let api: ChildProcess | undefined;
  const receiverReady = startReceiver();
  afterAll(async () => {
    api?.kill('SIGKILL');
    await (await receiverReady).close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes from its checkpoint after each kill: every event, in order, a repeat at most once per kill', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-feed-crash-'));
    const receiver = await receiverReady;
    receiver.delayMs = 30;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const tokens = new TokenService(loadConfig({ DATA_DIR: dataDir }).auth);
    const officer = await tokens.issue({ sub: 'officer-1', role: 'attendance-officer' });
    const admin = await tokens.issue({ sub: 'admin-1', role: 'admin' });
    const call = async (token: string, method: string, url: string, body?: object) => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const start = () =>
      startApiProcess(dataDir, port, {
        PROJECTIONS_THREAD: 'false',
        EVENT_FEED_ALLOW_HTTP: 'true',
        EVENT_FEED_POLL_MS: '50',
        EVENT_FEED_BACKOFF_MS: '100',
        // A job the killed process held is taken again after a second, not half a minute.
        JOB_LEASE_MS: '1000',
      });
    const kill = async (child: ChildProcess) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    };

    api = await start();
    for (let i = 0; i < PUPILS; i += 1)
      expect((await call(officer, 'POST', '/pupils', pupilBody(`CRASH-${i}`))).status).toBe(201);
    const feed = async () =>
      (await call(officer, 'GET', '/feed?limit=500')).body.items as {
        id: string;
        sequence: string;
      }[];
    await until('the feed holds every registration', async () => (await feed()).length === PUPILS);
    const expected = await feed();
    const created = await call(admin, 'POST', '/admin/event-feed/subscriptions', {
      url: receiver.url,
      role: 'attendance-officer',
      startAt: 'beginning',
    });
    expect(created.status).toBe(201);
    receiver.secret = String(created.body.secret);

    for (const killAt of [15, 35]) {
      await until(`the receiver has ${killAt} events`, () => receiver.accepted().length >= killAt);
      await kill(api);
      api = await start();
    }
    await until('the receiver has every event', () =>
      expected.every((e) => receiver.accepted().some((d) => d.id === e.id)),
    );
    await sleep(500);

    const received = receiver.accepted().map((d) => String(d.event.sequence));
    expect([...new Set(received)]).toEqual(expected.map((e) => e.sequence));
    // In order: each arrival is the next event or a repeat of the one before.
    for (let i = 1; i < received.length; i += 1) expect(received[i] >= received[i - 1]).toBe(true);
    expect(received.length - expected.length).toBeLessThanOrEqual(2);
    expect(receiver.refused).toEqual([]);
  });
});
