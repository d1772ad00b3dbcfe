/**
 * Reads what an evidence pack is assembled from: the pupil's stream (404 when there is none; the
 * case-access check before anything else is read) and the family's stream it was last linked to.
 */
import { familyStreamId, pupilJourneyDecider, pupilStreamId, SchoolWeekBasis } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { readStreamEvents } from '../commands/stream-executor';
import { CaseAccessCheck, CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { assembleEvidencePack, EvidencePack, EvidencePackSubject } from './evidence-pack';

export async function readEvidencePack(
  store: EventStore,
  pupilId: string,
  subject: EvidencePackSubject,
  options: { access?: CaseAccessCheck; schoolWeekBasis?: SchoolWeekBasis; generatedAt: Date },
): Promise<EvidencePack> {
  const pupilEvents = await readStreamEvents(store, pupilStreamId(pupilId));
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
    ? await readStreamEvents(store, familyStreamId(state.familyId))
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
