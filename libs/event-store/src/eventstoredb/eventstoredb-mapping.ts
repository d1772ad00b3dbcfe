import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import type { AppendExpectedRevision, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '../event-store.port';

/**
 * Our metadata goes to EventStoreDB as is, plus the two keys EventStoreDB itself reads
 * (`$correlationId`, `$causationId`: its `$by_correlation_id` projection and UI use them).
 */
export const toEsdbMetadata = (metadata: EventMetadata): Record<string, unknown> => ({
  ...metadata,
  $correlationId: metadata.correlationId,
  $causationId: metadata.causationId,
});

export function toEsdbRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  return expected === 'no_stream' ? NO_STREAM : expected === 'any' ? ANY : STREAM_EXISTS;
}

/**
 * The port's position is the event's commit position alone. That is enough because every append
 * made through the gRPC API is written as implicitly committed prepares, for which the server
 * reports each event's own log position as both commit and prepare position: positions are then
 * unique per event and increase in `$all` order, and resuming "after" one passes it as both.
 * It assumes nobody writes to the database with explicit transactions (the legacy TCP API only),
 * whose events all share one commit position and would be skipped past on a resume.
 */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event?.position) throw new Error('EventStoreDB returned an event without a position.');
  const {
    $correlationId: _correlation,
    $causationId: _causation,
    ...metadata
  } = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    revision: event.revision,
    position: event.position.commit,
    recordedAt: event.created.toISOString(),
  };
}

/**
 * Each stream's snapshots go to a stream of their own, `snapshot-<stream id>`, capped to its
 * newest event by the stream's `$maxCount`; reads of the feed and subscriptions skip them, as they
 * skip system streams, so no projection or log ever sees one.
 */
export const SNAPSHOT_STREAM_PREFIX = 'snapshot-';

/** Whether a stream of `$all` is ours to deliver: neither a system stream nor a snapshot stream. */
export const isFeedStream = (streamId: string): boolean =>
  !streamId.startsWith('$') && !streamId.startsWith(SNAPSHOT_STREAM_PREFIX);
