import { InvalidInput } from '../errors';
import { mainReasonForNotice } from '../rules/parental-responsibility-measures';
import type { PupilEvent } from './events';
import { marksAddedBy } from './register-marks';
import type { PupilJourney } from './state';
import { stageAfter } from './stage';

const withId = (state: PupilJourney, id: string): string[] => [...state.usedIds, id];
const replace = <T>(items: T[], match: (item: T) => boolean, change: (item: T) => T): T[] =>
  items.map((i) => (match(i) ? change(i) : i));

export function evolve(state: PupilJourney, event: PupilEvent): PupilJourney {
  switch (event.type) {
    case 'PupilRegistered': {
      const d = event.data;
      return {
        ...state,
        status: 'open',
        pupilId: d.pupilId,
        reference: d.reference,
        upn: d.upn,
        dateOfBirth: d.dateOfBirth,
        schoolId: d.schoolId,
        schoolType: d.schoolType,
        yearGroup: d.yearGroup,
        flags: d.flags,
        registeredOn: d.registeredOn,
        stage: stageAfter(state.stage, event),
      };
    }
    case 'VulnerabilityFlagsUpdated':
      return { ...state, flags: event.data.flags };
    case 'SchoolChanged':
      return {
        ...state,
        schoolId: event.data.schoolId,
        schoolType: event.data.schoolType,
        yearGroup: event.data.yearGroup,
      };
    case 'LinkedToFamily':
      return { ...state, familyId: event.data.familyId };
    case 'AttendanceMarksRecorded':
    case 'AttendanceMarkCorrected':
      return { ...state, marks: [...state.marks, ...marksAddedBy(event)] };
    case 'ConcernRaised':
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, event.data.concernId),
        concerns: [
          ...state.concerns,
          {
            concernId: event.data.concernId,
            raisedOn: event.data.raisedOn,
            byRule: event.data.rule?.name ?? null,
            figures: event.data.rule?.figures ?? null,
            summary: event.data.summary,
          },
        ],
      };
    case 'ConversationRecorded':
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, event.data.conversationId),
        lastContactOn: event.data.heldOn,
      };
    case 'LeadPractitionerAssigned':
      return { ...state, leadPractitionerId: event.data.practitionerId };
    case 'CaseReallocated':
      return { ...state, leadPractitionerId: event.data.toPractitionerId };
    case 'SocialWorkerAllocated':
      return { ...state, socialWorkerId: event.data.socialWorkerId };
    case 'SocialWorkerAllocationEnded':
      return { ...state, socialWorkerId: null };
    case 'ReferredToLocalAuthority': {
      const { referralId, reason, referredOn } = event.data;
      return {
        ...state,
        usedIds: withId(state, referralId),
        schoolRequests: [
          ...(state.schoolRequests ?? []),
          {
            requestId: referralId,
            kind: 'local-authority-referral',
            reason,
            offencePeriod: null,
            requestedOn: referredOn,
          },
        ],
      };
    }
    case 'SchoolRequestAnswered': {
      const { requestId, answer, reason, answeredOn } = event.data;
      return {
        ...state,
        schoolRequests: replace(
          state.schoolRequests ?? [],
          (r) => r.requestId === requestId,
          (r) => ({ ...r, answer: { answer, reason, answeredOn } }),
        ),
      };
    }
    case 'PenaltyNoticeRequested': {
      const { requestId, reason, offencePeriod, requestedOn } = event.data;
      return {
        ...state,
        usedIds: withId(state, requestId),
        schoolRequests: [
          ...(state.schoolRequests ?? []),
          { requestId, kind: 'penalty-notice', reason, offencePeriod, requestedOn },
        ],
      };
    }
    case 'SupportActionRecorded': {
      const { supportId, kind, startedOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, supportId),
        support: [
          ...state.support,
          { supportId, kind, startedOn, outcome: null, familyEngaged: null },
        ],
      };
    }
    case 'SupportOutcomeRecorded':
      return {
        ...state,
        support: replace(
          state.support,
          (s) => s.supportId === event.data.supportId,
          (s) => ({ ...s, outcome: event.data.outcome, familyEngaged: event.data.familyEngaged }),
        ),
      };
    case 'SupportNotAppropriateRecorded': {
      const { reason, recordedOn } = event.data;
      // Events recorded before offence periods were named excuse the whole case, as they did then.
      const offencePeriod = event.data.offencePeriod ?? null;
      return {
        ...state,
        supportNotAppropriate: [
          ...state.supportNotAppropriate,
          { reason, offencePeriod, recordedOn },
        ],
      };
    }
    case 'ReferredToPanel': {
      const { referralId, reason, referredOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, referralId),
        panelReferrals: [
          ...state.panelReferrals,
          { referralId, reason, referredOn, decision: null },
        ],
      };
    }
    case 'PanelDecisionRecorded':
      return {
        ...state,
        panelReferrals: replace(
          state.panelReferrals,
          (r) => r.referralId === event.data.referralId,
          (r) => ({
            ...r,
            decision: event.data.decision,
            decidedOn: event.data.decidedOn,
            rationale: event.data.rationale,
            conditions: event.data.conditions ?? [],
            acknowledgedOn: null,
          }),
        ),
      };
    case 'PanelDecisionAcknowledged':
      return {
        ...state,
        panelReferrals: replace(
          state.panelReferrals,
          (r) => r.referralId === event.data.referralId,
          (r) => ({ ...r, acknowledgedOn: event.data.acknowledgedOn }),
        ),
      };
    case 'AttendanceContractAgreed': {
      const { contractId, parentIds, startsOn, endsOn, reviewDates } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, contractId),
        contracts: [
          ...state.contracts,
          {
            contractId,
            parentIds,
            startsOn,
            endsOn,
            reviewDates,
            status: 'active',
            lastReview: null,
          },
        ],
      };
    }
    case 'AttendanceContractDeclined': {
      const { offerId, parentIds, offeredOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, offerId),
        contractsDeclined: [...state.contractsDeclined, { offerId, parentIds, offeredOn }],
      };
    }
    case 'AttendanceContractReviewed':
      return {
        ...state,
        contracts: replace(
          state.contracts,
          (c) => c.contractId === event.data.contractId,
          (c) => ({
            ...c,
            lastReview: event.data.reviewedOn,
            status: event.data.outcome === 'not-kept' ? 'not-kept' : c.status,
          }),
        ),
      };
    case 'AttendanceContractEnded':
      return {
        ...state,
        contracts: replace(
          state.contracts,
          (c) => c.contractId === event.data.contractId,
          (c) => ({ ...c, status: 'ended' }),
        ),
      };
    case 'SocialCareConsulted':
      return { ...state, socialCareConsultedOn: event.data.consultedOn };
    case 'SupervisionOrderApplied':
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, event.data.orderId),
        supervisionOrders: [
          ...state.supervisionOrders,
          {
            orderId: event.data.orderId,
            status: 'applied',
            appliedOn: event.data.appliedOn,
            expiresOn: null,
            supervisorId: null,
            pendingExtensionYears: null,
            nonCompliance: 0,
            grantedOn: null,
            prosecution: event.data.prosecution ?? null,
          },
        ],
      };
    case 'SupervisionOrderGranted':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({
            ...o,
            status: 'in-force',
            expiresOn: event.data.expiresOn,
            supervisorId: event.data.supervisorId,
            grantedOn: event.data.courtDate,
          }),
        ),
      };
    case 'SupervisionOrderDirectionGiven':
      return state;
    case 'SupervisionOrderNonComplianceRecorded':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({ ...o, nonCompliance: o.nonCompliance + 1 }),
        ),
      };
    case 'SupervisionOrderExtensionApplied':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({
            ...o,
            status: 'extension-applied',
            pendingExtensionYears: event.data.extensionYears,
          }),
        ),
      };
    case 'SupervisionOrderExtended':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({
            ...o,
            status: 'in-force',
            expiresOn: event.data.expiresOn,
            pendingExtensionYears: null,
          }),
        ),
      };
    case 'SupervisionOrderDischarged':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({ ...o, status: 'discharged' }),
        ),
      };
    case 'SupervisionOrderEnded':
      return {
        ...state,
        supervisionOrders: replace(
          state.supervisionOrders,
          (o) => o.orderId === event.data.orderId,
          (o) => ({ ...o, status: 'ended' }),
        ),
      };
    case 'EducationNeglectReferralMade': {
      const { referralId, route, referredOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, referralId),
        neglectReferrals: [
          ...state.neglectReferrals,
          { referralId, route, referredOn, response: null },
        ],
      };
    }
    case 'SocialCareResponseRecorded': {
      const { referralId, response, respondedOn } = event.data;
      return {
        ...state,
        neglectReferrals: replace(
          state.neglectReferrals,
          (r) => r.referralId === referralId,
          (r) => ({ ...r, response: { response, respondedOn } }),
        ),
      };
    }
    case 'NoticeToImproveIssued': {
      const { noticeId, parentId, issuedOn, periodEndsOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, noticeId),
        noticesToImprove: [
          ...state.noticesToImprove,
          { noticeId, parentId, issuedOn, periodEndsOn, outcome: null },
        ],
      };
    }
    case 'NoticeToImproveOutcomeRecorded':
      return {
        ...state,
        noticesToImprove: replace(
          state.noticesToImprove,
          (n) => n.noticeId === event.data.noticeId,
          (n) => ({ ...n, outcome: event.data.outcome }),
        ),
      };
    case 'PenaltyNoticeIssued': {
      const d = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, d.noticeId),
        penaltyNotices: [
          ...state.penaltyNotices,
          {
            noticeId: d.noticeId,
            parentId: d.parentId,
            issuedOn: d.issuedOn,
            servedOn: d.servedOn,
            service: null,
            offencePeriod: d.offencePeriod,
            sequence: d.sequence,
            reducedRateEnds: d.reducedRateEnds,
            paymentEnds: d.paymentEnds,
            status: 'issued',
            paidAmount: 0,
            // Notices recorded before the reason was asked for: the same rule as when none is given.
            reason: d.reason ?? mainReasonForNotice(d.threshold.sessions, d.supportNotAppropriate),
            paidOn: null,
            withdrawal: null,
            prosecutedOn: null,
          },
        ],
      };
    }
    case 'PenaltyNoticePaid':
      return {
        ...state,
        penaltyNotices: replace(
          state.penaltyNotices,
          (n) => n.noticeId === event.data.noticeId,
          (n) => ({
            ...n,
            status: 'paid',
            paidAmount: event.data.amount,
            paidOn: event.data.paidOn,
          }),
        ),
      };
    case 'PenaltyNoticeServed': {
      const { noticeId, method, sentOn, servedOn, reducedRateEnds, paymentEnds } = event.data;
      return {
        ...state,
        penaltyNotices: replace(
          state.penaltyNotices,
          (n) => n.noticeId === noticeId,
          (n) => ({ ...n, service: { method, sentOn }, servedOn, reducedRateEnds, paymentEnds }),
        ),
      };
    }
    case 'PenaltyNoticeWithdrawn':
      return {
        ...state,
        penaltyNotices: replace(
          state.penaltyNotices,
          (n) => n.noticeId === event.data.noticeId,
          (n) => ({
            ...n,
            status: 'withdrawn',
            withdrawal: { on: event.data.withdrawnOn, ground: event.data.ground },
          }),
        ),
      };
    case 'ProsecutionStarted': {
      const { prosecutionId, parentIds, offencePeriod, laidOn } = event.data;
      return {
        ...state,
        stage: stageAfter(state.stage, event),
        usedIds: withId(state, prosecutionId),
        prosecutions: [
          ...state.prosecutions,
          {
            prosecutionId,
            parentIds,
            offencePeriod,
            laidOn,
            outcome: null,
            outcomeOn: null,
            parentingOrder: null,
            parentingOrderImplementation: null,
          },
        ],
        // An unpaid notice for the same offence is followed by prosecution (it still counts towards the limit).
        penaltyNotices: replace(
          state.penaltyNotices,
          (n) =>
            n.status === 'issued' &&
            parentIds.includes(n.parentId) &&
            n.offencePeriod.from <= offencePeriod.to &&
            offencePeriod.from <= n.offencePeriod.to,
          (n) => ({ ...n, status: 'prosecuted', prosecutedOn: laidOn }),
        ),
      };
    }
    case 'ProsecutionOutcomeRecorded':
      return {
        ...state,
        prosecutions: replace(
          state.prosecutions,
          (p) => p.prosecutionId === event.data.prosecutionId,
          (p) => ({
            ...p,
            outcome: event.data.outcome,
            outcomeOn: event.data.recordedOn,
            parentingOrder: event.data.parentingOrder,
          }),
        ),
      };
    case 'ParentingOrderImplementationRecorded': {
      const { prosecutionId, implemented, reasonNotImplemented } = event.data;
      return {
        ...state,
        prosecutions: replace(
          state.prosecutions,
          (p) => p.prosecutionId === prosecutionId,
          (p) => ({ ...p, parentingOrderImplementation: { implemented, reasonNotImplemented } }),
        ),
      };
    }
    case 'DeadlineReached':
      return {
        ...state,
        usedIds: withId(state, event.data.deadlineId),
        deadlinesReached: [...state.deadlinesReached, { ...event.data }],
      };
    case 'TaskCompleted': {
      const tasks = state.tasks ?? { completed: [], assignees: {} };
      return { ...state, tasks: { ...tasks, completed: [...tasks.completed, event.data.taskId] } };
    }
    case 'TaskReassigned': {
      const tasks = state.tasks ?? { completed: [], assignees: {} };
      return {
        ...state,
        tasks: {
          ...tasks,
          assignees: { ...tasks.assignees, [event.data.taskId]: event.data.toUserId },
        },
      };
    }
    // Stepping down or reopening starts a new episode in which support comes first again.
    case 'SteppedDown':
      return { ...state, stage: stageAfter(state.stage, event), supportNotAppropriate: [] };
    case 'CaseClosed':
      return { ...state, status: 'closed' };
    case 'CaseReopened':
      return { ...state, status: 'open', supportNotAppropriate: [] };
    default: {
      // Unreachable for typed callers; JSON from an edge or an old store may still carry anything.
      const _never: never = event;
      throw new InvalidInput(
        `The journey holds an event of unknown type "${(_never as { type: string }).type}"; upcast it before folding.`,
        { field: 'type' },
      );
    }
  }
}
