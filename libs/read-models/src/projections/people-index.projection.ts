/**
 * people-index: which cases are closed (for the retention review), and which families each parent or carer is in, with their relationship and whether they
 * have parental responsibility or day-to-day care there (a parent can be in several families), so
 * a person's record, the access check and a subject-access export can find them. It holds ids and
 * relationships only, never a name or an address: those are opened from the person's stream at
 * read time, so erasing a person leaves nothing of them here to purge.
 */
import { defineCollection } from '../document-store.port';
import type { Projection } from '../projector/projection';

export interface FamilyMembership {
  familyId: string;
  relationship: string;
  hasParentalResponsibility: boolean;
  hasDayToDayCare: boolean;
  addedOn: string;
  /** When they were removed from the family; absent while they are in it. */
  removedOn?: string;
}

export interface PersonMemberships {
  families: FamilyMembership[];
}

/** A closed case, for the retention review: the day it was closed (gone once reopened). */
export interface ClosedCase {
  pupilId: string;
  closedOn: string;
}

export const CLOSED_CASES = defineCollection<ClosedCase>({ name: 'closed-cases' });

export const FAMILIES_BY_PERSON = defineCollection<PersonMemberships>({
  name: 'families-by-person',
});

interface ParentData {
  parentId: string;
  relationship: string;
  hasParentalResponsibility: boolean;
  hasDayToDayCare: boolean;
  addedOn?: string;
  updatedOn?: string;
  removedOn?: string;
}

export const peopleIndexProjection: Projection = {
  name: 'people-index',
  version: 2,
  streamPrefixes: ['family-', 'pupil-'],
  collections: [FAMILIES_BY_PERSON, CLOSED_CASES],
  async apply(event, tx) {
    if (event.streamId.startsWith('pupil-')) {
      const pupilId = event.streamId.slice('pupil-'.length);
      if (event.type === 'CaseClosed')
        tx.put(CLOSED_CASES, pupilId, {
          pupilId,
          closedOn: (event.data as { closedOn: string }).closedOn,
        });
      if (event.type === 'CaseReopened') tx.delete(CLOSED_CASES, pupilId);
      return;
    }
    if (!['ParentAdded', 'ParentUpdated', 'ParentRemoved'].includes(event.type)) return;
    const familyId = event.streamId.slice('family-'.length);
    const data = event.data as unknown as ParentData;
    const held = (await tx.get(FAMILIES_BY_PERSON, data.parentId)) ?? { families: [] };
    const others = held.families.filter((m) => m.familyId !== familyId);
    const current = held.families.find((m) => m.familyId === familyId);
    let membership: FamilyMembership | undefined;
    if (event.type === 'ParentRemoved') {
      if (!current) return;
      membership = { ...current, removedOn: data.removedOn ?? event.recordedAt.slice(0, 10) };
    } else {
      membership = {
        familyId,
        relationship: data.relationship,
        hasParentalResponsibility: data.hasParentalResponsibility,
        hasDayToDayCare: data.hasDayToDayCare,
        addedOn:
          current?.addedOn ?? data.addedOn ?? data.updatedOn ?? event.recordedAt.slice(0, 10),
      };
    }
    tx.put(FAMILIES_BY_PERSON, data.parentId, { families: [...others, membership] });
  },
};
