import { StreamNotFoundError } from './errors';
import type { EventStore, RecordedEvent } from './event-store.port';

/** Every event of a stream in order (from a revision on, if given); none for a stream that does not exist. */
export async function readStreamEvents(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  fromRevision?: bigint,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for await (const recorded of store.readStream(
      streamId,
      fromRevision === undefined ? undefined : { fromRevision },
    ))
      events.push(recorded);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return events;
}

/** The global position of the newest event in the store; undefined while it is empty. */
export async function headPosition(
  store: Pick<EventStore, 'readAll'>,
): Promise<bigint | undefined> {
  let head: bigint | undefined;
  for await (const e of store.readAll({ direction: 'backwards', maxCount: 1 })) head = e.position;
  return head;
}
