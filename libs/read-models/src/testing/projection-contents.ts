import type { RecordedEvent } from '@app/event-store';
import type { DocumentStore } from '../document-store.port';
import type { Projection } from '../projector/projection';
import { ProjectionReader } from '../projector/projection-reader';
import { applyBatch } from '../projector/apply-batch';
import type { WriteBackCache } from '../projector/write-back-cache';
import { statistics, StatisticsDoc } from '../projections/casework/documents';
import { sumStatistics } from '../projections/casework/views';

/**
 * Every document of every collection of a projection's version serving reads, in id order; a
 * group's with each member's collections in the member's version serving reads.
 */
export async function projectionContents(
  store: DocumentStore,
  projection: Pick<Projection, 'name' | 'version' | 'collections' | 'members'>,
): Promise<Record<string, object[]>> {
  const out: Record<string, object[]> = {};
  for (const kept of [projection, ...(projection.members?.views ?? [])]) {
    const reader = new ProjectionReader(store, kept);
    for (const collection of kept.collections) {
      const items: object[] = [];
      let cursor: string | undefined;
      do {
        const page = await reader.query(collection, { limit: 1000, cursor });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      out[collection.name] = items;
    }
  }
  return out;
}

/** A recorded event for projector specs, at `position` on `streamId`, with no data. */
export const eventAt = (
  position: number,
  streamId = 'pupil-1',
  type = 'AttendanceWeekRecorded',
): RecordedEvent => ({
  id: `e${position}`,
  streamId,
  type,
  data: {},
  metadata: {
    actor: 'u',
    role: 'r',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2025-01-06T09:00:00Z',
  },
  revision: 0n,
  position: BigInt(position),
  recordedAt: '2025-01-06T09:00:00Z',
});

/** Applies `events` to a projection's own version in `store`, `size` at a time (one unit of work each). */
export async function applyInBatches(
  store: DocumentStore,
  projection: Projection,
  events: readonly RecordedEvent[],
  size: number,
  cache?: WriteBackCache,
): Promise<void> {
  let position: bigint | undefined;
  for (let i = 0; i < events.length; i += size)
    position = await applyBatch(
      store,
      projection,
      projection.version,
      position,
      events.slice(i, i + size),
      { cache },
    );
}

/**
 * A projection's contents as readers see them whether or not it runs in partitions: a
 * partition's private documents as a set (each partition keeps its own copy of what broadcast
 * events build, such as a family), and the casework statistics added up by scope and school as
 * the statistics queries add them (one contribution document per partition for each school).
 */
export function asReadersSee(
  projection: Pick<Projection, 'collections' | 'members'>,
  contents: Record<string, object[]>,
): Record<string, object[]> {
  const out = { ...contents };
  const collections = [
    ...projection.collections,
    ...(projection.members?.views ?? []).flatMap((m) => m.collections),
  ];
  for (const c of collections.filter((x) => x.perPartition)) {
    if (c.name === statistics.name) {
      const docs = contents[c.name] as StatisticsDoc[];
      const scopes = [...new Set(docs.map((d) => d.scope))].sort();
      out[c.name] = scopes.flatMap((scope) =>
        sumStatistics(
          docs
            .filter((d) => d.scope === scope)
            .sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0)),
        ),
      );
    } else
      out[c.name] = [...new Set(contents[c.name].map((d) => JSON.stringify(d)))]
        .sort()
        .map((json) => JSON.parse(json) as object);
  }
  return out;
}
