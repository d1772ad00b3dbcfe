import { MemoryEventStore, NewEvent } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { ProjectionReader } from '../projector/projection-reader';
import { Projector } from '../projector/projector';
import {
  PENALTY_NOTICES_BY_REFERENCE,
  penaltyNoticeIndexProjection,
} from './penalty-notice-index.projection';

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: 'a',
    role: 'attendance-officer',
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2025-05-01T09:00:00Z',
  },
});

describe('the penalty-notice index', () => {
  let events: MemoryEventStore;
  let documents: MemoryDocumentStore;
  let projector: Projector;
  beforeEach(() => {
    events = new MemoryEventStore();
    documents = new MemoryDocumentStore();
    projector = new Projector({ events, documents, projections: [penaltyNoticeIndexProjection] });
    projector.start();
  });
  afterEach(async () => {
    await projector.stop();
    await events.close();
  });
  const append = async (streamId: string, e: NewEvent) => {
    const { position } = await events.appendToStream(streamId, [e], { expectedRevision: 'any' });
    await projector.waitForPosition(position, 5_000);
  };
  const lookUp = (reference: string) =>
    new ProjectionReader(documents, penaltyNoticeIndexProjection).get(
      PENALTY_NOTICES_BY_REFERENCE,
      reference,
    );

  it("finds the pupil whose journey holds a notice, by the notice's reference", async () => {
    await append(
      'pupil-p1',
      event('PenaltyNoticeIssued', { noticeId: 'pn-1', parentId: 'mum', issuedOn: '2025-05-01' }),
    );
    expect(await lookUp('pn-1')).toEqual({
      pupilId: 'p1',
      parentId: 'mum',
      issuedOn: '2025-05-01',
    });
  });

  it('knows no reference that was never issued, and ignores other facts', async () => {
    await append('pupil-p1', event('PenaltyNoticePaid', { noticeId: 'pn-2', amount: 80 }));
    await append('family-f1', event('PenaltyNoticeIssued', { noticeId: 'pn-3', parentId: 'x' }));
    expect(await lookUp('pn-2')).toBeUndefined();
    expect(await lookUp('pn-3')).toBeUndefined();
  });
});
