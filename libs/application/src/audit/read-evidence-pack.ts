/**
 * Reads what an evidence pack is assembled from: the pupil's stream (404 when there is none; the
 * case-access check before anything else is read) and the family's stream it was last linked to.
 */
import { familyStreamId, pupilJourneyDecider, pupilStreamId, SchoolWeekBasis } from '@app/domain';
import { EventStore, RecordedEvent, StreamNotFoundError } from '@app/event-store';
import { CaseAccessCheck, CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { assembleEvidencePack, EvidencePack, EvidencePackSubject } from './evidence-pack';

async function readStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for await (const e of store.readStream(streamId)) events.push(e);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return events;
}

export async function readEvidencePack(
  store: EventStore,
  pupilId: string,
  subject: EvidencePackSubject,
  options: { access?: CaseAccessCheck; schoolWeekBasis?: SchoolWeekBasis; generatedAt: Date },
): Promise<EvidencePack> {
  const pupilEvents = await readStream(store, pupilStreamId(pupilId));
  if (pupilEvents.length === 0) throw new CaseNotFound('pupil');
  const state = pupilEvents.reduce(
    (s, e) => pupilJourneyDecider.evolve(s, { type: e.type, data: e.data } as never),
    pupilJourneyDecider.initialState(),
  );
  if (
    options.access &&
    !options.access({
      schoolId: state.schoolId,
      leadPractitionerId: state.leadPractitionerId ?? undefined,
    })
  )
    throw new CaseAccessDenied();
  const familyEvents = state.familyId
    ? await readStream(store, familyStreamId(state.familyId))
    : [];
  return assembleEvidencePack({
    pupilId,
    pupilEvents,
    familyEvents,
    subject,
    schoolWeekBasis: options.schoolWeekBasis,
    generatedAt: options.generatedAt.toISOString(),
  });
}
