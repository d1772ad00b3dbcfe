/**
 * Projection specs: given these events (pupil events on one pupil's stream unless a stream is
 * named), applied one unit of work each to a memory store, the read models are what the spec reads.
 */
import type { FamilyEvent, MeetingEvent, PupilEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { CollectionDefinition } from '../document-store.port';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { matchesStreams, Projection, ProjectionTx } from '../projector/projection';

export type GivenEvent =
  | PupilEvent
  | { stream: string; event: PupilEvent | FamilyEvent | MeetingEvent; metadata?: object };

/** Each event goes to every projection given (e.g. all the casework views), in order. */
/** One event as its own batch: applied, then the batch's rows derived (`flush`). */
export async function applyEvent(
  projection: Projection,
  event: RecordedEvent,
  tx: ProjectionTx,
): Promise<void> {
  const batch: ProjectionTx = {
    get: (c, id) => tx.get(c, id),
    put: (c, id, d) => tx.put(c, id, d),
    delete: (c, id) => tx.delete(c, id),
  };
  await projection.apply(event, batch);
  await projection.flush?.(batch);
}

export function givenEvents(projection: Projection | readonly Projection[], pupilStream: string) {
  const projections: readonly Projection[] = Array.isArray(projection)
    ? projection
    : [projection as Projection];
  let position = 0n;
  const recorded = (
    streamId: string,
    e: { type: string; data: unknown },
    metadata: object = {},
  ): RecordedEvent => {
    position += 1n;
    return {
      id: `e${position}`,
      streamId,
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: metadata as RecordedEvent['metadata'],
      revision: 0n,
      position,
      recordedAt: '2025-06-01T10:00:00.000Z',
    };
  };
  return async (events: GivenEvent[]) => {
    position = 0n;
    const store = new MemoryDocumentStore();
    for (const item of events) {
      const event =
        'stream' in item
          ? recorded(item.stream, item.event, item.metadata)
          : recorded(pupilStream, item);
      for (const p of projections)
        if (matchesStreams(p, event)) await store.transaction((tx) => applyEvent(p, event, tx));
    }
    return {
      store,
      get: <T extends object>(c: CollectionDefinition<T>, id: string) => store.get(c, id),
      all: async <T extends object>(c: CollectionDefinition<T>) => (await store.query(c)).items,
    };
  };
}
