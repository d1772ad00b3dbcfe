/**
 * The chronology of an evidence pack: every event of a pupil's stream and of the family's stream,
 * in the store's global order, each as a sentence a magistrate can read. Pure: events in, rows out.
 */
import type { FamilyEvent, PupilEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

export interface ChronologyEntry {
  /** Global position in the store (decimal string: positions are bigints). */
  position: string;
  stream: 'pupil' | 'family';
  type: string;
  /** Business time, from the command (ISO instant). */
  occurredAt: string;
  /** When the store recorded it (ISO instant). */
  recordedAt: string;
  actor: string;
  role: string;
  /** The date the event is about (held on, issued on…), where it names one. */
  onDate: string | null;
  description: string;
  /** The rule set (code of conduct version) a decision was made under. */
  ruleSetVersion: string | null;
}

/** Parent ids to their pseudonymous references, so a row names "parent M (mother)", never an id. */
export type ParentNames = ReadonlyMap<string, string>;

const words = (code: string) => code.replace(/-/g, ' ');
const list = (items: readonly string[]) => (items.length ? items.map(words).join(', ') : 'none');
const parentName = (names: ParentNames, id: string) => names.get(id) ?? `parent ${id}`;
const parents = (names: ParentNames, ids: readonly string[]) =>
  ids.map((id) => parentName(names, id)).join(' and ');

/** What happened, and the date it names, for a pupil's event. */
export function describePupilEvent(
  event: PupilEvent,
  names: ParentNames,
): { description: string; onDate: string | null } {
  const d = (description: string, onDate: string | null = null) => ({ description, onDate });
  switch (event.type) {
    case 'PupilRegistered':
      return d(
        `Pupil ${event.data.reference} registered at ${event.data.schoolId} (${words(event.data.schoolType)}, year ${event.data.yearGroup})`,
        event.data.registeredOn,
      );
    case 'VulnerabilityFlagsUpdated':
      return d('Vulnerability flags updated', event.data.updatedOn);
    case 'SchoolChanged':
      return d(
        `Moved to ${event.data.schoolId} (year ${event.data.yearGroup})`,
        event.data.changedOn,
      );
    case 'LinkedToFamily':
      return d('Linked to the family');
    case 'AttendanceMarksRecorded': {
      const unauthorised = event.data.marks.filter((m) => ['G', 'N', 'O', 'U'].includes(m.code));
      return d(
        `Register marks from ${event.data.schoolId} for ${event.data.from} to ${event.data.to}: ${event.data.marks.length} sessions, ${unauthorised.length} unauthorised`,
        event.data.to,
      );
    }
    case 'AttendanceMarkCorrected':
      return d(
        `Mark for ${event.data.date} ${event.data.session} corrected from ${event.data.previousCode ?? 'none'} to ${event.data.code}: ${event.data.reason}`,
        event.data.date,
      );
    case 'ConcernRaised':
      return d(
        event.data.raisedBy === 'rule'
          ? `Concern raised by rule ${event.data.rule?.name ?? ''}: ${event.data.summary}`
          : `Concern raised: ${event.data.summary}`,
        event.data.raisedOn,
      );
    case 'ConversationRecorded':
      return d(
        `Conversation with ${list(event.data.withWhom)}; barriers: ${list(event.data.barriers)}; agreed: ${event.data.agreedNextSteps.join('; ') || 'nothing recorded'}`,
        event.data.heldOn,
      );
    case 'LeadPractitionerAssigned':
      return d(`Lead practitioner ${event.data.practitionerId} assigned`, event.data.assignedOn);
    case 'SupportActionRecorded':
      return d(
        `Support offered (${words(event.data.kind)}): ${event.data.description}`,
        event.data.startedOn,
      );
    case 'SupportOutcomeRecorded':
      return d(
        `Support outcome: ${words(event.data.outcome)}; family ${event.data.familyEngaged ? 'engaged' : 'did not engage'}`,
        event.data.recordedOn,
      );
    case 'SupportNotAppropriateRecorded':
      return d(
        `Support recorded as not appropriate (${words(event.data.reason)}): ${event.data.explanation}`,
        event.data.recordedOn,
      );
    case 'ReferredToPanel':
      return d(`Referred to the attendance panel: ${event.data.reason}`, event.data.referredOn);
    case 'PanelDecisionRecorded':
      return d(
        `Panel decided: ${words(event.data.decision)} (${event.data.rationale})`,
        event.data.decidedOn,
      );
    case 'AttendanceContractAgreed':
      return d(
        `Attendance contract agreed with ${parents(names, event.data.parentIds)}, ${event.data.startsOn} to ${event.data.endsOn}`,
        event.data.startsOn,
      );
    case 'AttendanceContractReviewed':
      return d(
        `Attendance contract reviewed: ${words(event.data.outcome)}${event.data.notes ? ` (${event.data.notes})` : ''}`,
        event.data.reviewedOn,
      );
    case 'AttendanceContractEnded':
      return d(`Attendance contract ended: ${words(event.data.reason)}`, event.data.endedOn);
    case 'SocialCareConsulted':
      return d(`Children's social care consulted: ${event.data.outcome}`, event.data.consultedOn);
    case 'SupervisionOrderApplied':
      return d('Education supervision order applied for', event.data.appliedOn);
    case 'SupervisionOrderGranted':
      return d(
        `Education supervision order made, in force until ${event.data.expiresOn}`,
        event.data.courtDate,
      );
    case 'SupervisionOrderDirectionGiven':
      return d(`Supervisor's direction: ${event.data.direction}`, event.data.givenOn);
    case 'SupervisionOrderNonComplianceRecorded':
      return d(`Failure to comply with the order: ${event.data.details}`, event.data.recordedOn);
    case 'SupervisionOrderExtensionApplied':
      return d(
        `Extension of the supervision order applied for (${event.data.extensionYears} year(s))`,
        event.data.appliedOn,
      );
    case 'SupervisionOrderExtended':
      return d(`Supervision order extended to ${event.data.expiresOn}`, event.data.grantedOn);
    case 'SupervisionOrderDischarged':
      return d(
        `Supervision order discharged on the application of the ${words(event.data.applicant)}`,
        event.data.dischargedOn,
      );
    case 'SupervisionOrderEnded':
      return d(`Supervision order ended: ${words(event.data.reason)}`, event.data.endedOn);
    case 'EducationNeglectReferralMade':
      return d(
        `Referred to children's social care (${event.data.route}) for educational neglect: ${event.data.reason}`,
        event.data.referredOn,
      );
    case 'NoticeToImproveIssued':
      return d(
        `Notice to improve issued to ${parentName(names, event.data.parentId)}; improvement period of ${event.data.improvementWeeks} weeks ends ${event.data.periodEndsOn}`,
        event.data.issuedOn,
      );
    case 'NoticeToImproveOutcomeRecorded':
      return d(`Notice to improve outcome: ${words(event.data.outcome)}`, event.data.recordedOn);
    case 'PenaltyNoticeIssued':
      return d(
        `Penalty notice ${event.data.sequence === 1 ? '(first)' : '(second)'} issued to ${parentName(names, event.data.parentId)} for ${event.data.offencePeriod.from} to ${event.data.offencePeriod.to}: £${event.data.amount}${event.data.reducedAmount === null ? '' : ` (£${event.data.reducedAmount} if paid by ${event.data.reducedRateEnds})`}, ${event.data.threshold.count} unauthorised sessions`,
        event.data.issuedOn,
      );
    case 'PenaltyNoticePaid':
      return d(`Penalty notice paid: £${event.data.amount}`, event.data.paidOn);
    case 'PenaltyNoticeWithdrawn':
      return d(
        `Penalty notice withdrawn (${words(event.data.ground)}): ${event.data.explanation}`,
        event.data.withdrawnOn,
      );
    case 'ProsecutionStarted':
      return d(
        `Prosecution under ${event.data.section} laid against ${parents(names, event.data.parentIds)} for ${event.data.offencePeriod.from} to ${event.data.offencePeriod.to}`,
        event.data.laidOn,
      );
    case 'ProsecutionOutcomeRecorded':
      return d(
        `Prosecution outcome: ${words(event.data.outcome)}${event.data.sentence ? ` (${event.data.sentence})` : ''}${event.data.parentingOrder ? '; parenting order made' : ''}`,
        event.data.recordedOn,
      );
    case 'SteppedDown':
      return d(
        `Stepped down to ${words(event.data.toStage)}: ${event.data.reason}`,
        event.data.steppedDownOn,
      );
    case 'CaseClosed':
      return d(`Case closed (${words(event.data.reason)})`, event.data.closedOn);
    case 'CaseReopened':
      return d(`Case reopened: ${event.data.reason}`, event.data.reopenedOn);
    default:
      // An event type added since this was written still gets a row, named by its type, rather
      // than being left out of the chronology.
      return d(`Recorded: ${words((event as { type: string }).type)}`);
  }
}

/** What happened, and the date it names, for a family's event. */
export function describeFamilyEvent(
  event: FamilyEvent,
  names: ParentNames,
): { description: string; onDate: string | null } {
  switch (event.type) {
    case 'FamilyRegistered':
      return {
        description: `Family ${event.data.reference} registered`,
        onDate: event.data.registeredOn,
      };
    case 'ParentAdded':
    case 'ParentUpdated':
      return {
        description: `${event.type === 'ParentAdded' ? 'Parent or carer added' : 'Parent or carer updated'}: ${parentName(names, event.data.parentId)}${event.data.hasParentalResponsibility ? ', parental responsibility' : ''}${event.data.hasDayToDayCare ? ', day-to-day care' : ''}`,
        onDate: null,
      };
    case 'ParentRemoved':
      return {
        description: `Parent or carer removed: ${parentName(names, event.data.parentId)} (${event.data.reason})`,
        onDate: null,
      };
    case 'PupilLinked':
      return { description: 'Pupil linked to the family', onDate: null };
    case 'PupilUnlinked':
      return { description: `Pupil unlinked from the family: ${event.data.reason}`, onDate: null };
    case 'FamilyPlanRecorded':
      return {
        description: `Family plan recorded (${words(event.data.kind)}, lead practitioner ${event.data.leadPractitionerId}): ${event.data.summary}`,
        onDate: event.data.startsOn,
      };
    default: {
      const never: never = event;
      return { description: `Recorded ${(never as { type: string }).type}`, onDate: null };
    }
  }
}

/** A parent's reference as the pack names them: "M (mother)". */
export function parentNamesOf(familyEvents: readonly RecordedEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of familyEvents) {
    if (e.type !== 'ParentAdded' && e.type !== 'ParentUpdated') continue;
    const p = e.data as { parentId: string; reference: string; relationship: string };
    names.set(p.parentId, `${p.reference} (${p.relationship})`);
  }
  return names;
}

