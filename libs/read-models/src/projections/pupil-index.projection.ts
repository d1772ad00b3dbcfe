/**
 * pupil-index: which pupil a unique pupil number belongs to, so a register import can match its
 * rows to journeys. Built from PupilRegistered only (a UPN stays with the child for life, across
 * schools; the pupil's current school is read from the stream when marks are recorded).
 */
import { defineCollection } from '../document-store.port';
import type { Projection } from '../projector/projection';

export interface PupilByUpn {
  /** The pupil registered with this UPN; more than one means the register cannot say which. */
  pupilIds: string[];
}

export const PUPILS_BY_UPN = defineCollection<PupilByUpn>({ name: 'by-upn' });

export const pupilIndexProjection: Projection = {
  name: 'pupil-index',
  version: 1,
  streamPrefixes: ['pupil-'],
  collections: [PUPILS_BY_UPN],
  async apply(event, tx) {
    if (event.type !== 'PupilRegistered') return;
    const { upn, pupilId } = event.data as { upn: string | null; pupilId: string };
    if (!upn) return;
    const existing = await tx.get(PUPILS_BY_UPN, upn);
    if (existing?.pupilIds.includes(pupilId)) return;
    tx.put(PUPILS_BY_UPN, upn, { pupilIds: [...(existing?.pupilIds ?? []), pupilId] });
  },
};
