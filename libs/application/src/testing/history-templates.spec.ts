import {
  familyDecider,
  FamilyEvent,
  FamilyState,
  isValidUpn,
  PupilEvent,
  pupilJourneyDecider,
} from '@app/domain';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { verifyStore } from '../audit/verify-chain';
import { generateHistory } from './history-generator';
import { cloneHistory } from './history-templates';

async function all(store: MemoryEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
}

function fold(events: RecordedEvent[]) {
  const pupils = new Map<string, ReturnType<typeof pupilJourneyDecider.initialState>>();
  const families = new Map<string, FamilyState>();
  for (const e of events) {
    const fact = { type: e.type, data: e.data };
    if (e.streamId.startsWith('pupil-'))
      pupils.set(
        e.streamId,
        pupilJourneyDecider.evolve(
          pupils.get(e.streamId) ?? pupilJourneyDecider.initialState(),
          fact as PupilEvent,
        ),
      );
    if (e.streamId.startsWith('family-'))
      families.set(
        e.streamId,
        familyDecider.evolve(
          families.get(e.streamId) ?? familyDecider.initialState(),
          fact as FamilyEvent,
        ),
      );
  }
  return { pupils, families };
}

describe('a history scaled up from a template', () => {
  const COPIES = 3;
  let template: RecordedEvent[];
  let copied: RecordedEvent[];
  beforeAll(async () => {
    const source = new MemoryEventStore();
    await generateHistory(source, { seed: 5, pupils: 30, schoolWeeks: 26 });
    template = await all(source);
    const target = new MemoryEventStore();
    await cloneHistory(template, target, { copies: COPIES, seed: 9 });
    copied = await all(target);
  }, 60_000);

  it('writes every pupil and family stream once per copy and the settings once', () => {
    const settings = template.filter((e) => e.streamId.startsWith('settings-')).length;
    expect(copied.length).toBe(settings + COPIES * (template.length - settings));
    const streams = (events: RecordedEvent[]) => new Set(events.map((e) => e.streamId)).size;
    expect(streams(copied) - 2).toBe(COPIES * (streams(template) - 2));
  });

  it('keeps every hash chain intact', async () => {
    const store = new MemoryEventStore();
    for (const e of copied)
      await store.appendToStream(e.streamId, [e], {
        expectedRevision: e.revision === 0n ? 'no_stream' : e.revision - 1n,
      });
    const report = await verifyStore(store);
    expect(report.brokenLinks).toEqual([]);
    expect(report.eventsChecked).toBe(copied.length);
  });

  it('gives each copy its own children: ids, references and valid UPNs', () => {
    const registered = copied
      .filter((e) => e.type === 'PupilRegistered')
      .map((e) => e.data as { pupilId: string; reference: string; upn: string | null });
    expect(new Set(registered.map((r) => r.pupilId)).size).toBe(registered.length);
    expect(new Set(registered.map((r) => r.reference)).size).toBe(registered.length);
    const upns = registered.flatMap((r) => (r.upn ? [r.upn] : []));
    expect(upns.length).toBeGreaterThan(0);
    expect(upns.every(isValidUpn)).toBe(true);
    expect(new Set(upns).size).toBe(upns.length);
  });

  it('keeps the journeys: each copy folds to the same stages, linked to its own family', () => {
    const before = fold(template);
    const after = fold(copied);
    const stages = (m: ReturnType<typeof fold>['pupils']) =>
      [...m.values()].map((s) => `${s.status}:${s.stage}`).sort();
    expect(stages(after.pupils)).toEqual(
      Array.from({ length: COPIES }, () => stages(before.pupils))
        .flat()
        .sort(),
    );
    for (const [streamId, pupil] of after.pupils) {
      const family = after.families.get(`family-${pupil.familyId}`);
      expect(family?.pupilIds).toContain(streamId.slice('pupil-'.length));
    }
  });

  it('writes the same copies for the same seed', async () => {
    const again = new MemoryEventStore();
    await cloneHistory(template, again, { copies: COPIES, seed: 9 });
    const strip = (events: RecordedEvent[]) => events.map(({ recordedAt: _r, ...e }) => e);
    expect(strip(await all(again))).toEqual(strip(copied));
  });
});
