import { CheckpointConflictError, DocumentStore } from '../document-store.port';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { Applied, applied, countingProjection, tallies } from '../testing/counting-projection';
import { applyBatch, ProjectionFailedError } from './apply-batch';
import { checkpointName, versionedCollections } from './projection';
import { WriteBackCache } from './write-back-cache';
import { countingWrites } from '../testing/counting-writes';
import { eventAt } from '../testing/projection-contents';

const event = eventAt;

/** `count` events round-robin over `streams` pupils. */
const history = (count: number, streams: number) =>
  Array.from({ length: count }, (_, i) => event(i + 1, `pupil-${i % streams}`));

const projection = countingProjection();
const v1 = versionedCollections(projection, 1);

async function everything(store: DocumentStore) {
  const out: Record<string, object[]> = {};
  for (const c of v1.values()) out[c.name] = (await store.query(c, { limit: 1000 })).items;
  return out;
}

describe('a rebuild through the write-back document cache', () => {
  it('gives the documents that applying event by event gives, never holding more than its cap', async () => {
    const events = history(300, 20);
    const byEvent = new MemoryDocumentStore();
    let position: bigint | undefined;
    for (const e of events) position = await applyBatch(byEvent, projection, 1, position, [e]);

    const cached = new MemoryDocumentStore();
    const cache = new WriteBackCache(7);
    position = undefined;
    for (let i = 0; i < events.length; i += 64)
      position = await applyBatch(cached, projection, 1, position, events.slice(i, i + 64), {
        cache,
      });

    expect(await everything(cached)).toEqual(await everything(byEvent));
    await expect(cached.getCheckpoint(checkpointName('counting', 1))).resolves.toBe('300');
    // 320 documents went through it: the cap was reached and held.
    expect(cache.peak).toBe(7);
  });

  it('hands a document rewritten by every event of a batch to the store once', async () => {
    const { counted, puts } = countingWrites(new MemoryDocumentStore());
    await applyBatch(counted, projection, 1, undefined, history(100, 1), {
      cache: new WriteBackCache(1000),
    });
    expect(puts.get(v1.get('tallies')?.name as string)).toBe(1);
    expect(puts.get(v1.get('applied')?.name as string)).toBe(100);
    const tally = await counted.get(v1.get('tallies') as typeof tallies, 'pupil-0');
    expect(tally?.count).toBe(100);
  });

  it('returns the document it holds, not a copy, so a rewrite needs no parse', async () => {
    const store = new MemoryDocumentStore();
    const cache = new WriteBackCache(10);
    const seen: object[] = [];
    await store.transaction((uow) =>
      cache.within(uow, async (tx) => {
        tx.put(tallies, 'a', { streamId: 'a', count: 1, positions: [] });
        seen.push((await tx.get(tallies, 'a')) as object, (await tx.get(tallies, 'a')) as object);
      }),
    );
    expect(seen[0]).toBe(seen[1]);
  });

  it('given a poison event mid-batch, commits the events before it and stops there', async () => {
    const store = new MemoryDocumentStore();
    const cache = new WriteBackCache(3);
    await applyBatch(store, projection, 1, undefined, history(10, 4), { cache });
    const batch = [event(11, 'pupil-1'), event(12, 'pupil-2'), event(13, 'pupil-3', 'Poison')];
    const failure = applyBatch(store, projection, 1, 10n, [...batch, event(14, 'pupil-1')], {
      cache,
    });
    await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(failure).rejects.toMatchObject({ position: 13n });
    await expect(store.getCheckpoint(checkpointName('counting', 1))).resolves.toBe('12');
    const positions = (await store.query<Applied>(v1.get('applied') as typeof applied)).items;
    expect(positions.map((a) => Number(a.position)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const tally = await store.get(v1.get('tallies') as typeof tallies, 'pupil-1');
    expect(tally?.positions).toEqual(['2', '6', '10', '11']);
  });

  it('kept from one batch to the next, holds nothing once a batch is refused because another worker committed', async () => {
    const store = new MemoryDocumentStore();
    const cache = new WriteBackCache(100);
    const events = history(12, 3);
    let position = await applyBatch(store, projection, 1, undefined, events.slice(0, 6), {
      cache,
    });
    expect(cache.size).toBeGreaterThan(0);
    // Another worker applies the next events and moves the checkpoint past what this one saw.
    await applyBatch(store, projection, 1, position, events.slice(6, 9));
    await expect(
      applyBatch(store, projection, 1, position, events.slice(6), { cache }),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(cache.size).toBe(0);
    // Going on from the stored checkpoint, it reads what the other worker wrote.
    position = BigInt((await store.getCheckpoint(checkpointName('counting', 1))) as string);
    await applyBatch(store, projection, 1, position, events.slice(9), { cache });
    const tally = await store.get(v1.get('tallies') as typeof tallies, 'pupil-0');
    expect(tally?.positions).toEqual(['1', '4', '7', '10']);
  });

  it('hands over only what changed since the last commit, however many documents it holds', async () => {
    const { counted, puts } = countingWrites(new MemoryDocumentStore());
    const cache = new WriteBackCache(1000);
    await applyBatch(counted, projection, 1, undefined, history(50, 50), { cache });
    puts.clear();
    await applyBatch(counted, projection, 1, 50n, [event(51, 'pupil-7')], { cache });
    expect(Object.fromEntries(puts)).toEqual({
      [v1.get('tallies')?.name as string]: 1,
      [v1.get('applied')?.name as string]: 1,
    });
  });

  it('refuses a cap under one document', () => {
    expect(() => new WriteBackCache(0)).toThrow('A document cache holds at least one document');
  });
});
