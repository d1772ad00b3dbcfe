/**
 * The audit reads (architecture.md, "Read path": audit queries read the streams, not read models):
 * a family's history and a pupil's state as of a moment. They load; the pure modules decide.
 */
import {
  CODE_OF_CONDUCT_STREAM,
  CodeOfConduct,
  codeOfConductDecider,
  CodeOfConductEvent,
  familyDecider,
  FamilyEvent,
  FamilyState,
  familyStreamId,
  PupilEvent,
  PupilJourney,
  pupilJourneyDecider,
  pupilStreamId,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { readStreamEvents } from '../commands/stream-executor';
import { CaseAccessCheck, CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { buildFamilyHistory, HistoryEntry, membershipsOf } from './family-history';
import { eventsKnownBy, stateAsOf, StateAsOf } from './state-as-of';

export interface FamilyHistory {
  family: FamilyState;
  /** Every pupil the family stream ever linked, their reference, and whether they are linked now. */
  pupils: { pupilId: string; reference: string | null; linkedNow: boolean }[];
  entries: HistoryEntry[];
}

/** The whole history of a family and its children, in global order. Throws CaseNotFound. */
export async function readFamilyHistory(
  store: EventStore,
  familyId: string,
): Promise<FamilyHistory> {
  const familyEvents = await readStreamEvents(store, familyStreamId(familyId));
  if (familyEvents.length === 0) throw new CaseNotFound('family');
  const family = familyEvents.reduce(
    (state, e) => familyDecider.evolve(state, e as unknown as FamilyEvent),
    familyDecider.initialState(),
  );
  const memberships = membershipsOf(familyEvents);
  const pupilEvents = new Map(
    await Promise.all(
      memberships.map(
        async (m) => [m.pupilId, await readStreamEvents(store, pupilStreamId(m.pupilId))] as const,
      ),
    ),
  );
  return {
    family,
    pupils: memberships.map((m) => ({
      pupilId: m.pupilId,
      reference: referenceOf(pupilEvents.get(m.pupilId) ?? []),
      linkedNow: family.pupilIds.includes(m.pupilId),
    })),
    entries: buildFamilyHistory(familyId, familyEvents, pupilEvents),
  };
}

const referenceOf = (events: readonly RecordedEvent[]): string | null => {
  const registered = events.find((e) => e.type === 'PupilRegistered');
  const reference = (registered?.data as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? reference : null;
};

export interface PupilStateAsOf extends StateAsOf {
  pupilId: string;
  /** The code of conduct as recorded by `at`: the rules the figures are read under. */
  ruleSetVersion: string;
}

/**
 * A pupil's journey known by and happened by `at`. Case access is decided on the pupil as they
 * stand now (their school and allocation today). Throws CaseNotFound, CaseAccessDenied.
 */
export async function readPupilStateAsOf(
  store: EventStore,
  pupilId: string,
  at: Date,
  access?: CaseAccessCheck,
): Promise<PupilStateAsOf> {
  const events = await readStreamEvents(store, pupilStreamId(pupilId));
  if (events.length === 0) throw new CaseNotFound('pupil');
  const now = events.reduce<PupilJourney>(
    (state, e) => pupilJourneyDecider.evolve(state, e as unknown as PupilEvent),
    pupilJourneyDecider.initialState(),
  );
  if (
    access &&
    !access({ schoolId: now.schoolId, leadPractitionerId: now.leadPractitionerId ?? undefined })
  )
    throw new CaseAccessDenied();
  const codeOfConduct = await codeOfConductKnownBy(store, at);
  return {
    pupilId,
    ruleSetVersion: codeOfConduct.version,
    ...stateAsOf(events, at, { schoolWeekBasis: codeOfConduct.schoolWeekBasis }),
  };
}

async function codeOfConductKnownBy(store: EventStore, at: Date): Promise<CodeOfConduct> {
  const events = eventsKnownBy(await readStreamEvents(store, CODE_OF_CONDUCT_STREAM), at);
  return events.reduce(
    (state, e) => codeOfConductDecider.evolve(state, e as unknown as CodeOfConductEvent),
    codeOfConductDecider.initialState(),
  ).current;
}
