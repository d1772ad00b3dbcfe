import { createHash, randomUUID } from 'node:crypto';

/** A UUID (RFC 9562 version 8, the layout left to the application) from a hash of its parts. */
function uuidFrom(...parts: (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The ids of one write to one stream by a keyed request. */
export interface KeyedWrite {
  /** The id of the i-th event of this write. */
  eventId(index: number): string;
}

/**
 * A request sent with an `Idempotency-Key`: every id it mints (the new pupil, concern or notice,
 * and every event it appends) is derived from the caller, the key and the request's fingerprint
 * instead of drawn at random. Sent again after a crash, the same request names the same entities
 * and the same events, so the executor finds its earlier effect in the stream (the key and its
 * effect are one fact: the events themselves) instead of deciding a second time.
 *
 * Ids are counted in the order the request mints them, which the code fixes: the n-th new entity,
 * and for each stream the n-th write to it.
 */
export class KeyedRequest {
  private readonly seed: string;
  private entities = 0;
  private readonly writes = new Map<string, number>();

  constructor(scope: string, key: string, fingerprint: string) {
    this.seed = createHash('sha256')
      .update(`${scope}\u0000${key}\u0000${fingerprint}`)
      .digest('hex');
  }

  /** The id of the next entity this request creates. */
  entityId(): string {
    return uuidFrom(this.seed, 'entity', (this.entities += 1));
  }

  /** The event ids of this request's next write to the stream. */
  writeTo(streamId: string): KeyedWrite {
    const n = (this.writes.get(streamId) ?? 0) + 1;
    this.writes.set(streamId, n);
    return { eventId: (index) => uuidFrom(this.seed, 'event', streamId, n, index) };
  }

  /** Never stored: metadata that carries it is written without it. */
  toJSON(): undefined {
    return undefined;
  }
}

/** A new entity's id: derived from the key when the request has one, random otherwise. */
export const newEntityId = (keyed: KeyedRequest | undefined): string =>
  keyed ? keyed.entityId() : randomUUID();
