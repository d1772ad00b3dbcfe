import { dateOf, upcastEvent } from '@app/domain';
import {
  readStreamEvents as readStoredEvents,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';

/** The day a stored event was recorded: its command's time, or the store's where that is missing. */
const recordedOnOf = (e: RecordedEvent) => () =>
  dateOf(typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt);

/** A stored event as the current version of its type (libs/domain upcast.ts). */
export function upcastRecorded(e: RecordedEvent): { type: string; data: object } {
  return upcastEvent({ type: e.type, data: e.data }, recordedOnOf(e));
}

/** A whole stream, none if missing, every event upcast: what the audit reads work from. */
export async function readStreamEvents(
  store: EventStore,
  streamId: string,
): Promise<RecordedEvent[]> {
  return (await readStoredEvents(store, streamId)).map(upcastStored);
}

/** A stored event with its data upcast (the same object when nothing changed). */
export function upcastStored(e: RecordedEvent): RecordedEvent {
  const upcast = upcastRecorded(e);
  return upcast.data === e.data ? e : { ...e, data: upcast.data as Record<string, unknown> };
}
