/**
 * Each event of a pupil's or a family's stream as a sentence an auditor, a panel chair or a
 * magistrate can read, with the day it happened (its business date), the reason where one was
 * given, and the parents it concerns. The switches are exhaustive: a new event type does not
 * compile until it is described here.
 */
import { FamilyEvent, IsoDate, MeetingEvent, PupilEvent, UNAUTHORISED_CODES } from '@app/domain';

export interface EventDescription {
  /** What happened, in plain English (ids only, never names). */
  summary: string;
  /** The business date the event is about, when its data names one. */
  happenedOn: IsoDate | null;
  /** Why, where the caseworker gave a reason (free text as recorded). */
  reason: string | null;
  /** The parents or carers it concerns. */
  parentIds: string[];
}

/** A vocabulary code as words: `authorised-la-officer` reads "authorised LA officer". */
const words = (value: string) => value.replace(/-/g, ' ').replace(/\bla\b/g, 'LA');
const list = (values: readonly string[]) =>
  values.length === 0 ? 'none' : values.map(words).join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pounds = (amount: number) => `£${amount.toFixed(amount % 1 === 0 ? 0 : 2)}`;

const d = (
  summary: string,
  happenedOn: IsoDate | null,
  extra: { reason?: string | null; parentIds?: string[] } = {},
): EventDescription => ({
  summary,
  happenedOn,
  reason: extra.reason === undefined || extra.reason === '' ? null : extra.reason,
  parentIds: extra.parentIds ?? [],
});

