/**
 * The journey's public events: what partner systems (a school's MIS, children's social care) may
 * follow, mapped from the pupil stream's internal events into stable, versioned types. Internal
 * event shapes never leave the system: each public type names its own fields, a new meaning gets a
 * new `.vN` type, and an internal event that is not listed here publishes nothing. Free text
 * (explanations, notes, rationales) is never published: it is where personal detail hides.
 *
 * Fields that are personal data beyond a pseudonymous pupil id sit in `restricted`, by class, so
 * that a subscriber receives only the classes its role may see (`visibleData`).
 */
import type { IsoDate } from '../calendar';
import type { PupilEvent } from '../pupil-journey/events';
import { stageAfter } from '../pupil-journey/stage';
import { type Stage, stageRank } from '../pupil-journey/vocabulary';

const PREFIX = 'uk.gov.attendance.pupil';

export const PUBLIC_EVENT_TYPES = [
  `${PREFIX}.registered.v1`,
  `${PREFIX}.school-changed.v1`,
  `${PREFIX}.stage-changed.v1`,
  `${PREFIX}.notice-to-improve-issued.v1`,
  `${PREFIX}.penalty-notice-issued.v1`,
  `${PREFIX}.penalty-notice-served.v1`,
  `${PREFIX}.penalty-notice-paid.v1`,
  `${PREFIX}.penalty-notice-withdrawn.v1`,
  `${PREFIX}.prosecution-started.v1`,
  `${PREFIX}.prosecution-concluded.v1`,
  `${PREFIX}.supervision-order-granted.v1`,
  `${PREFIX}.supervision-order-extended.v1`,
  `${PREFIX}.supervision-order-ended.v1`,
  `${PREFIX}.case-closed.v1`,
  `${PREFIX}.case-reopened.v1`,
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/**
 * Personal fields by class. `identifiers`: the UPN and date of birth (they identify the child
 * outside this system); `vulnerability`: the child's vulnerability flags (special-category data);
 * `family`: the parents concerned and the sums they owe or paid.
 */
export const PERSONAL_FIELD_CLASSES = ['identifiers', 'vulnerability', 'family'] as const;
export type PersonalFieldClass = (typeof PERSONAL_FIELD_CLASSES)[number];

type Scalar = string | number | boolean | null;
export type PublicData = Record<string, Scalar | Scalar[] | Record<string, Scalar>>;

export interface PublicEvent {
  type: PublicEventType;
  pupilId: string;
  /** What the pupil's case looks like to an access check: the school(s) it concerns, and who leads it. */
  scope: PublicEventScope;
  /** Fields every subscriber that may see the pupil receives. */
  data: PublicData;
  /** Personal fields, by class: a subscriber receives a class only if its role may see it. */
  restricted: Partial<Record<PersonalFieldClass, PublicData>>;
}

export interface PublicEventScope {
  /** The pupil's school when it happened; on a move, the school left and the school joined. */
  schoolIds: string[];
  leadPractitionerId: string | null;
  socialWorkerId: string | null;
  lookedAfter: boolean;
}

/** What the mapping remembers of a pupil between events (to tell a stage change, a school move). */
export interface FeedPupil {
  stage: Stage;
  schoolId: string;
  leadPractitionerId: string | null;
  socialWorkerId: string | null;
  lookedAfter: boolean;
}

export interface PublicMapping {
  /** The pupil after the event; undefined while the pupil is not registered. */
  pupil: FeedPupil | undefined;
  published: PublicEvent[];
}

const up = (from: Stage, to: Stage): 'up' | 'down' =>
  stageRank(to) > stageRank(from) ? 'up' : 'down';

/**
 * Pure: the public events one internal event of a pupil's stream publishes, given what was known
 * of the pupil before it, and what is known after. Events before registration publish nothing.
 */
export function toPublicEvents(
  pupilId: string,
  before: FeedPupil | undefined,
  event: PupilEvent,
): PublicMapping {
  if (event.type === 'PupilRegistered') {
    const d = event.data;
    const pupil: FeedPupil = {
      stage: stageAfter('expect', event),
      schoolId: d.schoolId,
      leadPractitionerId: null,
      socialWorkerId: null,
      lookedAfter: d.flags.lookedAfter,
    };
    return {
      pupil,
      published: [
        {
          type: `${PREFIX}.registered.v1`,
          pupilId,
          scope: scopeOf(pupil),
          data: {
            pupilId,
            reference: d.reference,
            schoolId: d.schoolId,
            schoolType: d.schoolType,
            yearGroup: d.yearGroup,
            registeredOn: d.registeredOn,
            stage: pupil.stage,
          },
          restricted: {
            identifiers: { upn: d.upn, dateOfBirth: d.dateOfBirth },
            vulnerability: { flags: { ...d.flags } },
          },
        },
      ],
    };
  }
  if (!before) return { pupil: undefined, published: [] };
  const pupil = evolveFeedPupil(before, event);
  const own = publicFacts(event, before, pupil);
  const published: PublicEvent[] = own.map(([type, data, restricted = {}]) => ({
    type,
    pupilId,
    scope:
      event.type === 'SchoolChanged' && before.schoolId !== pupil.schoolId
        ? { ...scopeOf(pupil), schoolIds: [before.schoolId, pupil.schoolId] }
        : scopeOf(pupil),
    data: { pupilId, ...data },
    restricted,
  }));
  if (pupil.stage !== before.stage)
    published.push({
      type: `${PREFIX}.stage-changed.v1`,
      pupilId,
      scope: scopeOf(pupil),
      data: {
        pupilId,
        fromStage: before.stage,
        toStage: pupil.stage,
        direction: up(before.stage, pupil.stage),
      },
      restricted: {},
    });
  return { pupil, published };
}

/** The data a subscriber receives: the open fields, and each restricted class it may see. */
export function visibleData(
  event: Pick<PublicEvent, 'data' | 'restricted'>,
  classes: readonly PersonalFieldClass[],
): PublicData {
  const data: PublicData = { ...event.data };
  for (const c of PERSONAL_FIELD_CLASSES)
    if (classes.includes(c)) Object.assign(data, event.restricted[c] ?? {});
  return data;
}

const scopeOf = (pupil: FeedPupil): PublicEventScope => ({
  schoolIds: [pupil.schoolId],
  leadPractitionerId: pupil.leadPractitionerId,
  socialWorkerId: pupil.socialWorkerId,
  lookedAfter: pupil.lookedAfter,
});

function evolveFeedPupil(pupil: FeedPupil, event: PupilEvent): FeedPupil {
  const stage = stageAfter(pupil.stage, event);
  switch (event.type) {
    case 'SchoolChanged':
      return { ...pupil, stage, schoolId: event.data.schoolId };
    case 'LeadPractitionerAssigned':
      return { ...pupil, stage, leadPractitionerId: event.data.practitionerId };
    case 'CaseReallocated':
      return { ...pupil, stage, leadPractitionerId: event.data.toPractitionerId };
    case 'SocialWorkerAllocated':
      return { ...pupil, stage, socialWorkerId: event.data.socialWorkerId };
    case 'SocialWorkerAllocationEnded':
      return { ...pupil, stage, socialWorkerId: null };
    case 'VulnerabilityFlagsUpdated':
      return { ...pupil, stage, lookedAfter: event.data.flags.lookedAfter };
    default:
      return { ...pupil, stage };
  }
}

type Fact = [PublicEventType, PublicData, Partial<Record<PersonalFieldClass, PublicData>>?];

/** The one public fact most internal events publish. */
const one = (
  type: PublicEventType,
  data: PublicData,
  restricted: Partial<Record<PersonalFieldClass, PublicData>> = {},
): Fact[] => [[type, data, restricted]];

/** Each internal event's own public facts (the stage change is added by `toPublicEvents`). */
function publicFacts(event: PupilEvent, before: FeedPupil, after: FeedPupil): Fact[] {
  switch (event.type) {
    case 'SchoolChanged': {
      const d = event.data;
      return one(`${PREFIX}.school-changed.v1`, {
        fromSchoolId: before.schoolId,
        schoolId: d.schoolId,
        schoolType: d.schoolType,
        yearGroup: d.yearGroup,
        changedOn: d.changedOn,
      });
    }
    case 'NoticeToImproveIssued': {
      const d = event.data;
      return one(
        `${PREFIX}.notice-to-improve-issued.v1`,
        {
          noticeId: d.noticeId,
          issuedOn: d.issuedOn,
          improvementWeeks: d.improvementWeeks,
          periodEndsOn: d.periodEndsOn,
        },
        { family: { parentId: d.parentId } },
      );
    }
    case 'PenaltyNoticeIssued': {
      const d = event.data;
      return one(
        `${PREFIX}.penalty-notice-issued.v1`,
        {
          noticeId: d.noticeId,
          issuedOn: d.issuedOn,
          issuedBy: d.issuedBy,
          offenceFrom: d.offencePeriod.from,
          offenceTo: d.offencePeriod.to,
          sequence: d.sequence,
          paymentEnds: d.paymentEnds,
        },
        {
          family: {
            parentId: d.parentId,
            amount: d.amount,
            reducedAmount: d.reducedAmount,
            reducedRateEnds: d.reducedRateEnds,
          },
        },
      );
    }
    case 'PenaltyNoticeServed': {
      const d = event.data;
      return one(`${PREFIX}.penalty-notice-served.v1`, {
        noticeId: d.noticeId,
        method: d.method,
        sentOn: d.sentOn,
        servedOn: d.servedOn,
        reducedRateEnds: d.reducedRateEnds,
        paymentEnds: d.paymentEnds,
      });
    }
    case 'PenaltyNoticePaid':
      return one(
        `${PREFIX}.penalty-notice-paid.v1`,
        { noticeId: event.data.noticeId, paidOn: event.data.paidOn },
        { family: { amount: event.data.amount } },
      );
    case 'PenaltyNoticeWithdrawn':
      return one(
        `${PREFIX}.penalty-notice-withdrawn.v1`,
        {
          noticeId: event.data.noticeId,
          withdrawnOn: event.data.withdrawnOn,
          ground: event.data.ground,
        },
        { family: { refundDue: event.data.refundDue } },
      );
    case 'ProsecutionStarted': {
      const d = event.data;
      return one(
        `${PREFIX}.prosecution-started.v1`,
        {
          prosecutionId: d.prosecutionId,
          section: d.section,
          laidOn: d.laidOn,
          offenceFrom: d.offencePeriod.from,
          offenceTo: d.offencePeriod.to,
        },
        { family: { parentIds: [...d.parentIds] } },
      );
    }
    case 'ProsecutionOutcomeRecorded': {
      const d = event.data;
      return one(`${PREFIX}.prosecution-concluded.v1`, {
        prosecutionId: d.prosecutionId,
        outcome: d.outcome,
        recordedOn: d.recordedOn,
        parentingOrder: d.parentingOrder,
      });
    }
    case 'SupervisionOrderGranted': {
      const d = event.data;
      return one(`${PREFIX}.supervision-order-granted.v1`, {
        orderId: d.orderId,
        courtDate: d.courtDate,
        expiresOn: d.expiresOn,
      });
    }
    case 'SupervisionOrderExtended': {
      const d = event.data;
      return one(`${PREFIX}.supervision-order-extended.v1`, {
        orderId: d.orderId,
        grantedOn: d.grantedOn,
        extensionYears: d.extensionYears,
        expiresOn: d.expiresOn,
      });
    }
    case 'SupervisionOrderDischarged':
      return orderEnded(event.data.orderId, event.data.dischargedOn, 'discharged');
    case 'SupervisionOrderEnded':
      return orderEnded(event.data.orderId, event.data.endedOn, event.data.reason);
    case 'CaseClosed':
      return one(`${PREFIX}.case-closed.v1`, {
        reason: event.data.reason,
        closedOn: event.data.closedOn,
        stage: after.stage,
      });
    case 'CaseReopened':
      return [
        [`${PREFIX}.case-reopened.v1`, { reopenedOn: event.data.reopenedOn, stage: after.stage }],
      ];
    // Recorded, but not for partners: casework detail, registers, and what only sets the scope.
    case 'PupilRegistered':
    case 'VulnerabilityFlagsUpdated':
    case 'LinkedToFamily':
    case 'AttendanceMarksRecorded':
    case 'AttendanceMarkCorrected':
    case 'ConcernRaised':
    case 'ConversationRecorded':
    case 'LeadPractitionerAssigned':
    case 'CaseReallocated':
    case 'SocialWorkerAllocated':
    case 'SocialWorkerAllocationEnded':
    case 'ReferredToLocalAuthority':
    case 'PenaltyNoticeRequested':
    case 'SchoolRequestAnswered':
    case 'SupportActionRecorded':
    case 'SupportOutcomeRecorded':
    case 'SupportNotAppropriateRecorded':
    case 'ReferredToPanel':
    case 'PanelDecisionRecorded':
    case 'PanelDecisionAcknowledged':
    case 'TaskCompleted':
    case 'TaskReassigned':
    case 'AttendanceContractAgreed':
    case 'AttendanceContractDeclined':
    case 'AttendanceContractReviewed':
    case 'AttendanceContractEnded':
    case 'SocialCareConsulted':
    case 'SupervisionOrderApplied':
    case 'SupervisionOrderDirectionGiven':
    case 'SupervisionOrderNonComplianceRecorded':
    case 'SupervisionOrderExtensionApplied':
    case 'EducationNeglectReferralMade':
    case 'SocialCareResponseRecorded':
    case 'NoticeToImproveOutcomeRecorded':
    case 'ParentingOrderImplementationRecorded':
    case 'DeadlineReached':
    case 'SteppedDown':
      return [];
    default: {
      // A type this code does not know (written by a newer version) publishes nothing.
      const unhandled: never = event;
      void unhandled;
      return [];
    }
  }
}

const orderEnded = (orderId: string, endedOn: IsoDate, reason: string): Fact[] =>
  one(`${PREFIX}.supervision-order-ended.v1`, { orderId, endedOn, reason });
