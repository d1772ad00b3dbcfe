/**
 * Pure builders: from a pupil's folded journey (and its family) to the rows of each read model.
 * Every rule comes from libs/domain; these functions only choose and arrange.
 */
import {
  absenceFlags,
  academicYearOf,
  compulsorySchoolAge,
  extensionWindowOpens,
  FamilyState,
  NEXT_ACTION_KINDS,
  NextAction,
  nextActions,
  penaltyNoticeCaseOf,
  prmCountsOf,
  PupilJourney,
  SchoolYearTotals,
  triage,
  VulnerabilityFlags,
} from '@app/domain';
import {
  CaseloadRow,
  Cohort,
  CohortPupilRow,
  Contribution,
  ContractRow,
  EligibilityRow,
  JourneyDoc,
  MarkFigures,
  PanelQueueRow,
  SupervisionOrderRow,
} from './documents';

export const EMPTY_FIGURES: MarkFigures = {
  asOf: null,
  term: null,
  year: null,
  lastFourWeeksRate: null,
  trend: 'unknown',
  threshold: { met: false, count: 0, firstSchoolWeek: null, lastSchoolWeek: null, sessions: [] },
  years: {},
};

/** Index values for a row in scope `school` and `worker`, alone or with each extra filter. */
function facetsOf(
  scopes: (string | null)[],
  filters: string[],
  prefix: string[] = ['all'],
): string[] {
  const bases = [...prefix, ...scopes.filter((s): s is string => s !== null)];
  return bases.flatMap((b) => [b, ...filters.map((f) => `${b}|${f}`)]);
}

const pct = (rate: number | null): string =>
  rate === null ? '999.9' : (rate * 100).toFixed(1).padStart(5, '0');

const openSupport = (s: PupilJourney) => s.support.filter((x) => x.outcome === null).length;

const kindOrder = (a: NextAction) => NEXT_ACTION_KINDS.indexOf(a.kind);

/** The journey's own dated actions and the open ones agreed for the pupil at meetings, earliest first. */
export function actionsOf(doc: JourneyDoc): NextAction[] {
  if (doc.state.status !== 'open') return [];
  const agreed: NextAction[] = Object.entries(doc.meetingActions ?? {})
    .filter(([, a]) => a.completedOn === null)
    .map(([actionId, a]) => ({ kind: 'targeting-support-action', due: a.dueOn, ref: actionId }));
  return [...nextActions(doc.state), ...agreed].sort((a, b) =>
    a.due !== b.due ? (a.due < b.due ? -1 : 1) : kindOrder(a) - kindOrder(b),
  );
}

function latestPanelDecision(s: PupilJourney): CaseloadRow['panelDecision'] {
  const r = s.panelReferrals.filter((x) => x.decision !== null).pop();
  if (!r || r.decision === null) return null;
  return {
    referralId: r.referralId,
    decision: r.decision,
    rationale: r.rationale ?? null,
    conditions: r.conditions ?? [],
    decidedOn: r.decidedOn ?? null,
    acknowledgedOn: r.acknowledgedOn ?? null,
  };
}