export function describePupilEvent(event: PupilEvent): EventDescription {
  switch (event.type) {
    case 'PupilRegistered': {
      const e = event.data;
      return d(
        `Pupil ${e.reference} registered at school ${e.schoolId} (${words(e.schoolType)}, year ${e.yearGroup}).`,
        e.registeredOn,
      );
    }
    case 'VulnerabilityFlagsUpdated': {
      const set = Object.entries(event.data.flags)
        .filter(([, on]) => on)
        .map(([flag]) => flag);
      return d(
        `Vulnerability flags updated: ${set.length ? set.join(', ') : 'none set'}.`,
        event.data.updatedOn,
      );
    }
    case 'SchoolChanged':
      return d(
        `Moved to school ${event.data.schoolId} (${words(event.data.schoolType)}, year ${event.data.yearGroup}).`,
        event.data.changedOn,
      );
    case 'LinkedToFamily':
      return d(`Linked to family ${event.data.familyId}.`, event.data.linkedOn);
    case 'AttendanceMarksRecorded': {
      const e = event.data;
      const absent = e.marks.filter((m) => UNAUTHORISED_CODES.includes(m.code));
      return d(
        `Register from school ${e.schoolId} for ${e.from} to ${e.to}: ${plural(e.marks.length, 'session mark')}, ${plural(absent.length, 'unauthorised absence')}.`,
        e.to,
      );
    }
    case 'AttendanceMarkCorrected': {
      const e = event.data;
      return d(
        `Mark for ${e.date} ${e.session} at school ${e.schoolId} corrected from ${e.previousCode ?? 'none'} to ${e.code}.`,
        e.date,
        { reason: e.reason },
      );
    }
    case 'ConcernRaised': {
      const e = event.data;
      return d(
        e.raisedBy === 'rule' && e.rule
          ? `Concern raised by the rule "${e.rule.name}".`
          : 'Concern raised by a caseworker.',
        e.raisedOn,
        { reason: e.summary },
      );
    }
    case 'ConversationRecorded': {
      const e = event.data;
      return d(
        `Conversation held with ${list(e.withWhom)}; barriers identified: ${list(e.barriers)}; ${plural(e.agreedNextSteps.length, 'next step')} agreed.`,
        e.heldOn,
      );
    }
    case 'LeadPractitionerAssigned':
      return d(`Lead practitioner ${event.data.practitionerId} assigned.`, event.data.assignedOn);
    case 'CaseReallocated':
      return d(
        `Case reallocated from ${event.data.fromPractitionerId} to ${event.data.toPractitionerId}.`,
        event.data.reallocatedOn,
        { reason: event.data.reason },
      );
    case 'SocialWorkerAllocated':
      return d(`Social worker ${event.data.socialWorkerId} allocated.`, event.data.allocatedOn);
    case 'SocialWorkerAllocationEnded':
      return d(
        `Social worker ${event.data.socialWorkerId} no longer allocated.`,
        event.data.endedOn,
        { reason: event.data.reason },
      );
    case 'ReferredToLocalAuthority':
      return d(
        `Referred by the school to the LA's attendance service (${event.data.referralId}).`,
        event.data.referredOn,
        { reason: event.data.reason },
      );
    case 'SchoolRequestAnswered':
      return d(
        `The LA ${event.data.answer} the school's request ${event.data.requestId}.`,
        event.data.answeredOn,
        { reason: event.data.reason },
      );
    case 'PenaltyNoticeRequested': {
      const period = event.data.offencePeriod;
      return d(
        `The school asked the LA to issue a penalty notice${period ? ` for ${period.from} to ${period.to}` : ''} (${event.data.requestId}).`,
        event.data.requestedOn,
        { reason: event.data.reason },
      );
    }
    case 'SupportActionRecorded':
      return d(
        `Support started: ${words(event.data.kind)} (${event.data.supportId}).`,
        event.data.startedOn,
      );
    case 'SupportOutcomeRecorded':
      return d(
        `Support ${event.data.supportId} outcome: ${words(event.data.outcome)}; the family ${event.data.familyEngaged ? 'engaged' : 'did not engage'}.`,
        event.data.recordedOn,
      );
    case 'SupportNotAppropriateRecorded': {
      const e = event.data;
      const period = e.offencePeriod ? ` for ${e.offencePeriod.from} to ${e.offencePeriod.to}` : '';
      return d(`Support recorded as not appropriate${period}: ${words(e.reason)}.`, e.recordedOn, {
        reason: e.explanation,
      });
    }
    case 'ReferredToPanel':
      return d(
        `Referred to the attendance panel (${event.data.referralId}).`,
        event.data.referredOn,
        {
          reason: event.data.reason,
        },
      );
    case 'PanelDecisionRecorded':
      return d(
        `Panel decided on referral ${event.data.referralId}: ${words(event.data.decision)}${event.data.conditions?.length ? `, on condition: ${event.data.conditions.join('; ')}` : ''}.`,
        event.data.decidedOn,
        { reason: event.data.rationale },
      );
    case 'PanelDecisionAcknowledged':
      return d(
        `The referrer acknowledged the panel's decision on referral ${event.data.referralId}.`,
        event.data.acknowledgedOn,
        { reason: event.data.note },
      );
    case 'AttendanceContractAgreed': {
      const e = event.data;
      return d(
        `Attendance contract ${e.contractId} agreed with ${plural(e.parentIds.length, 'parent')}, from ${e.startsOn} to ${e.endsOn}, ${plural(e.reviewDates.length, 'review')} planned.`,
        e.startsOn,
        { parentIds: e.parentIds },
      );
    }
    case 'AttendanceContractDeclined':
      return d(
        `Attendance contract offered to ${plural(event.data.parentIds.length, 'parent')} and declined.`,
        event.data.offeredOn,
        { reason: event.data.reason, parentIds: event.data.parentIds },
      );
    case 'AttendanceContractReviewed':
      return d(
        `Attendance contract ${event.data.contractId} reviewed: ${words(event.data.outcome)}.`,
        event.data.reviewedOn,
        { reason: event.data.notes },
      );
    case 'AttendanceContractEnded':
      return d(
        `Attendance contract ${event.data.contractId} ended: ${words(event.data.reason)}.`,
        event.data.endedOn,
      );
    case 'SocialCareConsulted':
      return d(`Children's social care consulted.`, event.data.consultedOn, {
        reason: event.data.outcome,
      });
    case 'SupervisionOrderApplied':
      return d(
        `Education supervision order ${event.data.orderId} applied for${event.data.prosecution ? `, ${words(event.data.prosecution)}` : ''}.`,
        event.data.appliedOn,
      );
    case 'SupervisionOrderGranted':
      return d(
        `Education supervision order ${event.data.orderId} made by the court, supervised by ${event.data.supervisorId}, in force until ${event.data.expiresOn}.`,
        event.data.courtDate,
      );
    case 'SupervisionOrderDirectionGiven':
      return d(
        `Direction given under supervision order ${event.data.orderId}.`,
        event.data.givenOn,
        { reason: event.data.direction },
      );
    case 'SupervisionOrderNonComplianceRecorded':
      return d(
        `Non-compliance with supervision order ${event.data.orderId} recorded.`,
        event.data.recordedOn,
        { reason: event.data.details },
      );
    case 'SupervisionOrderExtensionApplied':
      return d(
        `Extension of supervision order ${event.data.orderId} by ${plural(event.data.extensionYears, 'year')} applied for.`,
        event.data.appliedOn,
      );
    case 'SupervisionOrderExtended':
      return d(
        `Supervision order ${event.data.orderId} extended by ${plural(event.data.extensionYears, 'year')}, now in force until ${event.data.expiresOn}.`,
        event.data.grantedOn,
      );
    case 'SupervisionOrderDischarged':
      return d(
        `Supervision order ${event.data.orderId} discharged on the application of the ${words(event.data.applicant)}.`,
        event.data.dischargedOn,
      );
    case 'SupervisionOrderEnded':
      return d(
        `Supervision order ${event.data.orderId} ended: ${words(event.data.reason)}.`,
        event.data.endedOn,
      );
    case 'EducationNeglectReferralMade':
      return d(
        `Referred to children's social care for education neglect (${event.data.route}).`,
        event.data.referredOn,
        { reason: event.data.reason },
      );
    case 'SocialCareResponseRecorded': {
      const e = event.data;
      const response =
        e.response === 'accepted'
          ? 'accepted the referral for assessment'
          : e.response === 'no-further-action'
            ? 'decided on no further action'
            : `took the case on under ${e.response} of the Children Act 1989`;
      return d(
        `Children's social care ${response} (education-neglect referral ${e.referralId}).`,
        e.respondedOn,
        { reason: e.notes },
      );
    }
    case 'NoticeToImproveIssued': {
      const e = event.data;
      return d(
        `Notice to improve ${e.noticeId} issued to parent ${e.parentId}: ${plural(e.improvementWeeks, 'week')} to improve, until ${e.periodEndsOn}.`,
        e.issuedOn,
        { reason: e.sufficientImprovement, parentIds: [e.parentId] },
      );
    }
    case 'NoticeToImproveOutcomeRecorded':
      return d(
        `Notice to improve ${event.data.noticeId}: ${event.data.outcome === 'improved' ? 'attendance improved' : 'attendance did not improve'}.`,
        event.data.recordedOn,
      );
    case 'PenaltyNoticeIssued': {
      const e = event.data;
      const reduced =
        e.reducedAmount !== null && e.reducedRateEnds !== null
          ? `${pounds(e.reducedAmount)} if paid by ${e.reducedRateEnds}, `
          : '';
      return d(
        `Penalty notice ${e.noticeId} (number ${e.sequence}) issued to parent ${e.parentId} by the ${words(e.issuedBy)} for ${e.offencePeriod.from} to ${e.offencePeriod.to} (${plural(e.threshold.count, 'unauthorised session')}): ${reduced}${pounds(e.amount)} by ${e.paymentEnds}.`,
        e.issuedOn,
        { parentIds: [e.parentId] },
      );
    }
    case 'PenaltyNoticeServed': {
      const e = event.data;
      const reduced =
        e.reducedRateEnds !== null ? `the reduced amount by ${e.reducedRateEnds}, ` : '';
      return d(
        `Penalty notice ${e.noticeId} ${e.method === 'post' ? 'posted' : 'handed to the parent'} on ${e.sentOn}, received ${e.servedOn}: ${reduced}the full amount by ${e.paymentEnds}.`,
        e.sentOn,
      );
    }
    case 'PenaltyNoticePaid':
      return d(
        `Penalty notice ${event.data.noticeId} paid: ${pounds(event.data.amount)}.`,
        event.data.paidOn,
      );
    case 'PenaltyNoticeWithdrawn': {
      const e = event.data;
      return d(
        `Penalty notice ${e.noticeId} withdrawn: ${words(e.ground)}${e.refundDue > 0 ? `; ${pounds(e.refundDue)} to refund` : ''}.`,
        e.withdrawnOn,
        { reason: e.explanation },
      );
    }
    case 'ProsecutionStarted': {
      const e = event.data;
      return d(
        `Prosecution ${e.prosecutionId} under ${e.section} laid against ${plural(e.parentIds.length, 'parent')} for ${e.offencePeriod.from} to ${e.offencePeriod.to}.`,
        e.laidOn,
        { reason: e.esoConsideration, parentIds: e.parentIds },
      );
    }
    case 'ProsecutionOutcomeRecorded': {
      const e = event.data;
      return d(
        `Prosecution ${e.prosecutionId}: ${words(e.outcome)}${e.parentingOrder ? ', with a parenting order' : ''}.`,
        e.recordedOn,
        { reason: e.sentence },
      );
    }
    case 'ParentingOrderImplementationRecorded': {
      const e = event.data;
      return d(
        `Parenting order with prosecution ${e.prosecutionId} ${e.implemented ? 'implemented' : `not implemented: ${words(e.reasonNotImplemented ?? 'other')}`}.`,
        e.recordedOn,
      );
    }
    case 'DeadlineReached':
      return d(
        `Deadline reached: ${words(event.data.kind)} (${event.data.ref}), due ${event.data.dueOn}. ${event.data.action}`,
        event.data.reachedOn,
      );
    case 'TaskCompleted':
      return d(
        `Task done: ${words(event.data.kind)} (${event.data.ref}), due ${event.data.dueOn}.`,
        event.data.completedOn,
        { reason: event.data.note },
      );
    case 'TaskReassigned':
      return d(
        `Task ${words(event.data.kind)} (${event.data.ref}), due ${event.data.dueOn}, handed to ${event.data.toUserId}.`,
        event.data.reassignedOn,
        { reason: event.data.reason },
      );
    case 'SteppedDown':
      return d(`Stepped down to ${words(event.data.toStage)}.`, event.data.steppedDownOn, {
        reason: event.data.reason,
      });
    case 'CaseClosed':
      return d(`Case closed: ${words(event.data.reason)}.`, event.data.closedOn, {
        reason: event.data.explanation,
      });
    case 'CaseReopened':
      return d('Case reopened.', event.data.reopenedOn, { reason: event.data.reason });
    default: {
      const unknown: never = event;
      return unknownEvent(unknown);
    }
  }
}

