import type { EventMetadata, EventStore } from '@app/event-store';
import { randomUUID } from 'node:crypto';

/** Domain events appended as they are (fixtures), with the same metadata, at any revision. */
export function appendDomainEvents(
  store: EventStore,
  streamId: string,
  events: readonly { type: string; data: object }[],
  metadata: EventMetadata,
) {
  return store.appendToStream(
    streamId,
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata,
    })),
    { expectedRevision: 'any' },
  );
}