export function caseloadRow(doc: JourneyDoc): CaseloadRow {
  const s = doc.state;
  const f = doc.figures;
  const actions = actionsOf(doc);
  const persistentAbsence = f.year?.persistentAbsence ?? false;
  const severeAbsence = f.year?.severeAbsence ?? false;
  const severity = severeAbsence ? 0 : persistentAbsence ? 1 : 2;
  const open = s.status === 'open';
  const filters = [
    `stage:${s.stage}`,
    ...(persistentAbsence ? ['flag:persistent'] : []),
    ...(severeAbsence ? ['flag:severe'] : []),
    ...(f.threshold.met ? ['flag:threshold'] : []),
  ];
  return {
    pupilId: s.pupilId,
    reference: s.reference,
    status: s.status,
    stage: s.stage,
    schoolId: s.schoolId,
    yearGroup: s.yearGroup,
    leadPractitionerId: s.leadPractitionerId,
    familyId: s.familyId,
    flags: s.flags,
    asOf: f.asOf,
    attendance: { term: f.term, year: f.year, lastFourWeeksRate: f.lastFourWeeksRate },
    persistentAbsence,
    severeAbsence,
    trend: f.trend,
    thresholdMet: f.threshold.met,
    openItems: {
      concerns: s.concerns.length,
      support: openSupport(s),
      contracts: s.contracts.filter((c) => c.status !== 'ended').length,
      supervisionOrders: s.supervisionOrders.filter(
        (o) => o.status !== 'discharged' && o.status !== 'ended',
      ).length,
      noticesToImprove: s.noticesToImprove.filter((n) => n.outcome === null).length,
      penaltyNotices: s.penaltyNotices.filter((n) => n.status === 'issued').length,
      prosecutions: s.prosecutions.filter((p) => p.outcome === null).length,
      panelReferral: s.panelReferrals.some((r) => r.decision === null),
    },
    recentConcerns: s.concerns
      .slice(-3)
      .reverse()
      .map((c) => ({
        concernId: c.concernId,
        raisedOn: c.raisedOn,
        summary: c.summary ?? null,
        rule: c.byRule,
      })),
    actions,
    nextAction: actions[0] ?? null,
    panelDecision: latestPanelDecision(s),
    lastContactOn: s.lastContactOn,
    attention: `${actions[0]?.due ?? '9999-12-31'}|${severity}|${pct(f.year?.rate ?? null)}`,
    facets: open
      ? facetsOf(
          [
            `school:${s.schoolId}`,
            s.leadPractitionerId ? `worker:${s.leadPractitionerId}` : null,
            // The people around the child: their social worker, and the virtual school head's cohort.
            s.socialWorkerId ? `social-worker:${s.socialWorkerId}` : null,
            s.flags.lookedAfter ? 'looked-after' : null,
          ],
          filters,
        )
      : [`closed`, `closed|school:${s.schoolId}`],
  };
}

export function contractRows(doc: JourneyDoc): ContractRow[] {
  const s = doc.state;
  return s.contracts.map((c) => {
    const nextReviewOn =
      c.status === 'ended'
        ? null
        : (c.reviewDates.find((d) => c.lastReview === null || d > c.lastReview) ?? null);
    return {
      contractId: c.contractId,
      pupilId: s.pupilId,
      reference: s.reference,
      schoolId: s.schoolId,
      leadPractitionerId: s.leadPractitionerId,
      parentIds: c.parentIds,
      status: c.status,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      reviewDates: c.reviewDates,
      lastReviewOn: c.lastReview,
      nextReviewOn,
      reviewKey: nextReviewOn ?? '9999-12-31',
      facets: facetsOf(
        [`school:${s.schoolId}`, s.leadPractitionerId ? `worker:${s.leadPractitionerId}` : null],
        [`status:${c.status}`],
      ),
    };
  });
}

export function orderRows(doc: JourneyDoc): SupervisionOrderRow[] {
  const s = doc.state;
  const ageEnds = compulsorySchoolAge(s.dateOfBirth).ends;
  return s.supervisionOrders.map((o) => {
    const history = doc.orders[o.orderId] ?? {
      grantedOn: null,
      extensions: 0,
      directions: 0,
      endedOn: null,
      endReason: null,
    };
    return {
      orderId: o.orderId,
      pupilId: s.pupilId,
      reference: s.reference,
      schoolId: s.schoolId,
      status: o.status,
      appliedOn: o.appliedOn,
      grantedOn: history.grantedOn,
      supervisorId: o.supervisorId,
      expiresOn: o.expiresOn,
      extensionWindowOpens: o.expiresOn ? extensionWindowOpens(o.expiresOn) : null,
      extensions: history.extensions,
      directions: history.directions,
      nonCompliance: o.nonCompliance,
      compulsorySchoolAgeEnds: ageEnds,
      endsWithCompulsorySchoolAge: o.expiresOn === ageEnds,
      endedOn: history.endedOn,
      endReason: history.endReason,
      expiryKey: o.expiresOn ?? '9999-12-31',
      facets: facetsOf(
        [
          `school:${s.schoolId}`,
          o.supervisorId ? `supervisor:${o.supervisorId}` : null,
          s.leadPractitionerId ? `worker:${s.leadPractitionerId}` : null,
        ],
        [`status:${o.status}`],
      ),
    };
  });
}

