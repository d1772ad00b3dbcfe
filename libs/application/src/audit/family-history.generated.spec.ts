/**
 * The family history's stages, folded by `stageAfter` alone, against the journey's own `evolve`
 * over every event of a generated local authority (the history generator drives the real command
 * path through every stage, step-downs and reopenings included): the auditor sees the same stage
 * either way.
 */
import { PupilEvent, pupilJourneyDecider, PupilJourney } from '@app/domain';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { upcastStored } from '../commands/upcast-recorded';
import { generateHistory } from '../testing/history-generator';
import { buildFamilyHistory } from './family-history';

describe("a family history's stages over a generated year of casework", () => {
  it('equal the stage the full fold of each pupil stream leaves after each event', async () => {
    const store = new MemoryEventStore();
    await generateHistory(store, {
      seed: 6,
      pupils: 12,
      schoolWeeks: 39,
      siblingShare: 0.8,
      stageFractions: { enforce: 0.5, 'formalise-support': 0.6 },
    });
    const all: RecordedEvent[] = [];
    for await (const e of store.readAll()) all.push(upcastStored(e));
    await store.close();
    const stream = (id: string) => all.filter((e) => e.streamId === id);

    const expected = new Map<string, string>();
    for (const pupilStream of new Set(all.map((e) => e.streamId)))
      if (pupilStream.startsWith('pupil-')) {
        let state: PupilJourney = pupilJourneyDecider.initialState();
        for (const e of stream(pupilStream)) {
          state = pupilJourneyDecider.evolve(state, e as unknown as PupilEvent);
          expected.set(e.id, state.stage);
        }
      }

    let compared = 0;
    const families = [...new Set(all.map((e) => e.streamId))].filter((s) =>
      s.startsWith('family-'),
    );
    for (const familyStream of families) {
      const familyEvents = stream(familyStream);
      const pupilIds = familyEvents
        .filter((e) => e.type === 'PupilLinked')
        .map((e) => String(e.data.pupilId));
      const entries = buildFamilyHistory(
        familyStream.slice('family-'.length),
        familyEvents,
        new Map(pupilIds.map((id) => [id, stream(`pupil-${id}`)])),
      );
      for (const entry of entries.filter((e) => e.pupilId !== null)) {
        expect([entry.kind, entry.stage]).toEqual([entry.kind, expected.get(entry.eventId)]);
        compared += 1;
      }
    }
    // Every stage is reached somewhere, so the comparison covers each of stageAfter's rules.
    expect(new Set(expected.values()).size).toBe(6);
    expect(compared).toBeGreaterThan(500);
  }, 60_000);
});
