import { CheckpointConflictError, defineCollection } from '../document-store.port';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { Applied, applied, countingProjection } from '../testing/counting-projection';
import { applyBatch, ProjectionFailedError } from './apply-batch';
import { checkpointName, Projection, ProjectionTx, versionedCollections } from './projection';
import { eventAt } from '../testing/projection-contents';

const event = eventAt;

describe('applying a batch of events', () => {
  const projection = countingProjection();
  const appliedV1 = versionedCollections(projection, 1).get('applied') as typeof applied;
  let store: MemoryDocumentStore;
  beforeEach(() => (store = new MemoryDocumentStore()));

  const appliedIds = async () =>
    (await store.query<Applied>(appliedV1)).items.map((a) => a.position);

  it('moves the checkpoint to the last event with the documents', async () => {
    await expect(applyBatch(store, projection, 1, undefined, [event(1), event(2)])).resolves.toBe(
      2n,
    );
    await expect(store.getCheckpoint(checkpointName('counting', 1))).resolves.toBe('2');
    expect(await appliedIds()).toEqual(['1', '2']);
  });

  it('skips events at or before the checkpoint it is given, as re-delivered after a rebuild', async () => {
    await applyBatch(store, projection, 1, undefined, [event(1), event(2)]);
    await applyBatch(store, projection, 1, 2n, [event(2), event(3)]);
    expect((await store.query<Applied>(appliedV1)).items.map((a) => a.times)).toEqual([1, 1, 1]);
  });

  it('moves the checkpoint past events of streams it does not read, without applying them', async () => {
    await applyBatch(store, projection, 1, undefined, [event(1), event(2, 'family-1')]);
    await expect(store.getCheckpoint(checkpointName('counting', 1))).resolves.toBe('2');
    expect(await appliedIds()).toEqual(['1']);
  });

  it('writes nothing when another worker has moved the checkpoint since it was read', async () => {
    await applyBatch(store, projection, 1, undefined, [event(1), event(2)]);
    await expect(applyBatch(store, projection, 1, 1n, [event(3)])).rejects.toBeInstanceOf(
      CheckpointConflictError,
    );
    expect(await appliedIds()).toEqual(['1', '2']);
  });
});

describe('a projection that derives its rows once per batch (flush)', () => {
  const changes = defineCollection<{ events: string[] }>({ name: 'changes' });
  const rows = defineCollection<{ events: string[]; derivations: number }>({ name: 'rows' });
  /** Keeps each stream's events; derives a row per stream changed in the batch, at its end. */
  const deriving = (poison?: string): Projection => {
    const changed = new WeakMap<ProjectionTx, Set<string>>();
    return {
      name: 'deriving',
      version: 1,
      collections: [changes, rows],
      async apply(e, tx) {
        const doc = (await tx.get(changes, e.streamId)) ?? { events: [] };
        tx.put(changes, e.streamId, { events: [...doc.events, e.position.toString()] });
        changed.set(tx, new Set([...(changed.get(tx) ?? []), e.streamId]));
      },
      async flush(tx) {
        for (const id of changed.get(tx) ?? []) {
          const { events } = (await tx.get(changes, id))!;
          if (events.includes(poison ?? '')) throw new Error(`cannot derive ${poison}`);
          const before = await tx.get(rows, id);
          tx.put(rows, id, { events, derivations: (before?.derivations ?? 0) + 1 });
        }
        changed.delete(tx);
      },
    };
  };
  let store: MemoryDocumentStore;
  beforeEach(() => (store = new MemoryDocumentStore()));
  const rowOf = (projection: Projection, id: string) =>
    store.get(versionedCollections(projection, 1).get('rows') as typeof rows, id);

  it('given a batch with three events of one stream, derives its row once, from all three', async () => {
    const projection = deriving();
    await applyBatch(store, projection, 1, undefined, [event(1), event(2), event(3)]);
    expect(await rowOf(projection, 'pupil-1')).toEqual({
      events: ['1', '2', '3'],
      derivations: 1,
    });
  });

  it('given rows that cannot be derived after the second event, stops there with the first applied', async () => {
    const projection = deriving('2');
    const failure = applyBatch(store, projection, 1, undefined, [event(1), event(2), event(3)]);
    await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(failure).rejects.toMatchObject({ position: 2n });
    await expect(store.getCheckpoint(checkpointName('deriving', 1))).resolves.toBe('1');
    expect(await rowOf(projection, 'pupil-1')).toEqual({ events: ['1'], derivations: 1 });
  });
});
