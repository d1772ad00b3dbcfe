import { EventStore, MemoryEventStore } from '@app/event-store';
import { verifyStream } from '../audit/verify-chain';
import { Decider } from './decider';
import { BatchItem, loadStream, StreamExecutor } from './stream-executor';

// A tiny tally decider stands in for the domain: the executor is generic over deciders.
type TallyEvent = { type: 'Counted'; data: { by: number } };
type TallyCommand = { type: 'Count'; by: number };
type Tally = { total: number };
const tally: Decider<TallyCommand, TallyEvent, Tally, { limit: number }> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: (c, s, ctx) => {
    if (s.total + c.by > ctx.limit) throw new Error('over the limit');
    return c.by === 0 ? [] : [{ type: 'Counted', data: { by: c.by } }];
  },
};
const metadata = { actor: 'import', role: 'system', correlationId: 'c', causationId: 'c' };
const now = new Date('2025-01-06T09:00:00Z');
const item = (
  streamId: string,
  ...by: number[]
): BatchItem<TallyCommand, TallyEvent, Tally, { limit: number }> => ({
  streamId,
  decider: tally,
  commands: by.map((n) => ({ type: 'Count', by: n })),
  metadata,
  now,
  context: () => ({ limit: 10 }),
});

describe('the stream executor, many streams at once', () => {
  let store: MemoryEventStore;
  let executor: StreamExecutor;
  beforeEach(() => {
    store = new MemoryEventStore();
    executor = new StreamExecutor(store);
  });
  afterEach(() => store.close());
  const total = async (streamId: string) =>
    (await loadStream(store, streamId, tally.evolve, tally.initialState)).state.total;

  it("decides each stream's commands in order over its own state and writes them in one append", async () => {
    const [a, b] = await executor.executeMany([item('tally-a', 2, 3), item('tally-b', 4)]);
    expect(a).toMatchObject({ ok: true, revision: 1n });
    expect(b).toMatchObject({ ok: true, revision: 0n });
    expect([await total('tally-a'), await total('tally-b')]).toEqual([5, 4]);
  });

  it('writes nothing of a stream whose later command is refused, and still writes the others', async () => {
    const [refused, written] = await executor.executeMany([
      item('tally-a', 6, 6),
      item('tally-b', 1),
    ]);
    expect(refused).toMatchObject({ ok: false, error: { message: 'over the limit' } });
    expect(written.ok).toBe(true);
    expect([await total('tally-a'), await total('tally-b')]).toEqual([0, 1]);
  });

  it('appends nothing for a stream whose commands change nothing', async () => {
    const [outcome] = await executor.executeMany([item('tally-a', 0)]);
    expect(outcome).toMatchObject({ ok: true, events: [], position: undefined });
    expect(await store.readAll()[Symbol.asyncIterator]().next()).toMatchObject({ done: true });
  });

  it('chains the hash of each stream it writes, as a single command would', async () => {
    await executor.executeMany([item('tally-a', 1)]);
    await executor.executeMany([item('tally-a', 2)]);
    expect(await verifyStream(store, 'tally-a')).toEqual({
      streamsChecked: 1,
      eventsChecked: 2,
      brokenLinks: [],
    });
  });

  // The same store, with one method swapped for the test (the rest delegates to it).
  const storeWith = (overrides: Partial<EventStore>): EventStore =>
    Object.assign(Object.create(store) as EventStore, overrides);

  it('re-runs alone a stream another writer changed after the batch read it, losing neither write', async () => {
    await executor.executeMany([item('tally-a', 1), item('tally-b', 1)]);
    const racing = storeWith({
      readStreams: async (ids) => {
        const read = await store.readStreams(ids);
        // Another writer gets in between the batch's read and its append.
        await executor.executeMany([item('tally-a', 2)]);
        return read;
      },
    });
    const [a, b] = await new StreamExecutor(racing).executeMany([
      item('tally-a', 3),
      item('tally-b', 4),
    ]);
    expect(a).toMatchObject({ ok: true, revision: 2n });
    expect(b).toMatchObject({ ok: true, revision: 1n });
    expect([await total('tally-a'), await total('tally-b')]).toEqual([6, 5]);
    expect((await verifyStream(store, 'tally-a')).brokenLinks).toEqual([]);
  });

  it('reads each stream on its own when the store cannot read them together', async () => {
    await executor.executeMany([item('tally-a', 1)]);
    const failing = storeWith({
      readStreams: () => Promise.reject(new Error('cannot read many')),
    });
    const [a, b] = await new StreamExecutor(failing).executeMany([
      item('tally-a', 2),
      item('tally-b', 3),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect([await total('tally-a'), await total('tally-b')]).toEqual([3, 3]);
  });
});
