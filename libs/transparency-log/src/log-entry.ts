/**
 * What the transparency log commits to for each event: its place in the global feed, when the
 * store recorded it, which stream and revision it is, and a hash of its content (type, data,
 * metadata). The leaf is a fixed-order JSON array of those, so anyone can rebuild it.
 */
export interface LogEntry {
  /** The event's position in the store's global feed. */
  position: bigint;
  eventId: string;
  streamId: string;
  revision: bigint;
  /** The store's recorded time (ISO 8601), what "known by" views answer from. */
  recordedAt: string;
  /** Hex SHA-256 of the event's canonical content. */
  contentHash: string;
}

export const LEAF_VERSION = 'v1';

export const entryLeaf = (e: LogEntry): Buffer =>
  Buffer.from(
    JSON.stringify([
      LEAF_VERSION,
      e.position.toString(),
      e.recordedAt,
      e.eventId,
      e.streamId,
      e.revision.toString(),
      e.contentHash,
    ]),
    'utf8',
  );