export function describeFamilyEvent(event: FamilyEvent): EventDescription {
  switch (event.type) {
    case 'FamilyRegistered':
      return d(`Family ${event.data.reference} registered.`, event.data.registeredOn);
    case 'ParentAdded':
    case 'ParentUpdated': {
      const p = event.data;
      const duties = [
        p.hasParentalResponsibility ? 'has parental responsibility' : 'no parental responsibility',
        p.hasDayToDayCare ? 'has day-to-day care' : 'no day-to-day care',
      ].join(', ');
      return d(
        `${event.type === 'ParentAdded' ? 'Parent or carer added' : 'Parent or carer updated'}: ${p.parentId} (${p.relationship}; ${duties}).`,
        event.type === 'ParentAdded' ? event.data.addedOn : event.data.updatedOn,
        { parentIds: [p.parentId] },
      );
    }
    case 'ParentRemoved':
      return d(
        `Parent or carer ${event.data.parentId} removed from the family.`,
        event.data.removedOn,
        {
          reason: event.data.reason,
          parentIds: [event.data.parentId],
        },
      );
    case 'PupilLinked':
      return d(`Pupil ${event.data.pupilId} linked to the family.`, event.data.linkedOn);
    case 'PupilUnlinked':
      return d(`Pupil ${event.data.pupilId} unlinked from the family.`, event.data.unlinkedOn, {
        reason: event.data.reason,
      });
    case 'FamilyPlanRecorded':
      return d(
        `Family plan ${event.data.planId} recorded: ${words(event.data.kind)}, led by ${event.data.leadPractitionerId}.`,
        event.data.startsOn,
      );
    case 'PlanTargetSet': {
      const e = event.data;
      return d(
        `Attendance target set in plan ${e.planId} for pupil ${e.pupilId}: ${e.targetRate}% by ${e.by} (from ${e.baselineRate}%), with ${plural(e.actions.length, 'action')}: ${e.actions.map((a) => `${a.action} (${a.owner}, by ${a.dueOn})`).join('; ')}.`,
        e.setOn,
      );
    }
    case 'PlanTargetReviewed': {
      const e = event.data;
      return d(
        `Attendance target ${e.targetId} reviewed: ${words(e.outcome)} (${e.attendanceRate}% against ${e.targetRate}%).`,
        e.reviewedOn,
        { reason: e.notes },
      );
    }
    default: {
      const unknown: never = event;
      return unknownEvent(unknown);
    }
  }
}

export function describeMeetingEvent(event: MeetingEvent): EventDescription {
  switch (event.type) {
    case 'TargetingSupportMeetingPrepared':
      return d(
        `Targeting support meeting prepared for school ${event.data.schoolId}, ${event.data.term}: ${plural(event.data.pupils.length, 'pupil')} at risk.`,
        event.data.preparedOn,
      );
    case 'TargetingSupportMeetingHeld':
      return d(
        `Targeting support meeting held with ${list(event.data.attendees)}.`,
        event.data.heldOn,
      );
    case 'TargetingSupportActionAgreed':
      return d(
        `Action agreed at a targeting support meeting, for ${event.data.owner} by ${event.data.dueOn}: ${event.data.action}`,
        event.data.agreedOn,
      );
    case 'TargetingSupportActionCompleted':
      return d('Action agreed at a targeting support meeting completed.', event.data.completedOn, {
        reason: event.data.outcome,
      });
    default: {
      const unknown: never = event;
      return unknownEvent(unknown);
    }
  }
}

/** Reached only for an event type this build does not know (an old store not yet upcast). */
function unknownEvent(event: unknown): EventDescription {
  const type = (event as { type?: unknown }).type;
  return d(`An event of a type this version does not describe (${String(type)}).`, null);
}
