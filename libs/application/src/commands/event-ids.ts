import { randomUUID } from 'node:crypto';

/**
 * Event ids are UUID version 7 (RFC 9562): a millisecond Unix timestamp, then 74 random bits.
 * Stores index events by id (SQLite's UNIQUE(id), for idempotent retries); random (version 4) ids
 * put every new event on a random page of that index, so a batch of 500 appends dirtied ~500
 * index pages, each written to the WAL and fsynced. Ids that grow with time land together at the
 * end of the index. Still a UUID, so EventStoreDB takes it unchanged.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; the first 48 bits become the time and the
  // version digit becomes 7, leaving the random bits and the variant as they were.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