/**
 * The rows of the chronology: the pupil's and the family's events merged in global order (the
 * order the store committed them), each with who did it, in what role, and when it was recorded.
 * Family events about another child of the family are left out: this pack is about one pupil.
 */
export function chronologyOf(
  pupilEvents: readonly RecordedEvent[],
  familyEvents: readonly RecordedEvent[],
  pupilId: string,
): ChronologyEntry[] {
  const names = parentNamesOf(familyEvents);
  const aboutAnotherChild = (e: RecordedEvent) =>
    (e.type === 'PupilLinked' || e.type === 'PupilUnlinked') &&
    (e.data as { pupilId?: unknown }).pupilId !== pupilId;
  const merged = [
    ...pupilEvents.map((e) => ({ e, stream: 'pupil' as const })),
    ...familyEvents
      .filter((e) => !aboutAnotherChild(e))
      .map((e) => ({ e, stream: 'family' as const })),
  ].sort((a, b) => (a.e.position < b.e.position ? -1 : a.e.position > b.e.position ? 1 : 0));
  return merged.map(({ e, stream }) => {
    const described =
      stream === 'pupil'
        ? describePupilEvent({ type: e.type, data: e.data } as unknown as PupilEvent, names)
        : describeFamilyEvent({ type: e.type, data: e.data } as unknown as FamilyEvent, names);
    const version = (e.data as { ruleSetVersion?: unknown }).ruleSetVersion;
    return {
      position: e.position.toString(10),
      stream,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.metadata.actor,
      role: e.metadata.role,
      onDate: described.onDate,
      description: described.description,
      ruleSetVersion: typeof version === 'string' ? version : null,
    };
  });
}
