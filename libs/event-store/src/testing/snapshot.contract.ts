/**
 * The snapshot part of the EventStore contract (snapshot.port.ts), run inside
 * `describeEventStoreContract` against every adapter.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import type { SnapshotStore, StreamSnapshot } from '../snapshot.port';

interface Helpers {
  store: () => EventStore;
  newEvent: () => NewEvent;
  collect: <T>(iterable: AsyncIterable<T>) => Promise<T[]>;
  lastPosition: (store: EventStore) => Promise<bigint | undefined>;
}

export function describeSnapshotContract(h: Helpers): void {
  describe('snapshots', () => {
    const snapshots = (): SnapshotStore => {
      const store = h.store();
      if (!store.readSnapshot || !store.writeSnapshot)
        throw new Error('This adapter keeps no snapshots.');
      return store as SnapshotStore;
    };
    const snapshot = (streamId: string, revision: bigint, version = 'v1'): StreamSnapshot => ({
      streamId,
      revision,
      version,
      data: {
        state: { marks: [{ date: '2025-03-03', code: 'O' }], flags: null },
        at: `${revision}`,
      },
    });
    const streamId = () => `pupil-${randomUUID()}`;

    it('reads none for a stream that has none', async () => {
      await expect(snapshots().readSnapshot(streamId())).resolves.toBeUndefined();
    });

    it('reads back the snapshot written, its revision, version and state', async () => {
      const id = streamId();
      await snapshots().writeSnapshot(snapshot(id, 41n));
      await expect(snapshots().readSnapshot(id)).resolves.toEqual(snapshot(id, 41n));
    });

    it('keeps the latest revision: a later snapshot replaces it, an older one of the same version does not', async () => {
      const id = streamId();
      await snapshots().writeSnapshot(snapshot(id, 10n));
      await snapshots().writeSnapshot(snapshot(id, 20n));
      await snapshots().writeSnapshot(snapshot(id, 15n));
      await expect(snapshots().readSnapshot(id)).resolves.toEqual(snapshot(id, 20n));
    });

    it('is replaced by a snapshot of another version, whatever its revision (the code changed)', async () => {
      const id = streamId();
      await snapshots().writeSnapshot(snapshot(id, 20n, 'v1'));
      await snapshots().writeSnapshot(snapshot(id, 5n, 'v2'));
      await expect(snapshots().readSnapshot(id)).resolves.toEqual(snapshot(id, 5n, 'v2'));
    });

    it('keeps each stream’s snapshot apart', async () => {
      const [a, b] = [streamId(), streamId()];
      await snapshots().writeSnapshot(snapshot(a, 1n));
      await snapshots().writeSnapshot(snapshot(b, 2n));
      await expect(snapshots().readSnapshot(a)).resolves.toEqual(snapshot(a, 1n));
      await expect(snapshots().readSnapshot(b)).resolves.toEqual(snapshot(b, 2n));
    });

    it('stays out of the stream, the global feed and subscriptions', async () => {
      const store = h.store();
      const start = await h.lastPosition(store);
      const id = streamId();
      await store.appendToStream(id, [h.newEvent(), h.newEvent()], {
        expectedRevision: 'no_stream',
      });
      await snapshots().writeSnapshot(snapshot(id, 1n));
      await snapshots().writeSnapshot(snapshot(id, 1n, 'v2'));
      const marker = `pupil-${randomUUID()}`;
      await store.appendToStream(marker, [h.newEvent()], { expectedRevision: 'no_stream' });

      expect(await h.collect(store.readStream(id))).toHaveLength(2);
      const fed = await h.collect(store.readAll({ after: start }));
      expect(fed.map((e) => e.streamId).filter((s) => s.includes(id) || s === marker)).toEqual([
        id,
        id,
        marker,
      ]);
      const subscription = store.subscribeToAll({ after: start });
      const delivered: RecordedEvent[] = [];
      for await (const m of subscription) {
        if (m.kind === 'event') delivered.push(m.event);
        if (m.kind === 'caught-up' || delivered.some((e) => e.streamId === marker)) break;
      }
      await subscription.close();
      expect(delivered.filter((e) => e.streamId.includes(id)).map((e) => e.streamId)).toEqual([
        id,
        id,
      ]);
    });
  });
}
