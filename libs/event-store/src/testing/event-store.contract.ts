/**
 * The EventStore contract: written once, run against every adapter (memory, SQLite, EventStoreDB
 * over the protocol test server, and a real EventStoreDB when EVENTSTORE_CONNECTION_STRING is set).
 * Every test uses fresh stream ids and only looks at its own streams in the global feed, so the
 * suite also runs against a shared server that holds other data.
 */
import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  EventStore,
  NewEvent,
  RecordedEvent,
  Subscription,
  SubscriptionMessage,
} from '../event-store.port';
import { describeSnapshotContract } from './snapshot.contract';

export interface ContractSetup {
  store: EventStore;
  teardown(): Promise<void>;
}

const metadata = (extra: Record<string, unknown> = {}) => ({
  actor: 'user-1',
  role: 'link-worker',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  occurredAt: '2025-03-03T09:15:00.000Z',
  ...extra,
});

export const newEvent = (
  type = 'ConversationRecorded',
  data: Record<string, unknown> = {},
): NewEvent => ({
  id: randomUUID(),
  type,
  data: { note: 'spoke with parent', ...data },
  metadata: metadata(),
});

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Reads a subscription until `until` says stop (or a generous safety limit passes, to fail rather than hang). */
export async function take(
  subscription: Subscription,
  until: (messages: SubscriptionMessage[]) => boolean,
  safetyMs = 10_000,
): Promise<SubscriptionMessage[]> {
  const messages: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.close(), safetyMs);
  try {
    for await (const m of subscription) {
      messages.push(m);
      if (until(messages)) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return messages;
}

const eventsOf = (messages: SubscriptionMessage[], streams: string[]) =>
  messages.flatMap((m) =>
    m.kind === 'event' && streams.includes(m.event.streamId) ? [m.event] : [],
  );

export async function lastPosition(store: EventStore): Promise<bigint | undefined> {
  const [last] = await collect(store.readAll({ direction: 'backwards', maxCount: 1 }));
  return last?.position;
}

export function describeEventStoreContract(
  name: string,
  setup: () => Promise<ContractSetup>,
  /** The optional parts of the port the adapter offers beyond those every adapter here has. */
  offers: { revisionOfEvent?: boolean } = {},
): void {
  describe(`${name}: the event store contract`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;
    const stream = (prefix = 'pupil') => `${prefix}-${randomUUID()}`;

    beforeEach(async () => ({ store, teardown } = await setup()));
    afterEach(async () => teardown());

    describeSnapshotContract({ store: () => store, newEvent, collect, lastPosition });

    describe('appending', () => {
      it('starts a new stream at revision 0 when no stream is expected', async () => {
        const id = stream();
        const result = await store.appendToStream(id, [newEvent()], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(0n);
        expect(typeof result.position).toBe('bigint');
      });

      it('refuses to start a stream that already exists', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        const error = await store
          .appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 0n });
      });

      it('appends at the exact revision the writer read', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(id, [newEvent()], { expectedRevision: 1n });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('refuses an append at a stale revision, saying what it found', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const error = await store
          .appendToStream(id, [newEvent()], { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 0n, actual: 1n });
      });

      it('refuses an exact revision on a stream that does not exist', async () => {
        const error = await store
          .appendToStream(stream(), [newEvent()], { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toMatchObject({ actual: 'no_stream' });
      });

      it('appends without a check when any revision will do', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'any' });
        const result = await store.appendToStream(id, [newEvent()], { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('appends to an existing stream when the stream must exist, and refuses a missing one', async () => {
        const id = stream();
        await expect(
          store.appendToStream(id, [newEvent()], { expectedRevision: 'stream_exists' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(id, [newEvent()], { expectedRevision: 'stream_exists' }),
        ).resolves.toMatchObject({ nextExpectedRevision: 1n });
      });

      it('writes a batch contiguously, in order, under one expected revision', async () => {
        const id = stream();
        const batch = [newEvent('A'), newEvent('B'), newEvent('C')];
        await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(id));
        expect(read.map((e) => [e.type, e.revision])).toEqual([
          ['A', 0n],
          ['B', 1n],
          ['C', 2n],
        ]);
        expect(read[1].position - read[0].position).toBeGreaterThan(0n);
      });

      it('writes none of a batch that conflicts', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(id, [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(id))).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent writers win each revision', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.appendToStream(id, [newEvent('Raced', { writer: i })], { expectedRevision: 0n }),
          ),
        );
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((r) => r.reason instanceof WrongExpectedRevisionError)).toBe(true);
        const read = await collect(store.readStream(id));
        expect(read.map((e) => e.revision)).toEqual([0n, 1n]);
      });

      it('appends every one of 20 racing writers exactly once when losers re-read and retry', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        const write = async (writer: number): Promise<void> => {
          for (;;) {
            const [last] = await collect(
              store.readStream(id, { direction: 'backwards', maxCount: 1 }),
            );
            try {
              await store.appendToStream(id, [newEvent('Raced', { writer })], {
                expectedRevision: last.revision,
              });
              return;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError)) throw error;
            }
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, i) => write(i)));
        const read = await collect(store.readStream(id));
        expect(read.map((e) => e.revision)).toEqual(
          Array.from({ length: 21 }, (_, i) => BigInt(i)),
        );
        expect(new Set(read.slice(1).map((e) => e.data.writer)).size).toBe(20);
      });

      it('treats a retry of the same event ids at the same revision as done, writing nothing', async () => {
        const id = stream();
        const batch = [newEvent(), newEvent()];
        const first = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        expect(retry).toEqual(first);
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });

      it('treats a retry at an exact revision as done too', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
        const batch = [newEvent()];
        const first = await store.appendToStream(id, batch, { expectedRevision: 0n });
        await expect(store.appendToStream(id, batch, { expectedRevision: 0n })).resolves.toEqual(
          first,
        );
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });

      it('refuses a retry that only partly overlaps what was written', async () => {
        const id = stream();
        const [a, b] = [newEvent(), newEvent()];
        await store.appendToStream(id, [a, b], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStream(id, [b, newEvent()], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });
    });

    describe('reading a stream', () => {
      it('says a missing stream is missing', async () => {
        await expect(collect(store.readStream(stream()))).rejects.toBeInstanceOf(
          StreamNotFoundError,
        );
      });

      it('reads forwards, backwards, from a revision and up to a count', async () => {
        const id = stream();
        await store.appendToStream(
          id,
          ['A', 'B', 'C', 'D'].map((t) => newEvent(t)),
          { expectedRevision: 'no_stream' },
        );
        const types = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(id, options))).map((e) => e.type);
        expect(await types({})).toEqual(['A', 'B', 'C', 'D']);
        expect(await types({ direction: 'backwards' })).toEqual(['D', 'C', 'B', 'A']);
        expect(await types({ fromRevision: 2n })).toEqual(['C', 'D']);
        expect(await types({ direction: 'backwards', fromRevision: 1n })).toEqual(['B', 'A']);
        expect(await types({ maxCount: 2 })).toEqual(['A', 'B']);
      });

      it('gives back data, metadata and the recorded time as they were written', async () => {
        const id = stream();
        const event: NewEvent = {
          id: randomUUID(),
          type: 'ConversationRecorded',
          data: {
            withWhom: ['parent'],
            notes: 'Ça va — “anxious” about Year 9 ✓ 🏫 Zoë Ó Súilleabháin',
            sessions: 12.5,
            counts: [0, -3, 2147483648, Number.MAX_SAFE_INTEGER],
            flags: { authorised: false, consent: true },
            empty: { list: [], object: {} },
            nested: { a: [1, { b: null }] },
          },
          metadata: metadata({ ruleSetVersion: 'national-2024-08-19' }),
        };
        const before = Date.now();
        await store.appendToStream(id, [event], { expectedRevision: 'no_stream' });
        const [read] = await collect(store.readStream(id));
        expect(read).toMatchObject({
          id: event.id,
          streamId: id,
          type: event.type,
          data: event.data,
          revision: 0n,
        });
        expect(read.metadata).toMatchObject(event.metadata);
        expect(new Date(read.recordedAt).toISOString()).toBe(read.recordedAt);
        expect(Math.abs(new Date(read.recordedAt).getTime() - before)).toBeLessThan(60_000);
      });
    });

    // Optional in the port; every adapter here offers it, so every adapter is held to it.
    describe('reading many streams at once', () => {
      const readStreams = (ids: string[]) => {
        if (!store.readStreams) throw new Error(`${name} does not offer readStreams.`);
        return store.readStreams(ids);
      };

      it('gives each stream exactly what reading it alone gives, in the order asked', async () => {
        const [a, b, c] = [stream(), stream(), stream()];
        await store.appendToStream(b, [newEvent('B1')], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [newEvent('A1'), newEvent('A2')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(c, [newEvent('C1')], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [newEvent('B2'), newEvent('B3')], { expectedRevision: 0n });
        const read = await readStreams([c, a, b]);
        expect(read.map((events) => events.map((e) => e.type))).toEqual([
          ['C1'],
          ['A1', 'A2'],
          ['B1', 'B2', 'B3'],
        ]);
        expect(read[2]).toEqual(await collect(store.readStream(b)));
      });

      it('reads a stream that does not exist as no events, and the others as usual', async () => {
        const [known, missing] = [stream(), stream()];
        await store.appendToStream(known, [newEvent()], { expectedRevision: 'no_stream' });
        const read = await readStreams([missing, known]);
        expect(read.map((events) => events.length)).toEqual([0, 1]);
        expect(await readStreams([])).toEqual([]);
      });

      it('reads each stream from the revision given for it, and a missing one as no events', async () => {
        const [a, b, missing] = [stream(), stream(), stream()];
        await store.appendToStream(a, [newEvent('A1'), newEvent('A2'), newEvent('A3')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(b, [newEvent('B1'), newEvent('B2')], {
          expectedRevision: 'no_stream',
        });
        if (!store.readStreams) throw new Error(`${name} does not offer readStreams.`);
        const read = await store.readStreams([b, missing, a], [1n, 0n, 2n]);
        expect(read.map((events) => events.map((e) => [e.type, e.revision]))).toEqual([
          [['B2', 1n]],
          [],
          [['A3', 2n]],
        ]);
        expect((await store.readStreams([a], [3n]))[0]).toEqual([]);
      });

      it('answers a stream asked for twice both times, with copies that do not share state', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent('A', { list: [1] })], {
          expectedRevision: 'no_stream',
        });
        const [first, second] = await readStreams([id, id]);
        (first[0].data.list as number[]).push(2);
        expect(second[0].data).toMatchObject({ list: [1] });
      });
    });

    if (offers.revisionOfEvent)
      describe('finding an event by its id', () => {
        it('answers the revision of the event with that id in that stream', async () => {
          const id = stream();
          const events = [newEvent('A'), newEvent('B'), newEvent('C')];
          await store.appendToStream(id, events, { expectedRevision: 'no_stream' });
          await expect(store.revisionOfEvent!(id, events[1].id)).resolves.toBe(1n);
        });

        it('answers none for an id the stream does not hold, even if another stream does', async () => {
          const [mine, other] = [stream(), stream()];
          const elsewhere = newEvent();
          await store.appendToStream(mine, [newEvent()], { expectedRevision: 'no_stream' });
          await store.appendToStream(other, [elsewhere], { expectedRevision: 'no_stream' });
          await expect(store.revisionOfEvent!(mine, elsewhere.id)).resolves.toBeUndefined();
          await expect(store.revisionOfEvent!(stream(), randomUUID())).resolves.toBeUndefined();
        });
      });

    describe('reading the global feed', () => {
      it('returns every stream’s events in the order they were committed', async () => {
        const start = await lastPosition(store);
        const [a, b] = [stream(), stream()];
        await store.appendToStream(a, [newEvent('A1')], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [newEvent('B1')], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [newEvent('A2')], { expectedRevision: 0n });
        const mine = (await collect(store.readAll({ after: start }))).filter(
          (e) => e.streamId === a || e.streamId === b,
        );
        expect(mine.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        const positions = mine.map((e) => e.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
      });

      it('reads after a position, backwards, and up to a count', async () => {
        const start = await lastPosition(store);
        const id = stream();
        // One append is contiguous in the global feed, so the reads below see no other stream.
        await store.appendToStream(
          id,
          ['A', 'B', 'C'].map((t) => newEvent(t)),
          { expectedRevision: 'no_stream' },
        );
        const mine = (await collect(store.readAll({ after: start }))).filter(
          (e) => e.streamId === id,
        );
        expect(mine.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        const [a, , c] = mine;
        const types = async (options: Parameters<EventStore['readAll']>[0]) =>
          (await collect(store.readAll(options))).map((e) => e.type);
        expect(await types({ after: a.position, maxCount: 2 })).toEqual(['B', 'C']);
        expect(await types({ direction: 'backwards', after: c.position, maxCount: 2 })).toEqual([
          'B',
          'A',
        ]);
      });

      it('reads the newest events first when reading backwards from the end', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent('Older'), newEvent('Newer')], {
          expectedRevision: 'no_stream',
        });
        const newest = await collect(store.readAll({ direction: 'backwards', maxCount: 50 }));
        const positions = newest.map((e) => e.position);
        expect(positions.every((p, i) => i === 0 || p < positions[i - 1])).toBe(true);
        expect(newest.filter((e) => e.streamId === id).map((e) => e.type)).toEqual([
          'Newer',
          'Older',
        ]);
      });
    });

    describe('subscribing to the global feed', () => {
      it('catches up, says so once, then delivers live events', async () => {
        const start = await lastPosition(store);
        const id = stream();
        await store.appendToStream(id, [newEvent('Before1'), newEvent('Before2')], {
          expectedRevision: 'no_stream',
        });
        const subscription = store.subscribeToAll({ after: start });
        let wroteLive = false;
        const messages = await take(subscription, (ms) => {
          if (!wroteLive && ms.some((m) => m.kind === 'caught-up')) {
            wroteLive = true;
            void store.appendToStream(id, [newEvent('Live')], { expectedRevision: 1n });
          }
          return eventsOf(ms, [id]).length === 3;
        });
        expect(eventsOf(messages, [id]).map((e) => e.type)).toEqual(['Before1', 'Before2', 'Live']);
        const caughtUp = messages.findIndex((m) => m.kind === 'caught-up');
        expect(messages.filter((m) => m.kind === 'caught-up')).toHaveLength(1);
        expect(
          messages.findIndex((m) => m.kind === 'event' && m.event.type === 'Live'),
        ).toBeGreaterThan(caughtUp);
      });

      it('resumes after a checkpoint with exactly the events that came after it', async () => {
        const start = await lastPosition(store);
        const id = stream();
        await store.appendToStream(
          id,
          ['A', 'B', 'C', 'D'].map((t) => newEvent(t)),
          { expectedRevision: 'no_stream' },
        );
        const first = await take(
          store.subscribeToAll({ after: start }),
          (ms) => eventsOf(ms, [id]).length === 2,
        );
        const checkpoint = eventsOf(first, [id])[1].position;
        const resumed = await take(
          store.subscribeToAll({ after: checkpoint }),
          (ms) => eventsOf(ms, [id]).length === 2,
        );
        expect(eventsOf(resumed, [id]).map((e) => e.type)).toEqual(['C', 'D']);
      });

      it('delivers only the streams whose names start with the filter’s prefixes', async () => {
        const start = await lastPosition(store);
        const pupil = stream('pupil');
        const family = stream('family');
        const other = stream('panel');
        await store.appendToStream(pupil, [newEvent('P')], { expectedRevision: 'no_stream' });
        await store.appendToStream(other, [newEvent('X')], { expectedRevision: 'no_stream' });
        await store.appendToStream(family, [newEvent('F')], { expectedRevision: 'no_stream' });
        const messages = await take(
          store.subscribeToAll({
            after: start,
            filter: { streamNamePrefixes: ['pupil-', 'family-'] },
          }),
          (ms) => ms.some((m) => m.kind === 'caught-up'),
        );
        const delivered = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
        expect(
          delivered.every(
            (e) => e.streamId.startsWith('pupil-') || e.streamId.startsWith('family-'),
          ),
        ).toBe(true);
        expect(eventsOf(messages, [pupil, family, other]).map((e) => e.type)).toEqual(['P', 'F']);
      });

      it('skips nothing and repeats nothing while writers append during catch-up', async () => {
        const start = await lastPosition(store);
        const streams = Array.from({ length: 5 }, () => stream());
        await Promise.all(
          streams.map((s) =>
            store.appendToStream(s, [newEvent()], { expectedRevision: 'no_stream' }),
          ),
        );
        const subscription = store.subscribeToAll({ after: start });
        const writers = Promise.all(
          streams.map(async (s) => {
            for (let revision = 0n; revision < 10n; revision += 1n) {
              await store.appendToStream(s, [newEvent()], { expectedRevision: revision });
            }
          }),
        );
        const messages = await take(subscription, (ms) => eventsOf(ms, streams).length >= 55);
        await writers;
        const delivered = eventsOf(messages, streams);
        expect(delivered).toHaveLength(55);
        expect(new Set(delivered.map((e) => e.id)).size).toBe(55);
        const positions = delivered.map((e) => e.position);
        expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
        const written = (await collect(store.readAll({ after: start }))).filter((e) =>
          streams.includes(e.streamId),
        );
        expect(delivered.map((e) => e.id)).toEqual(written.map((e) => e.id));
      });

      it('ends a waiting for-await when the subscription is closed', async () => {
        const subscription = store.subscribeToAll({ after: await lastPosition(store) });
        const seen: RecordedEvent[] = [];
        const reading = (async () => {
          for await (const m of subscription) if (m.kind === 'event') seen.push(m.event);
          return 'ended';
        })();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await subscription.close();
        await expect(reading).resolves.toBe('ended');
      });
    });
  });
}
