import { MemoryEventStore, ReadStreamOptions, RecordedEvent } from '@app/event-store';
import { Decider } from './decider';
import { KeyedRequest } from '../idempotency/keyed-request';
import { BatchItem, loadStream, StreamExecutor } from './stream-executor';
import { StreamStates, StreamStatesOptions } from './stream-states';

// A tally stands in for the domain: StreamStates is generic over deciders.
type TallyEvent = { type: 'Counted'; data: { by: number } };
type TallyCommand = { type: 'Count'; by: number; unlessTotalAbove?: number };
type TallyState = { total: number; counts: number[] };
const tally: Decider<TallyCommand, TallyEvent, TallyState, null> = {
  initialState: () => ({ total: 0, counts: [] }),
  evolve: (s, e) => ({ total: s.total + e.data.by, counts: [...s.counts, e.data.by] }),
  decide: (c, s) => {
    if (c.unlessTotalAbove !== undefined && s.total > c.unlessTotalAbove)
      throw new Error(`The total is already ${s.total}.`);
    return [{ type: 'Counted', data: { by: c.by } }];
  },
  stateVersion: 'tally/1',
};
const metadata = { actor: 'user-1', role: 'link-worker', correlationId: 'c', causationId: 'c' };
const now = new Date('2025-01-06T09:00:00Z');

/** A memory store that counts the events its readers take from streams. */
class CountingStore extends MemoryEventStore {
  eventsRead = 0;
  override async *readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): AsyncIterable<RecordedEvent> {
    for await (const e of super.readStream(streamId, options)) {
      this.eventsRead += 1;
      yield e;
    }
  }
}

const count = (
  executor: StreamExecutor,
  by: number,
  extra: Partial<TallyCommand> = {},
  on: { streamId?: string; decider?: typeof tally; context?: () => Promise<null> } = {},
) =>
  executor.execute({
    streamId: on.streamId ?? 'tally-1',
    decider: on.decider ?? tally,
    command: { type: 'Count', by, ...extra },
    metadata,
    now,
    context: on.context ?? (() => null),
  });

/** An executor whose states are kept by a StreamStates of its own (a process of its own). */
const executorOf = (store: MemoryEventStore, options?: StreamStatesOptions) =>
  new StreamExecutor(store, undefined, new StreamStates(store, options));

const fullFold = (store: MemoryEventStore) =>
  loadStream(store, 'tally-1', tally.evolve, tally.initialState);

