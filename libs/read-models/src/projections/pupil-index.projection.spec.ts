import { MemoryEventStore, NewEvent } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { ProjectionReader } from '../projector/projection-reader';
import { Projector } from '../projector/projector';
import { PUPILS_BY_UPN, pupilIndexProjection } from './pupil-index.projection';

const registered = (pupilId: string, upn: string | null): NewEvent => ({
  id: randomUUID(),
  type: 'PupilRegistered',
  data: { pupilId, upn, schoolId: 'school-1', reference: 'R' },
  metadata: {
    actor: 'a',
    role: 'attendance-officer',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2025-01-06T09:00:00Z',
  },
});

describe('the pupil index', () => {
  let events: MemoryEventStore;
  let documents: MemoryDocumentStore;
  let projector: Projector;
  beforeEach(() => {
    events = new MemoryEventStore();
    documents = new MemoryDocumentStore();
    projector = new Projector({ events, documents, projections: [pupilIndexProjection] });
    projector.start();
  });
  afterEach(async () => {
    await projector.stop();
    await events.close();
  });
  const register = async (pupilId: string, upn: string | null) => {
    const { position } = await events.appendToStream(
      `pupil-${pupilId}`,
      [registered(pupilId, upn)],
      {
        expectedRevision: 'no_stream',
      },
    );
    await projector.waitForPosition(position, 5_000);
  };
  const lookUp = (upn: string) =>
    new ProjectionReader(documents, pupilIndexProjection).get(PUPILS_BY_UPN, upn);

  it('finds a pupil by the UPN they were registered with', async () => {
    await register('p1', 'A801200100001');
    expect(await lookUp('A801200100001')).toEqual({ pupilIds: ['p1'] });
  });

  it('does not index a pupil registered without a UPN', async () => {
    await register('p1', null);
    await register('p2', 'A801200100001');
    expect(await lookUp('A801200100001')).toEqual({ pupilIds: ['p2'] });
  });

  it('keeps every pupil registered with the same UPN, so an import can refuse to guess', async () => {
    await register('p1', 'A801200100001');
    await register('p2', 'A801200100001');
    expect(await lookUp('A801200100001')).toEqual({ pupilIds: ['p1', 'p2'] });
  });
});
