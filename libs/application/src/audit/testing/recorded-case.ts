/**
 * Builds a pupil's and a family's recorded events the way the store would hold them (global
 * positions in commit order, revisions per stream, who and when), deciding the pupil's commands
 * with the real decider so that decision events carry what the rules computed. For specs and
 * benchmarks of the audit reads; not used by the running system.
 */
import {
  DecisionContext,
  familyDecider,
  FamilyEvent,
  FamilyState,
  NATIONAL_DEFAULTS,
  PupilCommand,
  PupilEvent,
  pupilJourneyDecider,
  PupilJourney,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

export class RecordedCase {
  readonly all: RecordedEvent[] = [];
  private position = 0n;
  private readonly revisions = new Map<string, bigint>();
  private readonly pupils = new Map<string, PupilJourney>();
  private family: FamilyState = familyDecider.initialState();

  constructor(
    readonly familyId: string,
    private readonly actor = { actor: 'officer-1', role: 'attendance-officer' },
  ) {}

  private record(streamId: string, type: string, data: object, at: string): RecordedEvent {
    const revision = this.revisions.has(streamId) ? this.revisions.get(streamId)! + 1n : 0n;
    this.revisions.set(streamId, revision);
    this.position += 1n;
    const recorded: RecordedEvent = {
      id: `${streamId}-${revision}`,
      streamId,
      type,
      data: data as Record<string, unknown>,
      metadata: {
        ...this.actor,
        correlationId: `c-${this.position}`,
        causationId: `c-${this.position}`,
        occurredAt: at,
      },
      revision,
      position: this.position,
      recordedAt: at,
    };
    this.all.push(recorded);
    return recorded;
  }

  /** Appends family events as they are (the family decider has nothing to compute). */
  familyEvents(events: FamilyEvent[], at: string): this {
    for (const e of events) {
      this.family = familyDecider.evolve(this.family, e);
      this.record(`family-${this.familyId}`, e.type, e.data, at);
    }
    return this;
  }

  /** Appends pupil events as they are, e.g. marks and facts no rule computes. */
  pupilEvents(pupilId: string, events: PupilEvent[], at: string): this {
    for (const e of events) {
      this.pupils.set(pupilId, pupilJourneyDecider.evolve(this.state(pupilId), e));
      this.record(`pupil-${pupilId}`, e.type, e.data, at);
    }
    return this;
  }

  /** Decides a command with the real decider at `at` (its business time) and records the result. */
  decide(pupilId: string, command: PupilCommand, at: string): PupilEvent[] {
    const context: DecisionContext = {
      now: new Date(at),
      codeOfConduct: NATIONAL_DEFAULTS,
      family: this.family,
    };
    const events = pupilJourneyDecider.decide(command, this.state(pupilId), context);
    this.pupilEvents(pupilId, events, at);
    return events;
  }

  state(pupilId: string): PupilJourney {
    return this.pupils.get(pupilId) ?? pupilJourneyDecider.initialState();
  }

  stream(streamId: string): RecordedEvent[] {
    return this.all.filter((e) => e.streamId === streamId);
  }
}
