import {
  CODE_OF_CONDUCT_STREAM,
  codeOfConductDecider,
  CodeOfConductState,
  DIRECTORY_STREAM,
  directoryDecider,
  DirectoryState,
  FamilyCommand,
  familyDecider,
  FamilyEvent,
  FamilyState,
  PupilCommand,
  PupilEvent,
  PupilJourney,
  pupilJourneyDecider,
  stageRank,
  STAGES,
} from '@app/domain';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import { canonicalJson } from '../audit/hash-chain';
import { generateHistory, HistoryOptions, SentCommand } from './history-generator';

async function generate(options: HistoryOptions) {
  const store = new MemoryEventStore();
  const sent: SentCommand[] = [];
  const report = await generateHistory(store, {
    ...options,
    onCommand: (s) => sent.push(s),
  });
  const events: RecordedEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  await store.close();
  return { report, sent, events };
}

/** Equal as JSON (the store keeps JSON); a mismatch is shown in full. */
function same(stored: unknown, decided: unknown): void {
  if (canonicalJson(stored) !== canonicalJson(decided)) expect(stored).toEqual(decided);
}

/** What a run wrote, without the store's own clock. */
const written = (events: RecordedEvent[]) => events.map(({ recordedAt: _r, ...e }) => e);

describe('the history generator', () => {
  // One school year of 100 pupils, more of them in trouble than usual so that every route shows.
  const PUPILS = 100;
  let year: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    year = await generate({
      seed: 7,
      pupils: PUPILS,
      schoolWeeks: 39,
      stageFractions: {
        monitor: 0.6,
        'listen-and-understand': 0.45,
        'facilitate-support': 0.35,
        'formalise-support': 0.22,
        enforce: 0.12,
      },
    });
  }, 120_000);

  it('writes the same events for the same seed, and others for another seed', async () => {
    const options = { seed: 11, pupils: 25, schoolWeeks: 10 };
    const a = await generate(options);
    const b = await generate(options);
    const c = await generate({ ...options, seed: 12 });
    expect(a.events.length).toBeGreaterThan(250);
    expect(written(b.events)).toEqual(written(a.events));
    expect(written(c.events)).not.toEqual(written(a.events));
  }, 60_000);

  it('takes pupils through all six stages in a school year', () => {
    for (const stage of STAGES) expect(year.report.stagesReached[stage]).toBeGreaterThan(0);
    expect(year.report.stagesReached.expect).toBe(PUPILS);
    // The stage each pupil's stream reached, folded from the stored events.
    const highest = new Map<string, number>();
    let state = new Map<string, PupilJourney>();
    for (const e of year.events.filter((x) => x.streamId.startsWith('pupil-'))) {
      const s = pupilJourneyDecider.evolve(
        state.get(e.streamId) ?? pupilJourneyDecider.initialState(),
        { type: e.type, data: e.data } as PupilEvent,
      );
      state = state.set(e.streamId, s);
      highest.set(e.streamId, Math.max(highest.get(e.streamId) ?? 0, stageRank(s.stage)));
    }
    for (const stage of STAGES)
      expect([...highest.values()].filter((r) => r >= stageRank(stage)).length).toBe(
        year.report.stagesReached[stage],
      );
  });

  it('records what casework records: every kind of step on the journey', () => {
    const types = new Set(year.events.map((e) => e.type));
    for (const type of [
      'CodeOfConductAdopted',
      'SchoolRegistered',
      'StaffAllocated',
      'FamilyRegistered',
      'ParentAdded',
      'PupilLinked',
      'PupilRegistered',
      'LinkedToFamily',
      'AttendanceMarksRecorded',
      'AttendanceMarkCorrected',
      'ConcernRaised',
      'ConversationRecorded',
      'LeadPractitionerAssigned',
      'SupportActionRecorded',
      'SupportOutcomeRecorded',
      'ReferredToPanel',
      'PanelDecisionRecorded',
      'AttendanceContractAgreed',
      'AttendanceContractReviewed',
      'AttendanceContractEnded',
      'SocialCareConsulted',
      'SupervisionOrderApplied',
      'SupervisionOrderGranted',
      'SupervisionOrderDirectionGiven',
      'NoticeToImproveIssued',
      'NoticeToImproveOutcomeRecorded',
      'SupportNotAppropriateRecorded',
      'PenaltyNoticeIssued',
      'PenaltyNoticePaid',
      'ProsecutionStarted',
      'SteppedDown',
      'CaseClosed',
    ])
      expect([type, types.has(type)]).toEqual([type, true]);
    expect(year.report.events).toBe(year.events.length);
  });

  it('writes only events the deciders decide again when each stream is replayed', () => {
    const byCorrelation = new Map(year.sent.map((s) => [s.metadata.correlationId, s]));
    const groups = new Map<string, RecordedEvent[]>();
    for (const e of year.events) {
      const id = e.metadata.correlationId;
      groups.set(id, [...(groups.get(id) ?? []), e]);
    }
    const pupils = new Map<string, PupilJourney>();
    const families = new Map<string, FamilyState>();
    let code: CodeOfConductState = codeOfConductDecider.initialState();
    let directory: DirectoryState = directoryDecider.initialState();
    let replayed = 0;
    // In the store's order, each command is decided again on the state folded from what is stored.
    for (const [correlationId, stored] of groups) {
      const sent = byCorrelation.get(correlationId);
      if (!sent) throw new Error(`No command recorded for ${stored[0].type}.`);
      const { streamId } = stored[0];
      expect(stored.every((e) => e.streamId === streamId)).toBe(true);
      const now = new Date(String(stored[0].metadata.occurredAt));
      const facts = stored.map((e) => ({ type: e.type, data: e.data }));
      if (streamId.startsWith('pupil-')) {
        const state = pupils.get(streamId) ?? pupilJourneyDecider.initialState();
        const command = sent.command as PupilCommand;
        const familyId = command.type === 'LinkToFamily' ? command.familyId : state.familyId;
        const decided = pupilJourneyDecider.decide(command, state, {
          now,
          codeOfConduct: code.current,
          family: familyId ? families.get(`family-${familyId}`) : undefined,
        });
        same(facts, decided);
        expect(stored[0].metadata.ruleSetVersion).toBe(code.current.version);
        pupils.set(streamId, (facts as PupilEvent[]).reduce(pupilJourneyDecider.evolve, state));
      } else if (streamId.startsWith('family-')) {
        const state = families.get(streamId) ?? familyDecider.initialState();
        same(facts, familyDecider.decide(sent.command as FamilyCommand, state, now));
        families.set(streamId, (facts as FamilyEvent[]).reduce(familyDecider.evolve, state));
      } else if (streamId === CODE_OF_CONDUCT_STREAM) {
        const command = sent.command as Parameters<typeof codeOfConductDecider.decide>[0];
        same(facts, codeOfConductDecider.decide(command, code, now));
        code = codeOfConductDecider.evolve(code, facts[0] as never);
      } else if (streamId === DIRECTORY_STREAM) {
        const command = sent.command as Parameters<typeof directoryDecider.decide>[0];
        same(facts, directoryDecider.decide(command, directory));
        directory = facts.reduce((s, f) => directoryDecider.evolve(s, f as never), directory);
      } else throw new Error(`Unexpected stream ${streamId}.`);
      replayed += 1;
    }
    expect(replayed).toBe(year.sent.filter((s) => s.events.length > 0).length);
    expect(pupils.size).toBe(PUPILS);
  });
});
