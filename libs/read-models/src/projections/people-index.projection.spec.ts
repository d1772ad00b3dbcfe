import type { RecordedEvent } from '@app/event-store';
import type { CollectionDefinition } from '../document-store.port';
import type { ProjectionTx } from '../projector/projection';
import { CLOSED_CASES, FAMILIES_BY_PERSON, peopleIndexProjection } from './people-index.projection';

let position = 0n;
const event = (streamId: string, type: string, data: object): RecordedEvent =>
  ({
    id: `e-${position}`,
    streamId,
    type,
    data,
    metadata: {},
    revision: 0n,
    position: (position += 1n),
    recordedAt: '2025-01-06T09:00:00.000Z',
  }) as RecordedEvent;

function project(events: RecordedEvent[]) {
  const docs = new Map<string, object>();
  const tx: ProjectionTx = {
    get: async <T extends object>(c: CollectionDefinition<T>, id: string) =>
      docs.get(`${c.name}/${id}`) as T | undefined,
    put: (c, id, doc) => void docs.set(`${c.name}/${id}`, doc),
    delete: (c, id) => void docs.delete(`${c.name}/${id}`),
  };
  return {
    async closed(pupilId: string) {
      for (const e of events) await peopleIndexProjection.apply(e, tx);
      return docs.get(`${CLOSED_CASES.name}/${pupilId}`);
    },
    async families(personId: string) {
      for (const e of events) await peopleIndexProjection.apply(e, tx);
      return (docs.get(`${FAMILIES_BY_PERSON.name}/${personId}`) as { families: object[] })
        ?.families;
    },
  };
}

const mum = {
  parentId: 'mum',
  reference: 'M',
  relationship: 'mother',
  hasParentalResponsibility: true,
  hasDayToDayCare: true,
};

describe('the people index: the families each parent or carer is in', () => {
  it('lists a parent in every family that added them, with their standing in each', async () => {
    const families = await project([
      event('family-f1', 'ParentAdded', { ...mum, addedOn: '2025-01-06' }),
      event('family-f2', 'ParentAdded', {
        ...mum,
        relationship: 'step-mother',
        hasParentalResponsibility: false,
        addedOn: '2025-02-03',
      }),
    ]).families('mum');
    expect(families).toEqual([
      {
        familyId: 'f1',
        relationship: 'mother',
        hasParentalResponsibility: true,
        hasDayToDayCare: true,
        addedOn: '2025-01-06',
      },
      {
        familyId: 'f2',
        relationship: 'step-mother',
        hasParentalResponsibility: false,
        hasDayToDayCare: true,
        addedOn: '2025-02-03',
      },
    ]);
  });

  it('follows an update and keeps a removal with its day', async () => {
    const families = await project([
      event('family-f1', 'ParentAdded', { ...mum, addedOn: '2025-01-06' }),
      event('family-f1', 'ParentUpdated', {
        ...mum,
        hasDayToDayCare: false,
        updatedOn: '2025-03-03',
      }),
      event('family-f1', 'ParentRemoved', {
        parentId: 'mum',
        reason: 'x',
        removedOn: '2025-04-01',
      }),
    ]).families('mum');
    expect(families).toEqual([
      expect.objectContaining({
        familyId: 'f1',
        hasDayToDayCare: false,
        addedOn: '2025-01-06',
        removedOn: '2025-04-01',
      }),
    ]);
  });

  it('holds nothing but ids, relationships and dates: no name or address to purge on erasure', async () => {
    const families = await project([
      event('family-f1', 'ParentAdded', { ...mum, addedOn: '2025-01-06', name: 'Jane Smith' }),
    ]).families('mum');
    expect(JSON.stringify(families)).not.toMatch(/Jane|Smith/);
  });
});

describe('the people index: closed cases, for the retention review', () => {
  it('holds a closed case with the day it was closed', async () => {
    const closed = await project([
      event('pupil-p1', 'CaseClosed', { reason: 'x', explanation: 'y', closedOn: '2025-07-18' }),
    ]).closed('p1');
    expect(closed).toEqual({ pupilId: 'p1', closedOn: '2025-07-18' });
  });

  it('lets a reopened case go', async () => {
    const closed = await project([
      event('pupil-p1', 'CaseClosed', { reason: 'x', explanation: 'y', closedOn: '2025-07-18' }),
      event('pupil-p1', 'CaseReopened', { reason: 'back', reopenedOn: '2025-09-01' }),
    ]).closed('p1');
    expect(closed).toBeUndefined();
  });
});
