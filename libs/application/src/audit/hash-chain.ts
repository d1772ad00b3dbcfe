/**
 * Tamper evidence: every event's metadata carries a hash over a canonical serialisation of the
 * event (stream, revision, type, data, metadata without the hash itself) chained to the hash of
 * the previous event of its stream. Altering, removing or reordering a stored event breaks the
 * chain at that event. The store's own recorded time is outside the hash (the store sets it).
 */
import { createHash } from 'node:crypto';

export const HASH_ALGORITHM = 'sha256';
/** The chain's anchor for the first event of a stream. */
export const GENESIS = '0'.repeat(64);

export interface ChainedEventInput {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  /** Metadata without `hash` and `previousHash`. */
  metadata: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(previousHash: string, event: ChainedEventInput): string {
  const { hash: _h, previousHash: _p, ...metadata } = event.metadata;
  return createHash(HASH_ALGORITHM)
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        streamId: event.streamId,
        revision: event.revision.toString(),
        type: event.type,
        data: event.data,
        metadata,
      }),
    )
    .digest('hex');
}
