/**
 * A pupil's state as of a moment (issue 6, item 2), two ways, so an auditor can answer both "what
 * did the panel know on 3 March" and "what had happened by 3 March":
 * - known by: only the events RECORDED by then (in this store, or in the system a case was
 *   imported from), so marks and corrections that arrived later are left out, as they were
 *   unknown at the time;
 * - happened by: every event recorded to date, but only what had HAPPENED by then (the business
 *   dates the events name), so a correction recorded later to an earlier session counts.
 * Pure: recorded events in, two journey summaries out.
 */
import {
  dateOf,
  IsoDate,
  PupilEvent,
  PupilJourney,
  PupilJourneySummary,
  pupilJourneyDecider,
  SchoolWeekBasis,
  summarisePupilJourney,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { describePupilEvent } from './describe-event';

/**
 * When a fact became known: when the store recorded it, or, for a fact brought across from the
 * LA's earlier system by a case import, when that system recorded it (`firstRecordedAt`, which the
 * import alone sets, never after the store's own time).
 */
export function knownAt(e: RecordedEvent): string {
  const first = e.metadata.firstRecordedAt;
  return typeof first === 'string' && Date.parse(first) < Date.parse(e.recordedAt)
    ? first
    : e.recordedAt;
}

/** Events known by `at`: recorded by then (see `knownAt`). */
export function eventsKnownBy(events: readonly RecordedEvent[], at: Date): RecordedEvent[] {
  return events.filter((e) => Date.parse(knownAt(e)) <= at.getTime());
}

/**
 * Events that had happened by `at`, whenever they were recorded. An event that names a business
 * date counts when that day is on or before the day of `at`; one that names none counts when its
 * command was made by `at`. A register counts when its period had begun: the summary then reads
 * only the sessions up to the day of `at`, with every later correction to them applied.
 */
export function eventsHappenedBy(events: readonly RecordedEvent[], at: Date): RecordedEvent[] {
  const asOf = dateOf(at);
  return events.filter((e) => {
    const event = e as unknown as PupilEvent;
    if (event.type === 'AttendanceMarksRecorded') return event.data.from <= asOf;
    const { happenedOn } = describePupilEvent(event);
    if (happenedOn !== null) return happenedOn <= asOf;
    const occurredAt = typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : null;
    return Date.parse(occurredAt ?? e.recordedAt) <= at.getTime();
  });
}

export interface JourneyAsOf {
  /** Null when the pupil was not yet registered as far as this view goes. */
  summary: PupilJourneySummary | null;
  /** How many of the pupil's events this view folded, and the global position of the last. */
  eventsCounted: number;
  lastPosition: string | null;
}

export interface StateAsOf {
  at: string;
  asOf: IsoDate;
  knownBy: JourneyAsOf;
  happenedBy: JourneyAsOf;
}

function journeyOf(
  events: readonly RecordedEvent[],
  asOf: IsoDate,
  schoolWeekBasis: SchoolWeekBasis | undefined,
): JourneyAsOf {
  const state = events.reduce<PupilJourney>(
    (s, e) => pupilJourneyDecider.evolve(s, e as unknown as PupilEvent),
    pupilJourneyDecider.initialState(),
  );
  const last = events[events.length - 1];
  return {
    summary:
      state.status === 'unregistered'
        ? null
        : summarisePupilJourney(state, asOf, { schoolWeekBasis }),
    eventsCounted: events.length,
    lastPosition: last ? last.position.toString() : null,
  };
}

/** Both views of one pupil's stream (in revision order) at `at`, summarised as of the day of `at`. */
export function stateAsOf(
  events: readonly RecordedEvent[],
  at: Date,
  options: { schoolWeekBasis?: SchoolWeekBasis } = {},
): StateAsOf {
  const asOf = dateOf(at);
  return {
    at: at.toISOString(),
    asOf,
    knownBy: journeyOf(eventsKnownBy(events, at), asOf, options.schoolWeekBasis),
    happenedBy: journeyOf(eventsHappenedBy(events, at), asOf, options.schoolWeekBasis),
  };
}
