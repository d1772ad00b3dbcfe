/** A plain-JSON view of a journey as of a date: what the API shows and what audit replays. */
import { addDays, IsoDate } from '../calendar';
import type { SchoolWeekBasis } from '../code-of-conduct';
import {
  attendanceStatistics,
  AttendanceStatistics,
  compulsorySchoolAge,
  trendAsOfLatestRegister,
  AttendanceTrend,
  currentMarks,
  thresholdAsOf,
  prosecutionDeadline,
  ThresholdResult,
} from '../rules';
import type { PupilJourney } from './state';
import type { Stage, SupportKind, VulnerabilityFlags } from './vocabulary';

export interface PupilJourneySummary {
  pupilId: string;
  reference: string;
  status: PupilJourney['status'];
  stage: Stage;
  schoolId: string;
  yearGroup: number;
  familyId: string | null;
  leadPractitionerId: string | null;
  /** The child's allocated social worker, if any. */
  socialWorkerId: string | null;
  flags: VulnerabilityFlags;
  /**
   * The first and last day of compulsory school age the rules use for this pupil (EA 1996 s8):
   * formalising support and enforcement apply only between them.
   */
  compulsorySchoolAge: { starts: IsoDate; ends: IsoDate } | null;
  attendance: {
    overall: AttendanceStatistics;
    lastFourWeeks: AttendanceStatistics;
    trend: AttendanceTrend;
  };
  threshold: ThresholdResult;
  /**
   * Why support is not appropriate, oldest first: for one offence period (it excuses only offences
   * overlapping it from support first and the notice to improve) or, with none, the whole case.
   */
  supportNotAppropriate: PupilJourney['supportNotAppropriate'];
  lastContactOn: IsoDate | null;
  /** Concerns raised by people and by the monitor rules (with the rule's name and figures). */
  concerns: {
    concernId: string;
    raisedOn: IsoDate;
    summary: string | null;
    rule: { name: string; figures: Record<string, number | string | boolean | null> } | null;
  }[];
  /** Deadlines that fell due (as jobs saw them), oldest first. */
  deadlinesReached: PupilJourney['deadlinesReached'];
  /** What the school asked of the LA (a referral, a penalty notice request), oldest first. */
  schoolRequests: NonNullable<PupilJourney['schoolRequests']>;
  openItems: {
    /** Support put in place whose outcome is not yet recorded (the review of that support). */
    supportAwaitingOutcome: { supportId: string; kind: SupportKind; startedOn: IsoDate }[];
    activeContracts: {
      contractId: string;
      endsOn: IsoDate;
      nextReviewOn: IsoDate | null;
      notKept: boolean;
    }[];
    supervisionOrders: { orderId: string; status: string; expiresOn: IsoDate | null }[];
    noticesToImprove: { noticeId: string; parentId: string; periodEndsOn: IsoDate }[];
    unpaidPenaltyNotices: {
      noticeId: string;
      parentId: string;
      /** The day the notice was received (presumed, if posted): day 1 of both payment periods. */
      receivedOn: IsoDate;
      reducedRateEnds: IsoDate | null;
      paymentEnds: IsoDate;
    }[];
    /** Unpaid after the 28 days: the LA must prosecute (by `prosecuteBy`) or withdraw. */
    penaltyNoticesToResolve: {
      noticeId: string;
      parentId: string;
      paymentEnds: IsoDate;
      prosecuteBy: IsoDate;
    }[];
    pendingPanelReferral: { referralId: string; referredOn: IsoDate } | null;
    prosecutions: { prosecutionId: string; laidOn: IsoDate }[];
  };
}

