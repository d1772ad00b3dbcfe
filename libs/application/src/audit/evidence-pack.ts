/**
 * The evidence pack for a penalty notice or a prosecution (issue 6): what a magistrate, a panel
 * chair or an auditor needs to see that the decision followed the national framework: the
 * attendance record for the offence period with the sessions that met the threshold, the support
 * offered and whether the family engaged, conversations, contracts and their reviews, notices to
 * improve, notices issued and payments, the rule-set version of every decision, and the
 * chronology. Pure: the pupil's and the family's recorded events in, the pack out.
 */
import {
  addDays,
  attendanceStatistics,
  currentMarks,
  evaluateNationalThreshold,
  familyDecider,
  IsoDate,
  OffencePeriod,
  PupilEvent,
  PupilEventOf,
  PupilEventType,
  pupilJourneyDecider,
  THRESHOLD_SESSIONS,
  weekStart,
  type AttendanceMark,
  type FamilyEvent,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { CaseNotFound } from '../pupils/case-access';
import { chronologyOf } from './evidence-chronology';
import type {
  EvidencePack,
  EvidencePackInput,
  EvidencePackSubject,
  ThresholdFinding,
  WeeklyAttendance,
} from './evidence-pack.types';

export * from './evidence-pack.types';

type Recorded<T extends PupilEventType> = RecordedEvent<T, PupilEventOf<T>['data']>;
const ofType = <T extends PupilEventType>(events: readonly RecordedEvent[], type: T) =>
  events.filter((e): e is Recorded<T> => e.type === type);

/** Monday of every week that touches the period, in order. */
export function weeksOf(period: OffencePeriod): IsoDate[] {
  const weeks: IsoDate[] = [];
  for (let monday = weekStart(period.from); monday <= period.to; monday = addDays(monday, 7))
    weeks.push(monday);
  return weeks;
}

/** Each week's figures in the period; `window` marks the threshold's school weeks. */
export function weeklyAttendance(
  marks: readonly AttendanceMark[],
  period: OffencePeriod,
  window: { first: IsoDate | null; last: IsoDate | null },
): WeeklyAttendance[] {
  const byWeek = new Map<IsoDate, AttendanceMark[]>();
  for (const mark of marks) {
    if (mark.date < period.from || mark.date > period.to) continue;
    const monday = weekStart(mark.date);
    byWeek.set(monday, [...(byWeek.get(monday) ?? []), mark]);
  }
  return weeksOf(period).map((monday) => {
    const s = attendanceStatistics(byWeek.get(monday) ?? []);
    return {
      weekStart: monday,
      possible: s.possible,
      attended: s.attended,
      authorisedAbsence: s.authorisedAbsence,
      unauthorisedAbsence: s.unauthorisedAbsence,
      rate: s.rate,
      inThresholdWindow:
        window.first !== null &&
        window.last !== null &&
        monday >= window.first &&
        monday <= window.last,
    };
  });
}

interface Decision {
  event: RecordedEvent;
  parentIds: string[];
  period: OffencePeriod;
  decidedOn: IsoDate;
  id: string;
}

function findDecision(events: readonly RecordedEvent[], subject: EvidencePackSubject): Decision {
  if (subject.kind === 'penalty-notice') {
    const issued = ofType(events, 'PenaltyNoticeIssued').find(
      (e) => e.data.noticeId === subject.noticeId,
    );
    if (!issued) throw new CaseNotFound('penalty notice for this pupil');
    return {
      event: issued,
      parentIds: [issued.data.parentId],
      period: issued.data.offencePeriod,
      decidedOn: issued.data.issuedOn,
      id: issued.data.noticeId,
    };
  }
  const started = ofType(events, 'ProsecutionStarted').find(
    (e) => e.data.prosecutionId === subject.prosecutionId,
  );
  if (!started) throw new CaseNotFound('prosecution for this pupil');
  return {
    event: started,
    parentIds: started.data.parentIds,
    period: started.data.offencePeriod,
    decidedOn: started.data.laidOn,
    id: started.data.prosecutionId,
  };
}

const finding = (t: ThresholdFinding): ThresholdFinding => ({
  count: t.count,
  met: t.met,
  firstSchoolWeek: t.firstSchoolWeek,
  lastSchoolWeek: t.lastSchoolWeek,
  sessions: t.sessions,
});

export function assembleEvidencePack(input: EvidencePackInput): EvidencePack {
  const { pupilEvents: events, familyEvents } = input;
  const state = events.reduce(
    (s, e) =>
      pupilJourneyDecider.evolve(s, { type: e.type, data: e.data } as unknown as PupilEvent),
    pupilJourneyDecider.initialState(),
  );
  if (state.status === 'unregistered') throw new CaseNotFound('pupil');
  const family = familyEvents.reduce(
    (s, e) => familyDecider.evolve(s, { type: e.type, data: e.data } as unknown as FamilyEvent),
    familyDecider.initialState(),
  );
  const decision = findDecision(events, input.subject);
  const period = decision.period;
  const basis = { within: period, schoolWeekBasis: input.schoolWeekBasis };

  // What the decision relied on: a notice records its threshold; a prosecution is read against
  // the register as it was known when it was laid.
  const issued =
    decision.event.type === 'PenaltyNoticeIssued'
      ? (decision.event as Recorded<'PenaltyNoticeIssued'>)
      : null;
  const atDecision: ThresholdFinding = issued
    ? {
        ...issued.data.threshold,
        met: issued.data.threshold.count >= THRESHOLD_SESSIONS,
      }
    : finding(
        evaluateNationalThreshold(currentMarks(state.marks, decision.event.recordedAt), basis),
      );
  const now = finding(evaluateNationalThreshold(state.marks, basis));
  const register = currentMarks(state.marks);

  const outcomes = new Map(
    ofType(events, 'SupportOutcomeRecorded').map((e) => [e.data.supportId, e.data]),
  );
  const panelDecisions = new Map(
    ofType(events, 'PanelDecisionRecorded').map((e) => [e.data.referralId, e.data]),
  );
  const ntiOutcomes = new Map(
    ofType(events, 'NoticeToImproveOutcomeRecorded').map((e) => [e.data.noticeId, e.data]),
  );
  const chronology = chronologyOf(events, familyEvents, input.pupilId);
  const pnStatus = (noticeId: string): 'issued' | 'paid' | 'withdrawn' =>
    ofType(events, 'PenaltyNoticeWithdrawn').some((e) => e.data.noticeId === noticeId)
      ? 'withdrawn'
      : ofType(events, 'PenaltyNoticePaid').some((e) => e.data.noticeId === noticeId)
        ? 'paid'
        : 'issued';
  const prosecutionOutcome = (id: string) =>
    ofType(events, 'ProsecutionOutcomeRecorded').find((e) => e.data.prosecutionId === id)?.data ??
    null;
  const status = issued
    ? (() => {
        const s = pnStatus(issued.data.noticeId);
        const prosecuted = ofType(events, 'ProsecutionStarted').some(
          (p) =>
            p.data.parentIds.includes(issued.data.parentId) &&
            p.data.offencePeriod.from <= issued.data.offencePeriod.to &&
            issued.data.offencePeriod.from <= p.data.offencePeriod.to,
        );
        return s === 'issued' && prosecuted ? 'prosecuted' : s;
      })()
    : (prosecutionOutcome(decision.id)?.outcome ?? 'pending');
  const version = (decision.event.data as { ruleSetVersion?: unknown }).ruleSetVersion;
  const { ruleSetVersion: _v, ...facts } = decision.event.data as Record<string, unknown>;

  return {
    generatedAt: input.generatedAt,
    subject: {
      kind: input.subject.kind,
      id: decision.id,
      parentIds: decision.parentIds,
      offencePeriod: period,
      decidedOn: decision.decidedOn,
      recordedAt: decision.event.recordedAt,
      decidedBy: { actor: decision.event.metadata.actor, role: decision.event.metadata.role },
      ruleSetVersion: typeof version === 'string' ? version : null,
      facts,
      status,
    },
    pupil: {
      pupilId: state.pupilId,
      familyId: state.familyId,
      reference: state.reference,
      upn: state.upn,
      dateOfBirth: state.dateOfBirth,
      schoolId: state.schoolId,
      schoolType: state.schoolType,
      yearGroup: state.yearGroup,
    },
    parents: family.parents.map((p) => ({ ...p, named: decision.parentIds.includes(p.parentId) })),
    attendance: {
      period,
      statistics: attendanceStatistics(register, period),
      weeks: weeklyAttendance(register, period, {
        first: atDecision.firstSchoolWeek,
        last: atDecision.lastSchoolWeek,
      }),
      thresholdAtDecision: atDecision,
      thresholdNow: now,
      corrections: ofType(events, 'AttendanceMarkCorrected')
        .filter((e) => e.data.date >= period.from && e.data.date <= period.to)
        .map((e) => ({
          date: e.data.date,
          session: e.data.session,
          previousCode: e.data.previousCode,
          code: e.data.code,
          reason: e.data.reason,
          receivedAt: e.data.receivedAt,
          afterDecision: e.position > decision.event.position,
        })),
    },
    support: {
      offered: ofType(events, 'SupportActionRecorded').map((e) => {
        const outcome = outcomes.get(e.data.supportId);
        return {
          supportId: e.data.supportId,
          kind: e.data.kind,
          description: e.data.description,
          startedOn: e.data.startedOn,
          outcome: outcome?.outcome ?? null,
          familyEngaged: outcome?.familyEngaged ?? null,
          outcomeRecordedOn: outcome?.recordedOn ?? null,
        };
      }),
      notAppropriate: ofType(events, 'SupportNotAppropriateRecorded').map((e) => ({
        reason: e.data.reason,
        explanation: e.data.explanation,
        offencePeriod: e.data.offencePeriod ?? null,
        recordedOn: e.data.recordedOn,
        ruleSetVersion: e.data.ruleSetVersion,
      })),
      familyPlans: familyEvents
        .filter((e) => e.type === 'FamilyPlanRecorded')
        .map((e) => {
          const p = e.data as { planId: string; kind: string; startsOn: string; summary: string };
          return { planId: p.planId, kind: p.kind, startsOn: p.startsOn, summary: p.summary };
        }),
      panel: ofType(events, 'ReferredToPanel').map((e) => {
        const decided = panelDecisions.get(e.data.referralId);
        return {
          referralId: e.data.referralId,
          reason: e.data.reason,
          referredOn: e.data.referredOn,
          decision: decided?.decision ?? null,
          rationale: decided?.rationale ?? null,
          decidedOn: decided?.decidedOn ?? null,
          ruleSetVersion: decided?.ruleSetVersion ?? null,
        };
      }),
    },
    conversations: ofType(events, 'ConversationRecorded').map((e) => e.data),
    contracts: ofType(events, 'AttendanceContractAgreed').map((e) => ({
      ...e.data,
      reviews: ofType(events, 'AttendanceContractReviewed')
        .filter((r) => r.data.contractId === e.data.contractId)
        .map((r) => r.data),
      ended:
        ofType(events, 'AttendanceContractEnded').find(
          (r) => r.data.contractId === e.data.contractId,
        )?.data ?? null,
    })),
    noticesToImprove: ofType(events, 'NoticeToImproveIssued').map((e) => ({
      ...e.data,
      outcome: ntiOutcomes.get(e.data.noticeId)?.outcome ?? null,
      outcomeRecordedOn: ntiOutcomes.get(e.data.noticeId)?.recordedOn ?? null,
      reliedOn: issued
        ? issued.data.noticeToImproveId === e.data.noticeId
        : decision.parentIds.includes(e.data.parentId),
    })),
    penaltyNotices: ofType(events, 'PenaltyNoticeIssued').map((e) => ({
      ...e.data,
      payments: ofType(events, 'PenaltyNoticePaid')
        .filter((p) => p.data.noticeId === e.data.noticeId)
        .map((p) => ({ paidOn: p.data.paidOn, amount: p.data.amount })),
      withdrawal:
        ofType(events, 'PenaltyNoticeWithdrawn').find((w) => w.data.noticeId === e.data.noticeId)
          ?.data ?? null,
      status: pnStatus(e.data.noticeId),
    })),
    prosecutions: ofType(events, 'ProsecutionStarted').map((e) => ({
      ...e.data,
      outcome: prosecutionOutcome(e.data.prosecutionId),
    })),
    decisions: chronology
      .filter((c) => c.ruleSetVersion !== null)
      .map((c) => ({
        position: c.position,
        type: c.type,
        onDate: c.onDate,
        ruleSetVersion: c.ruleSetVersion as string,
        description: c.description,
      })),
    chronology,
  };
}
