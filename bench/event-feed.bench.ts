/**
 * npm run bench:event-feed — the event feed on the embedded default (SQLite document store, the
 * in-process SQLite scheduler), or with BENCH_REDIS=1 on Redis and BullMQ (REDIS_URL, default
 * redis://127.0.0.1:6379, keys under a fresh prefix, removed afterwards).
 *
 * BENCH_EVENTS public events (default 5,000: registrations of pupils spread over 20 schools) are
 * written into the event-feed projection's entries as the projection writes them. Then:
 * - webhook delivery of all of them to one LA-wide subscription, and of one school's twentieth to a
 *   school-scoped one, each to a receiver on loopback in this process that checks every
 *   signature and answers 204: events/s from the subscription's creation to the last answer;
 * - GET /feed's read (FeedReader, without HTTP) of a 100-event page at random cursors, LA-wide and
 *   for one school: p50 and p99 in ms over BENCH_READS reads (default 200).
 * One JSON line per figure.
 */
import {
  AccessLog,
  createDocumentStore,
  createScheduler,
  DeliveryPayload,
  EVENT_FEED_QUEUE,
  FeedReader,
  loadConfig,
  Principal,
  Subscription,
  Subscriptions,
  verifySignature,
  WebhookDelivery,
} from '@app/application';
import { SqliteEventStore } from '@app/event-store';
import {
  eventFeedProjection,
  FEED_ENTRIES,
  FeedEntry,
  feedSeq,
  ProjectionReader,
  publicEventId,
} from '@app/read-models';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const READS = Number(process.env.BENCH_READS ?? 200);
const SCHOOLS = 20;
const REDIS = process.env.BENCH_REDIS === '1';

const context = { events: EVENTS, stores: REDIS ? 'redis+bullmq' : 'sqlite+in-process' };
const emit = (name: string, value: number, unit: string, extra: object = {}) =>
  console.log(
    JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...context, ...extra }),
  );

function entry(i: number): FeedEntry {
  const pupilId = randomUUID();
  const seq = feedSeq(BigInt(i + 1), 0);
  return {
    seq,
    eventId: publicEventId(randomUUID(), 0),
    type: 'uk.gov.attendance.pupil.registered.v1',
    pupilId,
    time: '2026-12-04T09:00:00.000Z',
    scope: {
      schoolIds: [`school-${i % SCHOOLS}`],
      leadPractitionerId: null,
      socialWorkerId: null,
      lookedAfter: false,
    },
    data: {
      pupilId,
      reference: `P-${i}`,
      schoolId: `school-${i % SCHOOLS}`,
      schoolType: 'academy',
      yearGroup: 8,
      registeredOn: '2026-09-03',
      stage: 'expect',
    },
    restricted: { identifiers: { upn: null, dateOfBirth: '2013-05-10' } },
  };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-event-feed-'));
  const prefix = `bench-event-feed-${randomUUID().slice(0, 8)}:`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EVENT_FEED_ALLOW_HTTP: 'true',
    ...(REDIS
      ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', READ_MODELS_PREFIX: prefix }
      : {}),
  });
  const redis = config.redis ? new Redis(config.redis.url) : null;
  const documents = createDocumentStore(config, redis);
  const scheduler = createScheduler(config);
  const events = new SqliteEventStore({ file: path.join(dataDir, 'events.db') });
  const subscriptions = new Subscriptions(documents);
  const reader = new FeedReader(documents);
  const delivery = new WebhookDelivery({
    config,
    scheduler,
    subscriptions,
    reader,
    accessLog: new AccessLog(events, () => new Date()),
    clock: () => new Date(),
  });
  scheduler.registerHandler<DeliveryPayload>(
    EVENT_FEED_QUEUE,
    (job) => delivery.deliver(job.id, job.payload, job.attempt),
    { concurrency: 4 },
  );
  await scheduler.start();

  const entries = await new ProjectionReader(documents, eventFeedProjection).collection(
    FEED_ENTRIES,
  );
  for (let i = 0; i < EVENTS; i += 500)
    await documents.transaction((tx) => {
      for (let j = i; j < Math.min(EVENTS, i + 500); j += 1) {
        const e = entry(j);
        tx.put(entries, e.seq, e);
      }
    });

  let secret = '';
  let received = 0;
  let refused = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = req.headers as Record<string, string>;
      if (verifySignature(secret, headers, body, new Date()).ok) received += 1;
      else refused += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

  const deliverAll = async (
    name: string,
    role: Subscription['role'],
    schoolIds: string[],
    expected: number,
  ) => {
    received = 0;
    const subscription: Subscription = {
      subscriptionId: randomUUID(),
      url,
      role,
      schoolIds,
      userId: 'bench',
      secret: 'whsec_' + Buffer.from(randomUUID()).toString('base64'),
      generation: 0,
      createdAt: new Date().toISOString(),
      createdBy: 'bench',
    };
    secret = subscription.secret;
    const started = performance.now();
    await subscriptions.save(subscription);
    await delivery.scheduleFrom(subscription, null);
    while (received < expected) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - started) / 1000;
    emit(`event-feed.webhook.${name}`, expected / seconds, 'events/s', {
      delivered: expected,
      seconds: Math.round(seconds * 100) / 100,
    });
  };
  await deliverAll('la-wide', 'attendance-officer', [], EVENTS);
  await deliverAll('one-school', 'school-staff', ['school-3'], EVENTS / SCHOOLS);
  if (refused > 0) throw new Error(`${refused} deliveries failed the signature check`);

  const reads = async (name: string, principal: Principal) => {
    const times: number[] = [];
    for (let i = 0; i < READS; i += 1) {
      const after = feedSeq(BigInt(Math.floor(Math.random() * EVENTS)), 0);
      const started = performance.now();
      await reader.page(principal, after, 100);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    emit(`event-feed.pull.${name}.p50`, times[Math.floor(READS * 0.5)], 'ms', { reads: READS });
    emit(`event-feed.pull.${name}.p99`, times[Math.floor(READS * 0.99)], 'ms', { reads: READS });
  };
  await reads('la-wide', { userId: 'o', role: 'attendance-officer', schoolIds: [] });
  await reads('one-school', { userId: 's', role: 'school-staff', schoolIds: ['school-3'] });

  receiver.close();
  await scheduler.close();
  await documents.close();
  await events.close();
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await redis.quit();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