/** `schoolWeekBasis` is the code of conduct's reading of a school week for the threshold. */
export function summarisePupilJourney(
  state: PupilJourney,
  asOf: IsoDate,
  options: { schoolWeekBasis?: SchoolWeekBasis } = {},
): PupilJourneySummary {
  const marks = currentMarks(state.marks).filter((m) => m.date <= asOf);
  const fourWeeksAgo = addDays(asOf, -27);
  const pending = state.panelReferrals.find((r) => r.decision === null);
  return {
    pupilId: state.pupilId,
    reference: state.reference,
    status: state.status,
    stage: state.stage,
    schoolId: state.schoolId,
    yearGroup: state.yearGroup,
    familyId: state.familyId,
    leadPractitionerId: state.leadPractitionerId,
    socialWorkerId: state.socialWorkerId ?? null,
    flags: state.flags,
    compulsorySchoolAge: state.dateOfBirth ? compulsorySchoolAge(state.dateOfBirth) : null,
    attendance: {
      overall: attendanceStatistics(marks),
      lastFourWeeks: attendanceStatistics(marks, { from: fourWeeksAgo, to: asOf }),
      // As of the latest register by `asOf`, like the caseload's (one rule).
      trend: trendAsOfLatestRegister(marks),
    },
    // As of the latest register, like the caseload: a window met within the 6 months before it.
    threshold: thresholdAsOf(marks, marks.at(-1)?.date ?? asOf, options.schoolWeekBasis),
    supportNotAppropriate: state.supportNotAppropriate.filter((r) => r.recordedOn <= asOf),
    lastContactOn: state.lastContactOn,
    concerns: state.concerns
      .filter((c) => c.raisedOn <= asOf)
      .map((c) => ({
        concernId: c.concernId,
        raisedOn: c.raisedOn,
        summary: c.summary ?? null,
        rule: c.byRule === null ? null : { name: c.byRule, figures: c.figures ?? {} },
      })),
    deadlinesReached: state.deadlinesReached.filter((d) => d.reachedOn <= asOf),
    schoolRequests: (state.schoolRequests ?? []).filter((r) => r.requestedOn <= asOf),
    openItems: {
      supportAwaitingOutcome: state.support
        .filter((s) => s.outcome === null && s.startedOn <= asOf)
        .map((s) => ({ supportId: s.supportId, kind: s.kind, startedOn: s.startedOn })),
      activeContracts: state.contracts
        .filter((c) => c.status !== 'ended')
        .map((c) => ({
          contractId: c.contractId,
          endsOn: c.endsOn,
          nextReviewOn: c.reviewDates.find((d) => d >= asOf) ?? null,
          notKept: c.status === 'not-kept',
        })),
      supervisionOrders: state.supervisionOrders
        .filter((o) => o.status !== 'discharged' && o.status !== 'ended')
        .map((o) => ({ orderId: o.orderId, status: o.status, expiresOn: o.expiresOn })),
      noticesToImprove: state.noticesToImprove
        .filter((n) => n.outcome === null)
        .map((n) => ({ noticeId: n.noticeId, parentId: n.parentId, periodEndsOn: n.periodEndsOn })),
      unpaidPenaltyNotices: state.penaltyNotices
        .filter((n) => n.status === 'issued')
        .map((n) => ({
          noticeId: n.noticeId,
          parentId: n.parentId,
          receivedOn: n.servedOn,
          reducedRateEnds: n.reducedRateEnds,
          paymentEnds: n.paymentEnds,
        })),
      penaltyNoticesToResolve: state.penaltyNotices
        .filter((n) => n.status === 'issued' && n.paymentEnds < asOf)
        .map((n) => ({
          noticeId: n.noticeId,
          parentId: n.parentId,
          paymentEnds: n.paymentEnds,
          prosecuteBy: prosecutionDeadline(n.offencePeriod.to),
        })),
      pendingPanelReferral: pending
        ? { referralId: pending.referralId, referredOn: pending.referredOn }
        : null,
      prosecutions: state.prosecutions
        .filter((p) => p.outcome === null)
        .map((p) => ({ prosecutionId: p.prosecutionId, laidOn: p.laidOn })),
    },
  };
}