describe('stream states: a stream’s state at a cost that does not grow with its history', () => {
  let store: CountingStore;
  beforeEach(() => (store = new CountingStore()));
  afterEach(() => store.close());

  it('given a state kept in memory, when the stream is loaded again, then only the events after it are read', async () => {
    const executor = executorOf(store);
    for (let i = 1; i <= 40; i += 1) await count(executor, i);
    store.eventsRead = 0;
    await count(executor, 1);
    // The command read only its predecessor's event (appended since the state was kept).
    expect(store.eventsRead).toBe(1);
    const loaded = await executor.states.load('tally-1', tally);
    expect(store.eventsRead).toBe(2);
    const full = await fullFold(store);
    expect(loaded).toEqual({ state: full.state, revision: full.revision, lastHash: full.lastHash });
  });

  it('given a state kept by this process, when another process appends, then the next command is decided on its events too', async () => {
    const here = executorOf(store);
    const elsewhere = executorOf(store);
    await count(here, 5);
    await count(elsewhere, 100);
    // Here the kept total is 5; the stream's is 105, which refuses the command.
    await expect(count(here, 1, { unlessTotalAbove: 50 })).rejects.toThrow(
      'The total is already 105.',
    );
    await count(here, 1);
    const { events, state } = await fullFold(store);
    expect(state.counts).toEqual([5, 100, 1]);
    expect(events[2].metadata.previousHash).toBe(events[1].metadata.hash);
  });

  it('given another process appends between the load and the append, then the conflict is retried on a state that has its event', async () => {
    const states = new StreamStates(store);
    const here = new StreamExecutor(store, undefined, states);
    const elsewhere = executorOf(store);
    await count(here, 1);
    let interfered = false;
    const result = await count(here, 10, undefined, {
      context: async () => {
        if (!interfered) {
          interfered = true;
          await count(elsewhere, 2);
        }
        return null;
      },
    });
    expect(result.revision).toBe(2n);
    const full = await fullFold(store);
    expect(full.state.counts).toEqual([1, 2, 10]);
    expect((await states.load('tally-1', tally)).state).toEqual(full.state);
  });

  it('keeps at most the number of streams it is given, forgetting the least recently used', async () => {
    const states = new StreamStates(store, { maxStreams: 2 });
    const executor = new StreamExecutor(store, undefined, states);
    for (const id of ['tally-a', 'tally-b', 'tally-c'])
      for (let i = 0; i < 5; i += 1) await count(executor, 1, undefined, { streamId: id });
    store.eventsRead = 0;
    await states.load('tally-c', tally);
    await states.load('tally-b', tally);
    // Each kept state lacks only the event of the last command, appended after it was loaded.
    expect(store.eventsRead).toBe(2);
    store.eventsRead = 0;
    await states.load('tally-a', tally);
    expect(store.eventsRead).toBe(5);
  });

  describe('a keyed request sent again (its first sending was cut off after the append)', () => {
    const keyed = () => ({ ...metadata, keyed: new KeyedRequest('user-1', 'key-0001', 'fp') });
    const countKeyed = (executor: StreamExecutor, by: number) =>
      executor.execute({
        streamId: 'tally-1',
        decider: tally,
        command: { type: 'Count', by },
        metadata: keyed(),
        now,
        context: () => null,
      });

    it('given a long stream, then it looks up its earlier write by id instead of reading the stream whole', async () => {
      const executor = executorOf(store);
      for (let i = 1; i <= 30; i += 1) await count(executor, 1);
      const first = await countKeyed(executor, 7);
      for (let i = 1; i <= 30; i += 1) await count(executor, 1);
      store.eventsRead = 0;
      await new StreamStates(store).load('tally-1', tally);
      const loadByANewProcess = store.eventsRead;
      expect(loadByANewProcess).toBeLessThan(61);
      store.eventsRead = 0;
      // Sent again to another process (another replica), which kept nothing of this stream.
      await expect(countKeyed(executorOf(store), 7)).resolves.toEqual(first);
      // That process's first load (from the snapshot), then the keyed write's one event and the
      // one after it, which ends the write.
      expect(store.eventsRead).toBe(loadByANewProcess + 2);
      store.eventsRead = 0;
      await expect(countKeyed(executor, 7)).resolves.toEqual(first);
      // Here the kept state lacks only the last event appended after it.
      expect(store.eventsRead).toBe(1 + 2);
      expect((await fullFold(store)).state.total).toBe(67);
    });

    it('given a store that cannot find an event by id, then it still finds the earlier write', async () => {
      const executor = executorOf(store);
      await count(executor, 1);
      const first = await countKeyed(executor, 7);
      await count(executor, 1);
      const withoutLookup = Object.assign(Object.create(store) as MemoryEventStore, {
        revisionOfEvent: undefined,
      });
      await expect(countKeyed(executorOf(withoutLookup), 7)).resolves.toEqual(first);
      expect((await fullFold(store)).state.total).toBe(9);
    });
  });

  describe('many streams at once (bulk work)', () => {
    const item = (
      streamId: string,
      ...by: number[]
    ): BatchItem<TallyCommand, TallyEvent, TallyState, null> => ({
      streamId,
      decider: tally,
      commands: by.map((n) => ({ type: 'Count', by: n })),
      metadata,
      now,
      context: () => null,
    });

    it('given states kept from an earlier batch, then the next batch reads only the events after them', async () => {
      const executor = executorOf(store);
      for (let i = 0; i < 20; i += 1)
        await executor.executeMany([item('tally-a', 1), item('tally-b', 2)]);
      let read = 0;
      const counting = Object.assign(Object.create(store) as MemoryEventStore, {
        readStreams: async (ids: readonly string[], from?: readonly bigint[]) => {
          const events = await store.readStreams(ids, from);
          read += events.flat().length;
          return events;
        },
      });
      const states = new StreamStates(counting);
      const batches = new StreamExecutor(counting, undefined, states);
      await batches.executeMany([item('tally-a', 1), item('tally-b', 2)]);
      expect(read).toBe(40);
      read = 0;
      await batches.executeMany([item('tally-a', 1), item('tally-b', 2)]);
      // Each kept state lacks only its stream's event of the batch before.
      expect(read).toBe(2);
      expect((await states.load('tally-b', tally)).state.total).toBe(44);
    });

    it('given states kept by this process, when another process appends, then the batch decides on its events too', async () => {
      const here = executorOf(store);
      const elsewhere = executorOf(store);
      await here.executeMany([item('tally-a', 5), item('tally-b', 5)]);
      await count(elsewhere, 100, undefined, { streamId: 'tally-a' });
      const refusing = {
        ...item('tally-a', 1),
        commands: [{ type: 'Count' as const, by: 1, unlessTotalAbove: 50 }],
      };
      const [a, b] = await here.executeMany([refusing, item('tally-b', 1)]);
      expect(a).toMatchObject({ ok: false, error: { message: 'The total is already 105.' } });
      expect(b).toMatchObject({ ok: true, revision: 1n });
      const { events } = await loadStream(store, 'tally-b', tally.evolve, tally.initialState);
      expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);
    });
  });

  describe('snapshots', () => {
    it('given a stream longer than the snapshot interval, when a new process loads it, then it reads the snapshot and only the events after it', async () => {
      const writer = executorOf(store, { snapshotEvery: 10 });
      for (let i = 1; i <= 25; i += 1) await count(writer, i);
      const snapshot = await store.readSnapshot('tally-1');
      // Taken by the loads before the 11th and the 21st commands (10 events folded past the last).
      expect(snapshot).toMatchObject({
        revision: 19n,
        version: expect.stringContaining('tally/1'),
      });

      store.eventsRead = 0;
      const fresh = new StreamStates(store, { snapshotEvery: 10 });
      const loaded = await fresh.load('tally-1', tally);
      expect(store.eventsRead).toBe(5);
      const full = await fullFold(store);
      expect(loaded).toEqual({
        state: full.state,
        revision: full.revision,
        lastHash: full.lastHash,
      });
    });

    it('ignores a snapshot folded by another version of evolve, and folds the stream from its start', async () => {
      const writer = executorOf(store, { snapshotEvery: 5 });
      for (let i = 1; i <= 12; i += 1) await count(writer, i);
      // The new version counts double: a snapshot of the old reading must not be used.
      const doubled = {
        ...tally,
        evolve: (s: { total: number; counts: number[] }, e: TallyEvent) =>
          tally.evolve(s, { ...e, data: { by: e.data.by * 2 } }),
        stateVersion: 'tally/2',
      };
      store.eventsRead = 0;
      const loaded = await new StreamStates(store).load('tally-1', doubled);
      expect(store.eventsRead).toBe(12);
      expect(loaded.state.total).toBe((2 * (12 * 13)) / 2);
    });

    it('keeps no snapshot for a decider without a state version (memory only)', async () => {
      const unversioned = { ...tally, stateVersion: undefined };
      const states = new StreamStates(store, { snapshotEvery: 2 });
      const executor = new StreamExecutor(store, undefined, states);
      for (let i = 0; i < 6; i += 1) await count(executor, 1, undefined, { decider: unversioned });
      await expect(store.readSnapshot('tally-1')).resolves.toBeUndefined();
    });

    it('still loads the stream when the snapshot store fails', async () => {
      const writer = executorOf(store, { snapshotEvery: 3 });
      for (let i = 1; i <= 7; i += 1) await count(writer, i);
      store.readSnapshot = () => Promise.reject(new Error('disk gone'));
      const loaded = await new StreamStates(store).load('tally-1', tally);
      expect(loaded.state.total).toBe(28);
    });
  });
});
