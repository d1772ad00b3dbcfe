import { collect, describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreContract(
  'memory',
  async () => {
    const store = new MemoryEventStore();
    return { store, teardown: () => store.close() };
  },
  { revisionOfEvent: true },
);

describe('the memory event store, as tests above the port use it', () => {
  it('records the time its clock gives as each event’s recordedAt', async () => {
    const store = new MemoryEventStore(() => new Date('2025-09-01T08:30:00.000Z'));
    await store.appendToStream('pupil-1', [newEvent()], { expectedRevision: 'no_stream' });
    const [read] = await collect(store.readStream('pupil-1'));
    expect(read.recordedAt).toBe('2025-09-01T08:30:00.000Z');
  });

  it('keeps what was appended even when the caller later changes its own objects', async () => {
    const store = new MemoryEventStore();
    const event = newEvent('ConversationRecorded', { notes: 'as written' });
    await store.appendToStream('pupil-1', [event], { expectedRevision: 'no_stream' });
    event.data.notes = 'changed by the caller';
    const [first] = await collect(store.readStream('pupil-1'));
    first.data.notes = 'changed by a reader';
    const [again] = await collect(store.readAll());
    expect(again.data.notes).toBe('as written');
  });
});
