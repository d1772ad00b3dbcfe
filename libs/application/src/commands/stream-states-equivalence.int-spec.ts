/**
 * The state a command or the journey query works from, taken from a stored snapshot and the events
 * after it (or from memory), is the state a fold of the whole stream gives, and so is every figure
 * the journey view shows: over a generated school year of pupils and families, on SQLite (where a
 * snapshot goes through JSON and back).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  familyDecider,
  SCHOOL_WEEK_BASES,
  pupilJourneyDecider,
  summarisePupilJourney,
} from '@app/domain';
import { EventStore, ReadStreamOptions, SqliteEventStore, StreamSnapshot } from '@app/event-store';
import { generateHistory } from '../testing/history-generator';
import { loadStream } from './stream-executor';
import { StreamStates } from './stream-states';

describe('a stream’s state from its snapshot and the events after it', () => {
  let dir: string;
  let store: SqliteEventStore;
  let streams: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-states-'));
    store = new SqliteEventStore({ file: path.join(dir, 'events.db') });
    await generateHistory(store, { seed: 15, pupils: 30, schoolWeeks: 39 });
    const ids = new Set<string>();
    for await (const e of store.readAll()) ids.add(e.streamId);
    streams = [...ids];
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The store as a process saw it when the stream ended at `last`, with the real snapshots. */
  const upTo = (last: bigint) =>
    ({
      readStream: async function* (id: string, options?: ReadStreamOptions) {
        for await (const e of store.readStream(id, options)) if (e.revision <= last) yield e;
      },
      readSnapshot: (id: string) => store.readSnapshot(id),
      writeSnapshot: (snapshot: StreamSnapshot) => store.writeSnapshot(snapshot),
    }) as unknown as EventStore;

  const asOfDates = ['2024-12-20', '2025-03-31', '2025-07-18'];

  it('is the whole fold’s state, and the journey view shows the same, for every pupil', async () => {
    const pupils = streams.filter((s) => s.startsWith('pupil-'));
    const reader = new StreamStates(store);
    for (const id of pupils) {
      const full = await loadStream(
        store,
        id,
        pupilJourneyDecider.evolve,
        pupilJourneyDecider.initialState,
      );
      // A process that saw the first half of the stream stored its snapshot; the reader starts
      // from it and folds the second half.
      const half = full.events[Math.floor(full.events.length / 2)].revision;
      await new StreamStates(upTo(half), { snapshotEvery: 1 }).load(id, pupilJourneyDecider);
      await new Promise(setImmediate);
      expect((await store.readSnapshot(id))?.revision).toBe(half);
      for (const loaded of [
        await reader.load(id, pupilJourneyDecider),
        await reader.load(id, pupilJourneyDecider), // now from memory
      ]) {
        expect(loaded.revision).toBe(full.revision);
        expect(loaded.lastHash).toBe(full.lastHash);
        expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(full.state));
        for (const asOf of asOfDates)
          for (const schoolWeekBasis of SCHOOL_WEEK_BASES)
            expect(summarisePupilJourney(loaded.state, asOf, { schoolWeekBasis })).toEqual(
              summarisePupilJourney(full.state, asOf, { schoolWeekBasis }),
            );
      }
    }
  });

  it('is the whole fold’s state for every family', async () => {
    const families = streams.filter((s) => s.startsWith('family-'));
    expect(families.length).toBeGreaterThan(0);
    const writer = new StreamStates(store, { snapshotEvery: 2 });
    for (const id of families) await writer.load(id, familyDecider);
    const reader = new StreamStates(store);
    for (const id of families) {
      const full = await loadStream(store, id, familyDecider.evolve, familyDecider.initialState);
      const loaded = await reader.load(id, familyDecider);
      expect(JSON.stringify(loaded.state)).toBe(JSON.stringify(full.state));
      expect(loaded.revision).toBe(full.revision);
    }
  });
});