/** A pupil has an eligibility row only while the case is open and the national threshold is met as of the latest register. */
export const hasEligibilityRow = (doc: JourneyDoc): boolean =>
  doc.state.status === 'open' && doc.figures.threshold.met && doc.figures.asOf !== null;

export function eligibilityRow(
  doc: JourneyDoc,
  family: FamilyState | undefined,
): EligibilityRow | null {
  const s = doc.state;
  const f = doc.figures;
  if (!hasEligibilityRow(doc) || f.asOf === null) return null;
  const parentIds = new Set<string>([
    ...(family?.parents.map((p) => p.parentId) ?? []),
    ...s.penaltyNotices.map((n) => n.parentId),
    ...s.noticesToImprove.map((n) => n.parentId),
  ]);
  const parents = [...parentIds].sort().map((parentId) => {
    const parent = family?.parents.find((p) => p.parentId === parentId);
    const ntis = s.noticesToImprove.filter((n) => n.parentId === parentId);
    const latest = ntis[ntis.length - 1];
    return {
      parentId,
      reference: parent?.reference ?? null,
      hasParentalResponsibility: parent?.hasParentalResponsibility ?? null,
      history: s.penaltyNotices
        .filter((n) => n.parentId === parentId)
        .map((n) => ({
          noticeId: n.noticeId,
          parentId,
          pupilId: s.pupilId,
          issuedOn: n.issuedOn,
          withdrawn: n.status === 'withdrawn',
        })),
      noticeToImprove: latest
        ? {
            noticeId: latest.noticeId,
            issuedOn: latest.issuedOn,
            periodEndsOn: latest.periodEndsOn,
            outcome: latest.outcome,
          }
        : null,
    };
  });
  const sessions = f.threshold.sessions;
  return {
    pupilId: s.pupilId,
    reference: s.reference,
    schoolId: s.schoolId,
    leadPractitionerId: s.leadPractitionerId,
    stage: s.stage,
    asOf: f.asOf,
    threshold: f.threshold,
    // The offence a notice would be for: the window's unauthorised sessions, first to last.
    offencePeriod: { from: sessions[0].date, to: sessions[sessions.length - 1].date },
    case: penaltyNoticeCaseOf(s),
    family: family
      ? {
          familyId: family.familyId,
          pupilIds: family.pupilIds.filter((id) => id === s.pupilId),
          parents: family.parents.map((p) => ({ parentId: p.parentId })),
        }
      : null,
    supportTried: s.support.length,
    supportNotAppropriate: s.supportNotAppropriate.length > 0,
    parents,
    familyLinked: s.familyId !== null,
    facets: facetsOf(
      [`school:${s.schoolId}`, s.leadPractitionerId ? `worker:${s.leadPractitionerId}` : null],
      [],
    ),
  };
}

