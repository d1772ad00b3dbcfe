/**
 * The outbound event feed, as partner systems see it: webhooks to real HTTP receivers (signature
 * checked with the Standard Webhooks library, envelope with the CloudEvents SDK) on the in-process
 * scheduler and on BullMQ with a real Redis, with retries, a dead letter and its replay, a restart
 * of the sender, and the pull form `GET /feed` with the same envelopes and scoping.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';
import { Receiver, startReceiver } from './support/webhook-receiver';

const ADAPTERS: [string, () => Record<string, string>][] = [
  ['the in-process scheduler', () => ({})],
  [
    'BullMQ on Redis',
    () => ({
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      READ_MODELS_PREFIX: `test-event-feed-${randomUUID().slice(0, 8)}:`,
    }),
  ],
];

const FEED_ENV = {
  EVENT_FEED_ALLOW_HTTP: 'true',
  EVENT_FEED_BACKOFF_MS: '100',
  EVENT_FEED_MAX_ATTEMPTS: '3',
  EVENT_FEED_POLL_MS: '50',
};

async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(ADAPTERS)('the event feed on %s', (_, adapterEnv) => {
  const env: Record<string, string> = { ...FEED_ENV, ...adapterEnv() };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attendance-feed-'));
  let t: TestApp;
  let admin: string;
  let officer: string;
  let receiver: Receiver;
  let dead: Receiver;
  let schoolA: Receiver;
  let deadSubscription: string;
  const pupils: Record<string, string> = {};

  const as = (token: string) => ({
    get: (url: string) => request(t.http).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object = {}) =>
      request(t.http).post(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  const subscribe = async (r: Receiver, body: object) => {
    const created = await as(admin)
      .post('/admin/event-feed/subscriptions', { url: r.url, startAt: 'beginning', ...body })
      .expect(201);
    r.secret = created.body.secret;
    return created.body as { subscriptionId: string; secret: string };
  };
  /** Every public event in the feed, read as the LA-wide officer. */
  const wholeFeed = async () =>
    (await as(officer).get('/feed?limit=500').expect(200)).body.items as {
      id: string;
      type: string;
      subject: string;
      sequence: string;
    }[];

  beforeAll(async () => {
    t = await startTestApp(env, { dataDir });
    admin = await t.token('admin', 'admin-1');
    officer = await t.token('attendance-officer', 'officer-1');
    [receiver, dead, schoolA] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    receiver.failNext(2);
    dead.down = true;
    await subscribe(receiver, { role: 'attendance-officer' });
    await subscribe(schoolA, { role: 'school-staff', schoolIds: ['school-a'] });
    deadSubscription = (await subscribe(dead, { role: 'attendance-officer' })).subscriptionId;
    pupils.a = (await registerPupil(t.http, officer, 'P-FEED-A', 'school-a')).pupilId;
    pupils.b = (await registerPupil(t.http, officer, 'P-FEED-B', 'school-b')).pupilId;
    await as(officer)
      .post(`/pupils/${pupils.a}/support-actions`, {
        kind: 'school-nurse',
        description: 'School nurse sessions',
        startedOn: new Date().toISOString().slice(0, 10),
      })
      .expect(201);
    await as(officer)
      .post(`/pupils/${pupils.b}/closure`, { reason: 'improved', explanation: 'Back every day' })
      .expect(200);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await Promise.all([receiver.close(), dead.close(), schoolA.close()]);
    // What this run kept in Redis (read models, subscriptions, BullMQ jobs) goes with it.
    if (env.REDIS_URL) {
      const redis = new Redis(env.REDIS_URL);
      const keys = await redis.keys(`${env.READ_MODELS_PREFIX}*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
    }
  });

  it('delivers every public event to a subscriber, retrying the first failures, each signed and with a stable id', async () => {
    const expected = await eventually('the feed holds four events', async () => {
      const feed = await wholeFeed();
      return feed.length === 4 ? feed : undefined;
    });
    expect(expected.map((e) => e.type)).toEqual([
      'uk.gov.attendance.pupil.registered.v1',
      'uk.gov.attendance.pupil.registered.v1',
      'uk.gov.attendance.pupil.stage-changed.v1',
      'uk.gov.attendance.pupil.case-closed.v1',
    ]);
    await eventually(
      'the receiver has every event',
      () => expected.every((e) => receiver.accepted().some((d) => d.id === e.id)) || undefined,
    );
    // The first two attempts were answered 500 and sent again with the same id.
    const [first, second, third] = receiver.requests;
    expect([first.accepted, second.accepted, third.accepted]).toEqual([false, false, true]);
    expect(new Set([first.id, second.id, third.id]).size).toBe(1);
    expect(receiver.refused).toEqual([]);
    // In feed order, so in order per pupil; the CloudEvent id is the webhook-id.
    const accepted = receiver.accepted();
    expect(accepted.map((d) => d.event.sequence)).toEqual(expected.map((e) => e.sequence));
    for (const d of accepted) {
      expect(d.event).toMatchObject({
        specversion: '1.0',
        id: d.id,
        source: '/attendance-casework',
      });
      expect(d.headers['content-type']).toBe('application/cloudevents+json');
    }
  }, 60_000);

  it('fails the signature check of a tampered body', () => {
    const d = receiver.accepted()[0];
    const webhook = new Webhook(receiver.secret!);
    expect(() => webhook.verify(d.body, d.headers)).not.toThrow();
    const tampered = d.body.replace('"registered', '"REGISTERED');
    expect(() => webhook.verify(tampered, d.headers)).toThrow(/signature/i);
  });

  it('sends a school-scoped subscriber only its schools’ pupils', async () => {
    await eventually(
      'the school-a subscriber has pupil A’s two events',
      () => schoolA.accepted().length >= 2 || undefined,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(new Set(schoolA.accepted().map((d) => d.event.subject))).toEqual(
      new Set([`pupils/${pupils.a}`]),
    );
    // School staff get the pupil's identifiers, not the vulnerability flags an LA role gets.
    const registration = (r: Receiver) =>
      r
        .accepted()
        .find(
          (d) =>
            d.event.type === 'uk.gov.attendance.pupil.registered.v1' &&
            d.event.subject === `pupils/${pupils.a}`,
        )!.event.data as Record<string, unknown>;
    expect(registration(schoolA)).toHaveProperty('dateOfBirth', '2012-05-10');
    expect(registration(schoolA)).not.toHaveProperty('flags');
    expect(registration(receiver)).toHaveProperty('flags');
  });

  it('dead-letters an event after the last attempt and holds the subscriber’s later events until it is replayed', async () => {
    const letters = await eventually('a dead letter is listed', async () => {
      const body = (await as(admin).get('/admin/event-feed/dead-letters').expect(200)).body;
      return body.length > 0 ? body : undefined;
    });
    const feed = await wholeFeed();
    expect(letters).toEqual([
      expect.objectContaining({
        subscriptionId: deadSubscription,
        eventId: feed[0].id,
        attempts: 3,
        lastError: 'the receiver answered HTTP 503',
      }),
    ]);
    expect(dead.requests.map((r) => r.id)).toEqual([feed[0].id, feed[0].id, feed[0].id]);
    const subscriptions = (await as(admin).get('/admin/event-feed/subscriptions').expect(200)).body;
    expect(
      subscriptions.find((s: { subscriptionId: string }) => s.subscriptionId === deadSubscription),
    ).toMatchObject({ status: 'suspended', deliveredUpTo: null });
    expect(JSON.stringify(subscriptions)).not.toContain('whsec_');

    dead.down = false;
    await as(admin)
      .post(`/admin/event-feed/dead-letters/${letters[0].deadLetterId}/replay`)
      .expect(200);
    await eventually(
      'the replayed subscriber has every event',
      () => dead.accepted().length === feed.length || undefined,
    );
    expect(dead.accepted().map((d) => d.id)).toEqual(feed.map((e) => e.id));
    expect((await as(admin).get('/admin/event-feed/dead-letters').expect(200)).body).toEqual([]);

    // Deleted, it receives nothing more (checked after the restart below).
    const del = (id: string) =>
      request(t.http)
        .delete(`/admin/event-feed/subscriptions/${id}`)
        .set('Authorization', `Bearer ${admin}`);
    expect((await del(deadSubscription).expect(200)).body).toEqual({
      subscriptionId: deadSubscription,
      removed: true,
    });
    await del(deadSubscription).expect(404);
  }, 60_000);

  it('pages the pull feed by cursor with the same envelopes, scoped like the webhooks', async () => {
    const feed = await wholeFeed();
    const paged: string[] = [];
    let after = '';
    for (;;) {
      const page = (await as(officer).get(`/feed?limit=1${after}`).expect(200)).body;
      paged.push(...page.items.map((e: { id: string }) => e.id));
      if (page.caughtUp) break;
      after = `&after=${page.nextCursor}`;
    }
    expect(paged).toEqual(feed.map((e) => e.id));
    const worker = await t.token('link-worker', 'worker-1', ['school-a']);
    const scoped = (await as(worker).get('/feed').expect(200)).body.items;
    expect(scoped.map((e: { subject: string }) => e.subject)).toEqual([
      `pupils/${pupils.a}`,
      `pupils/${pupils.a}`,
    ]);
    const lastSeen = (await as(officer).get(`/feed?after=${feed[3].sequence}`).expect(200)).body;
    expect(lastSeen).toEqual({ items: [], nextCursor: feed[3].sequence, caughtUp: true });
  });

  it('refuses bad feed and subscription input with 4xx, changing nothing', async () => {
    const before = (await t.allEvents()).length;
    const subscriptionsBefore = (await as(admin).get('/admin/event-feed/subscriptions')).body;
    for (const query of ['after=12', 'after=x', 'limit=0', 'limit=501', 'limit=ten'])
      expect((await as(officer).get(`/feed?${query}`)).status).toBe(400);
    for (const body of [
      {},
      { url: 'not a url', role: 'attendance-officer' },
      { url: receiver.url, role: 'chief' },
      { url: receiver.url, role: 'attendance-officer', schoolIds: ['no spaces'] },
    ])
      expect((await as(admin).post('/admin/event-feed/subscriptions', body)).status).toBe(400);
    const refused = await as(admin)
      .post('/admin/event-feed/subscriptions', { url: receiver.url, role: 'admin' })
      .expect(422);
    expect(refused.body.detail).toMatch(/may not follow the event feed/);
    await as(admin).post(`/admin/event-feed/dead-letters/${randomUUID()}-g0/replay`).expect(404);
    await as(admin).get('/admin/event-feed/dead-letters?subscriptionId=x').expect(400);
    expect((await as(admin).get('/admin/event-feed/subscriptions')).body).toEqual(
      subscriptionsBefore,
    );
    expect((await t.allEvents()).length).toBe(before);
  });

  it('goes on after a restart of the sender, losing nothing', async () => {
    await t.app.close();
    t = await startTestApp(env, { dataDir });
    officer = await t.token('attendance-officer', 'officer-1');
    await request(t.http)
      .put(`/pupils/${pupils.a}/social-worker`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ socialWorkerId: 'sw-1' })
      .expect(200);
    await as(officer)
      .post(`/pupils/${pupils.a}/closure`, { reason: 'improved', explanation: 'Settled' })
      .expect(200);
    pupils.c = (await registerPupil(t.http, officer, 'P-FEED-C', 'school-a')).pupilId;
    const feed = await eventually('the feed holds the new events', async () => {
      const all = await wholeFeed();
      return all.length === 6 ? all : undefined;
    });
    await eventually(
      'the receiver has the new pupil',
      () => receiver.accepted().some((d) => d.id === feed[5].id) || undefined,
    );
    expect(dead.accepted()).toHaveLength(4);
    // A social worker follows the child allocated to them, from the allocation on, and no other.
    const socialWorker = await t.token('social-worker', 'sw-1');
    const theirs = (await as(socialWorker).get('/feed').expect(200)).body.items;
    expect(theirs.map((e: { type: string; subject: string }) => [e.type, e.subject])).toEqual([
      ['uk.gov.attendance.pupil.case-closed.v1', `pupils/${pupils.a}`],
    ]);
    const ids = receiver.accepted().map((d) => d.id);
    expect(new Set(ids)).toEqual(new Set(feed.map((e) => e.id)));
    // At least once: anything delivered twice came with the same id, in feed order.
    const sequences = receiver.accepted().map((d) => String(d.event.sequence));
    expect([...new Set(sequences)]).toEqual(feed.map((e) => e.sequence));
  }, 60_000);
});
