import { CheckpointConflictError } from '../document-store.port';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { Applied, applied, countingProjection } from '../testing/counting-projection';
import { applyBatch } from './apply-batch';
import { checkpointName, versionedCollections } from './projection';
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