export function panelRows(doc: JourneyDoc): PanelQueueRow[] {
  const s = doc.state;
  const f = doc.figures;
  if (s.status !== 'open') return [];
  const firstConcern = s.concerns[0]?.raisedOn;
  return s.panelReferrals
    .filter((r) => r.decision === null)
    .map((r) => {
      const t = triage({
        severeAbsence: f.year?.severeAbsence ?? false,
        persistentAbsence: f.year?.persistentAbsence ?? false,
        flags: s.flags,
        journeyStartedOn: firstConcern ?? s.registeredOn,
        referredOn: r.referredOn,
        supportTried: s.support.length,
        supportThatDidNotWork: s.support.filter(
          (x) => x.outcome === 'did-not-help' || x.familyEngaged === false,
        ).length,
      });
      return {
        referralId: r.referralId,
        pupilId: s.pupilId,
        reference: s.reference,
        schoolId: s.schoolId,
        leadPractitionerId: s.leadPractitionerId,
        stage: s.stage,
        reason: r.reason,
        referredOn: r.referredOn,
        priority: t.priority,
        reasons: t.reasons,
        severeAbsence: f.year?.severeAbsence ?? false,
        persistentAbsence: f.year?.persistentAbsence ?? false,
        attendanceRate: f.year?.rate ?? null,
        supportTried: s.support.length,
        facets: facetsOf(
          [`school:${s.schoolId}`, s.leadPractitionerId ? `worker:${s.leadPractitionerId}` : null],
          [],
        ),
      };
    });
}

const COHORT_FLAGS: [Cohort, keyof VulnerabilityFlags][] = [
  ['looked-after', 'lookedAfter'],
  ['child-protection-plan', 'childProtectionPlan'],
  ['child-in-need', 'childInNeed'],
  ['ehcp', 'ehcp'],
  ['sen-support', 'senSupport'],
  ['fsm', 'fsm'],
];

export const cohortsOf = (flags: VulnerabilityFlags): Cohort[] =>
  COHORT_FLAGS.filter(([, flag]) => flags[flag]).map(([cohort]) => cohort);

/** A pupil has a cohort row while registered and in at least one cohort. */
export const hasCohortRow = (doc: JourneyDoc): boolean =>
  doc.state.status !== 'unregistered' && cohortsOf(doc.state.flags).length > 0;

export function cohortRow(doc: JourneyDoc): CohortPupilRow | null {
  const s = doc.state;
  const f = doc.figures;
  if (!hasCohortRow(doc)) return null;
  const cohorts = cohortsOf(s.flags);
  const yearLabel = f.year?.label;
  const sums = Object.values(yearLabel ? (f.years[yearLabel] ?? {}) : {}).reduce(
    (acc, y) => ({
      suspensionSessions: acc.suspensionSessions + y.suspensionSessions,
      partTimeSessions: acc.partTimeSessions + y.partTimeSessions,
    }),
    { suspensionSessions: 0, partTimeSessions: 0 },
  );
  return {
    pupilId: s.pupilId,
    reference: s.reference,
    schoolId: s.schoolId,
    stage: s.stage,
    status: s.status,
    cohorts,
    asOf: f.asOf,
    year: f.year,
    persistentAbsence: f.year?.persistentAbsence ?? false,
    severeAbsence: f.year?.severeAbsence ?? false,
    ...sums,
    facets: cohorts.flatMap((c) => [`cohort:${c}`, `cohort:${c}|school:${s.schoolId}`]),
  };
}

/** One pupil's year at one school, or across the LA. */
function pupilCounters(
  addTo: (scope: string, key: string, counter: string, n?: number) => void,
  scope: string,
  key: string,
  y: SchoolYearTotals,
): void {
  addTo(scope, key, 'pupils');
  addTo(scope, key, 'possible', y.possible);
  addTo(scope, key, 'attended', y.attended);
  if (y.persistentAbsence) addTo(scope, key, 'persistent');
  if (y.severeAbsence) addTo(scope, key, 'severe');
  addTo(scope, key, 'suspensionSessions', y.suspensionSessions);
  if (y.suspensionSessions > 0) addTo(scope, key, 'pupilsSuspended');
  addTo(scope, key, 'partTimeSessions', y.partTimeSessions);
  if (y.partTimeSessions > 0) addTo(scope, key, 'pupilsPartTime');
}

