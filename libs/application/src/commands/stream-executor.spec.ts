import { MemoryEventStore } from '@app/event-store';
import { KeyedRequest } from '../idempotency/keyed-request';
import { Decider } from './decider';
import {
  ConcurrencyExhaustedError,
  MAX_ATTEMPTS,
  StaleRevisionError,
  StreamExecutor,
  loadStream,
} from './stream-executor';

// A tiny tally decider stands in for the domain: the executor is generic over deciders.
type TallyEvent = { type: 'Counted'; data: { by: number } };
type TallyCommand = { type: 'Count'; by: number } | { type: 'Refuse' };
const tally: Decider<TallyCommand, TallyEvent, { total: number }, { limit: number }> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: (c, s, ctx) => {
    if (c.type === 'Refuse') throw new Error('refused');
    if (s.total + c.by > ctx.limit) throw new Error('over the limit');
    return [{ type: 'Counted', data: { by: c.by } }];
  },
};
const metadata = {
  actor: 'user-1',
  role: 'link-worker',
  correlationId: 'corr-1',
  causationId: 'req-1',
};
const now = new Date('2025-01-06T09:00:00Z');

describe('the stream executor', () => {
  let store: MemoryEventStore;
  let executor: StreamExecutor;
  beforeEach(() => {
    store = new MemoryEventStore();
    executor = new StreamExecutor(store);
  });
  afterEach(() => store.close());

  const count = (by: number, extra: Partial<Parameters<StreamExecutor['execute']>[0]> = {}) =>
    executor.execute({
      streamId: 'tally-1',
      decider: tally,
      command: { type: 'Count', by },
      metadata,
      now,
      context: () => ({ limit: 1000 }),
      ...extra,
    } as Parameters<StreamExecutor['execute']>[0]);

  it('appends the decided events with who, why and when in their metadata', async () => {
    const result = await count(3);
    expect(result.revision).toBe(0n);
    const [event] = (await loadStream(store, 'tally-1', tally.evolve, tally.initialState)).events;
    expect(event.metadata).toMatchObject({ ...metadata, occurredAt: now.toISOString() });
    expect(event.data).toEqual({ by: 3 });
  });

  describe('a keyed request sent again after its first sending was cut off', () => {
    const keyed = () => ({ ...metadata, keyed: new KeyedRequest('user-1', 'key-0001', 'fp') });

    it('answers with the events the first sending wrote, deciding and appending nothing', async () => {
      const first = await count(3, { metadata: keyed() });
      await count(5); // someone else's write since
      const again = await count(3, { metadata: keyed() });
      expect(again).toEqual(first);
      const { events, state } = await loadStream(
        store,
        'tally-1',
        tally.evolve,
        tally.initialState,
      );
      expect(events).toHaveLength(2);
      expect(state.total).toBe(8);
    });

    it('answers so even when the If-Match it was sent with is stale by its own write', async () => {
      await count(1);
      const first = await count(3, { metadata: keyed(), expectedRevision: 0n });
      await expect(count(3, { metadata: keyed(), expectedRevision: 0n })).resolves.toEqual(first);
    });

    it('keeps the key out of the stored metadata', async () => {
      await count(3, { metadata: keyed() });
      const [event] = (await loadStream(store, 'tally-1', tally.evolve, tally.initialState)).events;
      expect(Object.keys(event.metadata)).not.toContain('keyed');
    });
  });

  it('appends nothing when the decider refuses', async () => {
    await count(3);
    await expect(
      executor.execute({
        streamId: 'tally-1',
        decider: tally,
        command: { type: 'Refuse' },
        metadata,
        now,
        context: () => ({ limit: 10 }),
      }),
    ).rejects.toThrow('refused');
    expect((await loadStream(store, 'tally-1', tally.evolve, tally.initialState)).revision).toBe(
      0n,
    );
  });

  it('loses no update when 20 commands race on one stream', async () => {
    await Promise.all(Array.from({ length: 20 }, () => count(1)));
    const loaded = await loadStream(store, 'tally-1', tally.evolve, tally.initialState);
    expect(loaded.state.total).toBe(20);
    expect(loaded.revision).toBe(19n);
  });

  it('re-decides on the fresh state after a conflict, so a limit is never overshot', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        executor.execute({
          streamId: 'tally-1',
          decider: tally,
          command: { type: 'Count', by: 1 },
          metadata,
          now,
          context: () => ({ limit: 3 }),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect((await loadStream(store, 'tally-1', tally.evolve, tally.initialState)).state.total).toBe(
      3,
    );
  });

  it('reports a stale pinned revision instead of retrying', async () => {
    await count(1);
    await count(1);
    await expect(count(1, { expectedRevision: 0n })).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await loadStream(store, 'tally-1', tally.evolve, tally.initialState)).state.total).toBe(
      2,
    );
  });

  it('accepts a pinned revision that is current', async () => {
    await count(1);
    await expect(count(1, { expectedRevision: 0n })).resolves.toMatchObject({ revision: 1n });
  });

  it('gives up after a bounded number of conflicts', async () => {
    // Another writer slips an event in between every read and append.
    const contested = new StreamExecutor(store);
    const spoiler = new StreamExecutor(store);
    let spoiling = 0;
    const attempt = contested.execute({
      streamId: 'tally-1',
      decider: tally,
      command: { type: 'Count', by: 1 },
      metadata,
      now,
      context: async () => {
        spoiling += 1;
        await spoiler.execute({
          streamId: 'tally-1',
          decider: tally,
          command: { type: 'Count', by: 1 },
          metadata,
          now,
          context: () => ({ limit: 1000 }),
        });
        return { limit: 1000 };
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyExhaustedError);
    expect(spoiling).toBe(MAX_ATTEMPTS);
  });

  it('treats a missing stream as a new journey', async () => {
    const loaded = await loadStream(store, 'tally-none', tally.evolve, tally.initialState);
    expect(loaded).toEqual({ state: { total: 0 }, revision: undefined, events: [] });
  });
});

describe('tamper evidence on append', () => {
  it('chains each event’s hash to the previous event of its stream', async () => {
    const store = new MemoryEventStore();
    const executor = new StreamExecutor(store);
    const run = () =>
      executor.execute({
        streamId: 'tally-9',
        decider: tally,
        command: { type: 'Count', by: 1 },
        metadata,
        now,
        context: () => ({ limit: 10 }),
      });
    await run();
    await run();
    const { events } = await loadStream(store, 'tally-9', tally.evolve, tally.initialState);
    const { eventHash, GENESIS } = await import('../audit/hash-chain');
    expect(events[0].metadata.previousHash).toBe(GENESIS);
    expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);
    for (const e of events) {
      expect(e.metadata.hash).toBe(
        eventHash(String(e.metadata.previousHash), {
          streamId: e.streamId,
          revision: e.revision,
          type: e.type,
          data: e.data,
          metadata: e.metadata,
        }),
      );
    }
    await store.close();
  });
});
