import { EventStoreDBClient } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import { describeEventStoreContract, newEvent, take } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EsdbProtocolServer } from './testing/esdb-protocol-server';

for (const batchAppend of [true, false]) {
  describeEventStoreContract(
    `EventStoreDB adapter over the protocol test server (${batchAppend ? 'BatchAppend' : 'Append'})`,
    async () => {
      const server = new EsdbProtocolServer({ batchAppend });
      const store = EventStoreDbEventStore.fromConnectionString(await server.start());
      return {
        store,
        teardown: async () => {
          await store.close();
          await server.stop();
        },
      };
    },
  );
}

// Against a real server whenever one is configured: the same contract, nothing skipped otherwise.
const real = process.env.EVENTSTORE_CONNECTION_STRING;
if (real) {
  describeEventStoreContract('EventStoreDB adapter against a real server', async () => {
    const store = EventStoreDbEventStore.fromConnectionString(real);
    return { store, teardown: () => store.close() };
  });
}

describe('the EventStoreDB adapter, as the client sees the server', () => {
  let server: EsdbProtocolServer;
  let store: EventStoreDbEventStore;
  afterEach(async () => {
    await store.close();
    await server.stop();
  });
  const start = async (batchAppend: boolean) => {
    server = new EsdbProtocolServer({ batchAppend });
    store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(await server.start()), {
      initialDelayMs: 20,
      maxDelayMs: 200,
    });
  };

  it.each([
    [true, 'batchAppend'],
    [false, 'append'],
  ] as const)(
    'appends over the path the server advertises (BatchAppend advertised: %p)',
    async (batchAppend, path) => {
      await start(batchAppend);
      await store.appendToStream('pupil-1', [newEvent()], { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream('pupil-1', [newEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(server.appendsBy[path]).toBe(2);
      expect(server.appendsBy[path === 'append' ? 'batchAppend' : 'append']).toBe(0);
    },
  );

  it('resubscribes after the server drops a live subscription, with no gap and no duplicate', async () => {
    await start(true);
    await store.appendToStream('pupil-1', [newEvent('Before')], { expectedRevision: 'no_stream' });
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: ['pupil-'] } });
    let dropped = false;
    const messages = await take(subscription, (ms) => {
      const events = ms.filter((m) => m.kind === 'event');
      if (!dropped && ms.some((m) => m.kind === 'caught-up')) {
        dropped = true;
        void (async () => {
          await store.appendToStream('pupil-1', [newEvent('Live1')], { expectedRevision: 0n });
          await new Promise((resolve) => setTimeout(resolve, 50));
          server.dropSubscriptions();
          await store.appendToStream('pupil-1', [newEvent('WhileDown')], { expectedRevision: 1n });
          await store.appendToStream('pupil-2', [newEvent('AfterDrop')], {
            expectedRevision: 'no_stream',
          });
        })();
      }
      return events.length >= 4;
    });
    const types = messages.flatMap((m) => (m.kind === 'event' ? [m.event.type] : []));
    expect(types).toEqual(['Before', 'Live1', 'WhileDown', 'AfterDrop']);
    expect(server.subscriptionsOpened).toBe(2);
  });

  it('keeps correlation and causation in EventStoreDB’s own metadata keys too', async () => {
    await start(false);
    const event = newEvent();
    await store.appendToStream('pupil-1', [event], { expectedRevision: 'no_stream' });
    const raw = EventStoreDBClient.connectionString(server.connectionString);
    for await (const resolved of raw.readStream('pupil-1')) {
      expect(resolved.event?.metadata).toMatchObject({
        $correlationId: event.metadata.correlationId,
        $causationId: event.metadata.causationId,
      });
    }
    await raw.dispose();
  });
});
