/**
 * case-file: every recorded thing of a pupil's case as its own document (see documents.ts). The
 * cost of an event does not grow with the pupil's history: a register is not read or written at
 * all, an event that opens an item writes that item (and the pupil's small document when its
 * stage, school or allocation changed), and one that follows an item (an outcome, a decision, a
 * review) reads and writes that item only.
 */
import { PupilEvent, stageAfter } from '@app/domain';
import type { FamilyEvent, MeetingEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection, ProjectionTx } from '../../projector/projection';
import {
  CASE_FILE_COLLECTIONS,
  CaseFileEntry,
  CaseFileItem,
  CaseFileItemKind,
  CaseFilePupil,
  caseFileFamilies,
  caseFileItems,
  caseFileMeetingActions,
  caseFilePupils,
} from './documents';

const PUPIL = 'pupil-';
const FAMILY = 'family-';
const MEETING = 'tsm-';

/** Where an event of the journey belongs in the file: the item it opens or follows. */
interface Place {
  kind: CaseFileItemKind;
  key: string;
  opens: boolean;
}

const opens = (kind: CaseFileItemKind, key: string): Place => ({ kind, key, opens: true });
const follows = (kind: CaseFileItemKind, key: string): Place => ({ kind, key, opens: false });

/** Exhaustive, so a new event type does not compile until it has a place (or none) in the file. */
export function placeOf(e: PupilEvent, eventId: string): Place | null {
  switch (e.type) {
    case 'TaskCompleted':
    case 'TaskReassigned':
      // The work list's own record (who did a task, who holds it): the history shows it.
      return null;
    case 'AttendanceMarksRecorded':
    case 'AttendanceMarkCorrected':
      // The register: summarised as attendance figures, never listed session by session.
      return null;
    case 'PupilRegistered':
      return opens('registration', 'registration');
    case 'VulnerabilityFlagsUpdated':
    case 'SchoolChanged':
    case 'LinkedToFamily':
    case 'LeadPractitionerAssigned':
    case 'CaseReallocated':
    case 'SocialWorkerAllocated':
    case 'SocialWorkerAllocationEnded':
    case 'SteppedDown':
    case 'CaseClosed':
    case 'CaseReopened':
      return opens('case', eventId);
    case 'ConcernRaised':
      return opens('concern', e.data.concernId);
    case 'ReferredToLocalAuthority':
      return opens('school-request', e.data.referralId);
    case 'PenaltyNoticeRequested':
      return opens('school-request', e.data.requestId);
    case 'SchoolRequestAnswered':
      return follows('school-request', e.data.requestId);
    case 'ConversationRecorded':
      return opens('conversation', e.data.conversationId);
    case 'SupportActionRecorded':
      return opens('support', e.data.supportId);
    case 'SupportOutcomeRecorded':
      return follows('support', e.data.supportId);
    case 'SupportNotAppropriateRecorded':
      return opens('support-not-appropriate', eventId);
    case 'ReferredToPanel':
      return opens('panel-referral', e.data.referralId);
    case 'PanelDecisionRecorded':
    case 'PanelDecisionAcknowledged':
      return follows('panel-referral', e.data.referralId);
    case 'AttendanceContractAgreed':
      return opens('attendance-contract', e.data.contractId);
    case 'AttendanceContractDeclined':
      return opens('attendance-contract', e.data.offerId);
    case 'AttendanceContractReviewed':
    case 'AttendanceContractEnded':
      return follows('attendance-contract', e.data.contractId);
    case 'SocialCareConsulted':
      return opens('social-care-consultation', eventId);
    case 'SupervisionOrderApplied':
      return opens('supervision-order', e.data.orderId);
    case 'SupervisionOrderGranted':
    case 'SupervisionOrderDirectionGiven':
    case 'SupervisionOrderNonComplianceRecorded':
    case 'SupervisionOrderExtensionApplied':
    case 'SupervisionOrderExtended':
    case 'SupervisionOrderDischarged':
    case 'SupervisionOrderEnded':
      return follows('supervision-order', e.data.orderId);
    case 'EducationNeglectReferralMade':
      return opens('neglect-referral', e.data.referralId);
    case 'SocialCareResponseRecorded':
      return follows('neglect-referral', e.data.referralId);
    case 'NoticeToImproveIssued':
      return opens('notice-to-improve', e.data.noticeId);
    case 'NoticeToImproveOutcomeRecorded':
      return follows('notice-to-improve', e.data.noticeId);
    case 'PenaltyNoticeIssued':
      return opens('penalty-notice', e.data.noticeId);
    case 'PenaltyNoticeServed':
    case 'PenaltyNoticePaid':
    case 'PenaltyNoticeWithdrawn':
      return follows('penalty-notice', e.data.noticeId);
    case 'ProsecutionStarted':
      return opens('prosecution', e.data.prosecutionId);
    case 'ProsecutionOutcomeRecorded':
    case 'ParentingOrderImplementationRecorded':
      return follows('prosecution', e.data.prosecutionId);
    case 'DeadlineReached':
      return opens('deadline', e.data.deadlineId);
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

/** The pupil's small document after the event; the same object when nothing in it changed. */
function pupilAfter(
  pupil: CaseFilePupil | undefined,
  e: PupilEvent,
  pupilId: string,
): CaseFilePupil | undefined {
  if (e.type === 'PupilRegistered')
    return {
      pupilId,
      reference: e.data.reference,
      status: 'open',
      stage: stageAfter('expect', e),
      schoolId: e.data.schoolId,
      leadPractitionerId: null,
      familyId: null,
      registeredOn: e.data.registeredOn,
    };
  if (!pupil) return undefined;
  const change = (over: Partial<CaseFilePupil>): CaseFilePupil => ({ ...pupil, ...over });
  const stage = stageAfter(pupil.stage, e);
  const staged = stage === pupil.stage ? pupil : change({ stage });
  switch (e.type) {
    case 'SchoolChanged':
      return { ...staged, schoolId: e.data.schoolId };
    case 'LeadPractitionerAssigned':
      return { ...staged, leadPractitionerId: e.data.practitionerId };
    case 'CaseReallocated':
      return { ...staged, leadPractitionerId: e.data.toPractitionerId };
    case 'LinkedToFamily':
      return { ...staged, familyId: e.data.familyId };
    case 'CaseClosed':
      return { ...staged, status: 'closed' };
    case 'CaseReopened':
      return { ...staged, status: 'open' };
    default:
      return staged;
  }
}

function entryOf(event: RecordedEvent, source: CaseFileEntry['source']): CaseFileEntry {
  const m = event.metadata ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    source,
    type: event.type,
    data: event.data,
    position: event.position.toString(10),
    recordedAt: event.recordedAt,
    occurredAt: text(m.occurredAt),
    actor: text(m.actor),
    role: text(m.role),
  };
}

const itemId = (pupilId: string, kind: CaseFileItemKind, key: string) =>
  `${pupilId}|${kind}|${key}`;

/** Positions are at most 20 digits (a bigint below 2^64): padded, they sort as numbers. */
const orderOf = (position: string) => position.padStart(20, '0');

function newItem(
  pupil: CaseFilePupil,
  kind: CaseFileItemKind,
  ref: string,
  entry: CaseFileEntry,
): CaseFileItem {
  const p = `pupil:${pupil.pupilId}`;
  return {
    pupilId: pupil.pupilId,
    kind,
    ref,
    stage: pupil.stage,
    order: orderOf(entry.position),
    entries: [entry],
    facets: [p, `${p}|stage:${pupil.stage}`, `${p}|kind:${kind}`],
  };
}

/** Adds an entry to the item it follows (or opens one, should the item be missing). */
async function follow(
  tx: ProjectionTx,
  pupil: CaseFilePupil,
  kind: CaseFileItemKind,
  ref: string,
  entry: CaseFileEntry,
): Promise<void> {
  const id = itemId(pupil.pupilId, kind, ref);
  const item = await tx.get(caseFileItems, id);
  tx.put(
    caseFileItems,
    id,
    item ? { ...item, entries: [...item.entries, entry] } : newItem(pupil, kind, ref, entry),
  );
}

async function applyPupil(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const e = { type: event.type, data: event.data } as PupilEvent;
  const place = placeOf(e, event.id);
  if (!place) return;
  const pupilId = event.streamId.slice(PUPIL.length);
  const before = e.type === 'PupilRegistered' ? undefined : await tx.get(caseFilePupils, pupilId);
  const pupil = pupilAfter(before, e, pupilId);
  if (!pupil) return;
  if (pupil !== before) tx.put(caseFilePupils, pupilId, pupil);
  const entry = entryOf(event, 'pupil');
  if (place.opens)
    tx.put(
      caseFileItems,
      itemId(pupilId, place.kind, place.key),
      newItem(pupil, place.kind, place.key, entry),
    );
  else await follow(tx, pupil, place.kind, place.key, entry);
}

/**
 * A family plan goes into the file of each child of the family, and of a child linked later; a
 * plan's attendance target, and each review of it, follow the plan in the file of the child the
 * target is for.
 */
async function applyFamily(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const e = { type: event.type, data: event.data } as FamilyEvent;
  if (e.type === 'PlanTargetSet' || e.type === 'PlanTargetReviewed') {
    const pupil = await tx.get(caseFilePupils, e.data.pupilId);
    if (pupil) await follow(tx, pupil, 'family-plan', e.data.planId, entryOf(event, 'family'));
    return;
  }
  if (e.type !== 'PupilLinked' && e.type !== 'PupilUnlinked' && e.type !== 'FamilyPlanRecorded')
    return;
  const familyId = event.streamId.slice(FAMILY.length);
  const family = (await tx.get(caseFileFamilies, familyId)) ?? { pupilIds: [], plans: [] };
  const fileFor = async (pupilId: string, plan: CaseFileEntry) => {
    const pupil = await tx.get(caseFilePupils, pupilId);
    const planId = String(plan.data.planId);
    if (pupil)
      tx.put(
        caseFileItems,
        itemId(pupilId, 'family-plan', planId),
        newItem(pupil, 'family-plan', planId, plan),
      );
  };
  if (e.type === 'PupilLinked') {
    if (family.pupilIds.includes(e.data.pupilId)) return;
    for (const plan of family.plans) await fileFor(e.data.pupilId, plan);
    tx.put(caseFileFamilies, familyId, {
      ...family,
      pupilIds: [...family.pupilIds, e.data.pupilId],
    });
  } else if (e.type === 'PupilUnlinked') {
    // What was filed stays in the child's file: it was part of their case.
    tx.put(caseFileFamilies, familyId, {
      ...family,
      pupilIds: family.pupilIds.filter((id) => id !== e.data.pupilId),
    });
  } else {
    const plan = entryOf(event, 'family');
    for (const pupilId of family.pupilIds) await fileFor(pupilId, plan);
    tx.put(caseFileFamilies, familyId, { ...family, plans: [...family.plans, plan] });
  }
}

/** Actions agreed for a pupil at a targeting support meeting, and their completion. */
async function applyMeeting(event: RecordedEvent, tx: ProjectionTx): Promise<void> {
  const e = { type: event.type, data: event.data } as MeetingEvent;
  if (e.type !== 'TargetingSupportActionAgreed' && e.type !== 'TargetingSupportActionCompleted')
    return;
  const kind = 'targeting-support-action';
  const key = `${event.streamId}|${e.data.actionId}`;
  const entry = entryOf(event, 'meeting');
  if (e.type === 'TargetingSupportActionAgreed') {
    tx.put(caseFileMeetingActions, key, { pupilId: e.data.pupilId });
    const pupil = await tx.get(caseFilePupils, e.data.pupilId);
    if (pupil)
      tx.put(caseFileItems, itemId(pupil.pupilId, kind, key), newItem(pupil, kind, key, entry));
  } else {
    const owner = await tx.get(caseFileMeetingActions, key);
    const pupil = owner && (await tx.get(caseFilePupils, owner.pupilId));
    if (pupil) await follow(tx, pupil, kind, key, entry);
  }
}

export const caseFileProjection: Projection = {
  name: 'case-file',
  version: 1,
  streamPrefixes: [PUPIL, FAMILY, MEETING],
  collections: CASE_FILE_COLLECTIONS,
  async apply(event, tx) {
    if (event.streamId.startsWith(PUPIL)) return applyPupil(event, tx);
    if (event.streamId.startsWith(FAMILY)) return applyFamily(event, tx);
    if (event.streamId.startsWith(MEETING)) return applyMeeting(event, tx);
  },
};
