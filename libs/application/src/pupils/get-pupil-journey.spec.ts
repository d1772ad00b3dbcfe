import { PupilEvent, pupilJourneyDecider, summarisePupilJourney } from '@app/domain';
import { PUPIL, registered, registerWeeks } from '@app/domain/testing/journey-fixtures';
import { MemoryEventStore } from '@app/event-store';
import { loadStream } from '../commands/stream-executor';
import { StreamStates } from '../commands/stream-states';
import { appendDomainEvents } from '../testing/append-domain-events';
import { CodeOfConductProvider } from './code-of-conduct';
import { GetPupilJourney, GetPupilJourneyHandler } from './pupil-commands';

const meta = {
  actor: 'a',
  role: 'link-worker',
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '',
};

describe('a pupil’s journey, read from the kept state', () => {
  let store: MemoryEventStore;
  let today: string;
  let handler: GetPupilJourneyHandler;
  const streamId = `pupil-${PUPIL}`;
  const append = (events: PupilEvent[]) => appendDomainEvents(store, streamId, events, meta);
  const wholeFold = async (asOf: string) => {
    const { state, revision } = await loadStream(
      store,
      streamId,
      pupilJourneyDecider.evolve,
      pupilJourneyDecider.initialState,
    );
    return { summary: summarisePupilJourney(state, asOf, {}), revision };
  };

  beforeEach(async () => {
    store = new MemoryEventStore();
    today = '2025-03-21';
    handler = new GetPupilJourneyHandler(
      new StreamStates(store),
      () => new Date(`${today}T12:00:00Z`),
      new CodeOfConductProvider(store),
    );
    await append([registered, ...registerWeeks(2, 8)]);
  });

  it('answers as a fold of the whole stream does, read after read', async () => {
    const first = await handler.execute(new GetPupilJourney(PUPIL));
    expect(first).toEqual(await wholeFold(today));
    await expect(handler.execute(new GetPupilJourney(PUPIL))).resolves.toEqual(first);
  });

  it('given events appended since the last read (by any process), answers with them', async () => {
    const before = await handler.execute(new GetPupilJourney(PUPIL));
    await append(registerWeeks(3, 2, '2025-03-03'));
    const after = await handler.execute(new GetPupilJourney(PUPIL));
    expect(after.revision).toBe(before.revision + 2n);
    expect(after).toEqual(await wholeFold(today));
    expect(after.summary).not.toEqual(before.summary);
  });

  it('answers for the day asked, and for today as the days pass', async () => {
    await handler.execute(new GetPupilJourney(PUPIL));
    await expect(
      handler.execute(new GetPupilJourney(PUPIL, undefined, '2025-02-07')),
    ).resolves.toEqual(await wholeFold('2025-02-07'));
    today = '2025-07-21';
    await expect(handler.execute(new GetPupilJourney(PUPIL))).resolves.toEqual(
      await wholeFold('2025-07-21'),
    );
  });
});
