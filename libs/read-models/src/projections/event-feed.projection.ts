/**
 * event-feed: the journey's public events (libs/domain public-feed), in the order of the store's
 * global feed, for partner systems to follow by webhook or by `GET /feed`. Each entry's id is its
 * place in the feed (the internal event's global position, zero-padded, and its index among the
 * public events that event published), so a rebuild gives the same ids, the same order and the
 * same stable public event ids; the projection keeps per pupil only what the mapping needs.
 */
import {
  FeedPupil,
  PublicData,
  PublicEventScope,
  PublicEventType,
  PersonalFieldClass,
  PupilEvent,
  toPublicEvents,
} from '@app/domain';
import { createHash } from 'node:crypto';
import { defineCollection } from '../document-store.port';
import type { Projection } from '../projector/projection';

export interface FeedEntry {
  /** The entry's place in the feed: `<global position, 20 digits>-<index>`; also its cursor. */
  seq: string;
  /** The public event's id: stable across retries, replays and rebuilds (receivers dedupe on it). */
  eventId: string;
  type: PublicEventType;
  pupilId: string;
  /** When it happened (the command's business time), ISO 8601. */
  time: string;
  scope: PublicEventScope;
  data: PublicData;
  restricted: Partial<Record<PersonalFieldClass, PublicData>>;
}

export const FEED_PUPILS = defineCollection<FeedPupil>({ name: 'pupils' });
export const FEED_ENTRIES = defineCollection<FeedEntry>({
  name: 'entries',
  indexes: ['scope.schoolIds', 'scope.leadPractitionerId'],
});

const POSITION_DIGITS = 20;

export const feedSeq = (position: bigint, index: number): string =>
  `${position.toString().padStart(POSITION_DIGITS, '0')}-${index}`;

/** A feed cursor as `feedSeq` writes it (the only form `GET /feed?after=` accepts). */
export const FEED_SEQ_PATTERN = /^\d{20}-\d$/;

/** A UUID (version 8, name-based) from the internal event's id and the public event's index. */
export function publicEventId(internalEventId: string, index: number): string {
  const hex = createHash('sha256').update(`${internalEventId}/${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const eventFeedProjection: Projection = {
  name: 'event-feed',
  version: 1,
  streamPrefixes: ['pupil-'],
  collections: [FEED_PUPILS, FEED_ENTRIES],
  async apply(event, tx) {
    const pupilId = event.streamId.slice('pupil-'.length);
    const before = await tx.get(FEED_PUPILS, pupilId);
    const { pupil, published } = toPublicEvents(pupilId, before, event as unknown as PupilEvent);
    if (pupil && JSON.stringify(pupil) !== JSON.stringify(before))
      tx.put(FEED_PUPILS, pupilId, pupil);
    published.forEach((p, index) => {
      const seq = feedSeq(event.position, index);
      tx.put(FEED_ENTRIES, seq, {
        seq,
        eventId: publicEventId(event.id, index),
        type: p.type,
        pupilId,
        time: event.metadata.occurredAt,
        scope: p.scope,
        data: p.data,
        restricted: p.restricted,
      });
    });
  },
};