/**
 * What the pupil adds to each statistics document. Everything is derived from the journey as it
 * stands, so a correction (a re-coded mark, a notice withdrawn) moves the figures by itself.
 */
export function contributionsOf(doc: JourneyDoc): Record<string, Contribution> {
  const s = doc.state;
  const out: Record<string, Contribution> = {};
  /** To one document only: `scope|key` (a school, `*` for the LA, or a worker). */
  const addTo = (scope: string, key: string, counter: string, n = 1) => {
    if (n === 0) return;
    const c = (out[`${scope}|${key}`] ??= {});
    c[counter] = (c[counter] ?? 0) + n;
  };
  /** To the school's document and the LA's. */
  const add = (scope: string, schoolId: string, counter: string, n = 1) => {
    addTo(scope, schoolId, counter, n);
    addTo(scope, '*', counter, n);
  };
  if (s.status === 'unregistered') return out;
  if (s.status === 'open') {
    const f = doc.figures;
    const counters = [
      'open',
      `stage:${s.stage}`,
      `trend:${f.trend}`,
      ...(f.year?.persistentAbsence ? ['flag:persistent'] : []),
      ...(f.year?.severeAbsence ? ['flag:severe'] : []),
      ...(f.threshold.met ? ['flag:threshold'] : []),
    ];
    for (const counter of counters) {
      add('current', s.schoolId, counter);
      // The caseload of the lead practitioner the case is allocated to.
      if (s.leadPractitionerId) addTo('current-worker', s.leadPractitionerId, counter);
    }
    for (const [flag, on] of Object.entries(s.flags))
      if (on) add('current', s.schoolId, `flag:${flag}`);
  }
  const cohorts = cohortsOf(s.flags);
  for (const [year, bySchool] of Object.entries(doc.figures.years)) {
    const scopes = [`year|${year}`, ...cohorts.map((c) => `cohort|${c}|${year}`)];
    // A pupil who moved school counts at each school they were on roll at, and once in the LA,
    // with their sessions at every school added together (DfE absence statistics count a pupil's
    // persistent absence over all their sessions).
    const la = { possible: 0, attended: 0, suspensionSessions: 0, partTimeSessions: 0 };
    for (const [schoolId, y] of Object.entries(bySchool)) {
      if (y.possible === 0) continue;
      la.possible += y.possible;
      la.attended += y.attended;
      la.suspensionSessions += y.suspensionSessions;
      la.partTimeSessions += y.partTimeSessions;
      for (const scope of scopes) pupilCounters(addTo, scope, schoolId, y);
    }
    if (la.possible > 0)
      for (const scope of scopes)
        pupilCounters(addTo, scope, '*', { ...la, ...absenceFlags(la.possible, la.attended) });
  }
  const yearOf = (date: string) => `year|${academicYearOf(date).label}`;
  for (const n of s.penaltyNotices) {
    add(yearOf(n.issuedOn), s.schoolId, 'noticesIssued');
    if (n.status !== 'issued') add(yearOf(n.issuedOn), s.schoolId, `notices:${n.status}`);
  }
  for (const n of s.noticesToImprove) add(yearOf(n.issuedOn), s.schoolId, 'noticesToImprove');
  for (const p of s.prosecutions) add(yearOf(p.laidOn), s.schoolId, 'prosecutions');
  for (const c of s.contracts) add(yearOf(c.startsOn), s.schoolId, 'contracts');
  for (const o of s.supervisionOrders) {
    add(yearOf(o.appliedOn), s.schoolId, 'esoApplications');
    const granted = doc.orders[o.orderId]?.grantedOn;
    if (granted) add(yearOf(granted), s.schoolId, 'esosGranted');
  }
  // The DfE's Parental Responsibility Measures census, counted by the domain's rules.
  for (const [year, counts] of Object.entries(prmCountsOf(s)))
    for (const [field, n] of Object.entries(counts))
      add(`year|${year}`, s.schoolId, `prm:${field}`, n);
  return out;
}
