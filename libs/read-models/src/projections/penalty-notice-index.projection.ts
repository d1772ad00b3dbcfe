/**
 * penalty-notice-index: which pupil's journey holds a penalty notice, by the notice's reference
 * (its id, printed on the notice and quoted by the payment provider), so a payments import can
 * find the notice each payment is for. Whether a payment is right (amount, date, already paid) is
 * the journey's decision, not the index's.
 */
import { defineCollection } from '../document-store.port';
import type { Projection } from '../projector/projection';

export interface PenaltyNoticeByReference {
  pupilId: string;
  parentId: string;
  issuedOn: string;
}

export const PENALTY_NOTICES_BY_REFERENCE = defineCollection<PenaltyNoticeByReference>({
  name: 'by-reference',
});

export const penaltyNoticeIndexProjection: Projection = {
  name: 'penalty-notice-index',
  version: 1,
  streamPrefixes: ['pupil-'],
  collections: [PENALTY_NOTICES_BY_REFERENCE],
  apply(event, tx) {
    if (event.type !== 'PenaltyNoticeIssued') return;
    const { noticeId, parentId, issuedOn } = event.data as {
      noticeId: string;
      parentId: string;
      issuedOn: string;
    };
    tx.put(PENALTY_NOTICES_BY_REFERENCE, noticeId, {
      pupilId: event.streamId.slice('pupil-'.length),
      parentId,
      issuedOn,
    });
  },
};
