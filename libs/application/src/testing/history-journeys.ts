/**
 * A pupil's journey through the graduated response in a generated history, written the way a
 * caseworker would live it: registration and family, a concern, conversations, support, the
 * panel, then a contract, a supervision order or a neglect referral, then notices to improve,
 * penalty notices and their outcomes (payment, withdrawal, prosecution), and finally a step down
 * or a closure. Each step is a command the domain decides; dates follow the rules' own clocks
 * (improvement periods, payment windows, review dates, order expiry).
 */
import {
  addDays,
  addMonths,
  addWeeks,
  amountDue,
  Barrier,
  BARRIERS,
  IsoDate,
  OffencePeriod,
  PanelDecision,
  prosecutionDeadline,
  Stage,
  stageRank,
  SUPPORT_KINDS,
  WITHDRAWAL_GROUNDS,
} from '@app/domain';
import { weekdayOnOrAfter } from './school-calendar';
import { Process, stepBuilder as step, Subprocess } from './history-steps';
import type { SimParent, SimPupil, World } from './history-world';

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A working-hours time of day. */
const work = (p: SimPupil) => `${pad2(p.rng.int(9, 15))}:${pad2(p.rng.int(0, 59))}`;
/** A weekday between `min` and `max` days after `on`. */
const later = (p: SimPupil, on: IsoDate, min: number, max: number) =>
  weekdayOnOrAfter(addDays(on, p.rng.int(min, max)));
const officer = (p: SimPupil, w: World) => w.officers[p.index % w.officers.length];
const namedParents = (p: SimPupil): SimParent[] =>
  p.family.parents.length > 1 && p.rng.chance(0.45) ? p.family.parents : [p.family.parents[0]];

export function* journey(p: SimPupil, w: World): Process {
  yield* registration(p, w);
  if (p.route === 'holiday') return yield* holidayEnforcement(p, w);
  if (p.target === 'expect') return yield* quietYear(p, w);

  const worker = p.school.worker;
  let on = later(p, p.troubleFrom as IsoDate, 14, 35);
  const byRule = p.rng.chance(0.5);
  yield step.pupil(p, on, work(p), worker, () => ({
    type: 'RaiseConcern',
    concernId: p.rng.uuid(),
    summary: byRule ? 'Attendance below 90% this half-term' : 'Repeated Monday absences',
    rule: byRule
      ? { name: 'low-attendance', figures: { rate: 0.87, weeks: 4, threshold: 0.9 } }
      : undefined,
  }));
  if (p.target === 'monitor') return yield* recover(p, w, on, 'expect');

  on = later(p, on, 5, 14);
  yield* conversation(p, w, on);
  if (p.rng.chance(0.35)) {
    on = later(p, on, 14, 28);
    yield* conversation(p, w, on);
  }
  if (p.target === 'listen-and-understand') return yield* recover(p, w, on, 'monitor');

  on = later(p, on, 3, 10);
  yield step.pupil(p, on, work(p), worker, () => ({
    type: 'AssignLeadPractitioner',
    practitionerId: worker.actor,
  }));
  const supports = p.rng.chance(0.4) ? 2 : 1;
  const supportIds: string[] = [];
  for (let i = 0; i < supports; i += 1) {
    const supportId = p.rng.uuid();
    supportIds.push(supportId);
    const kind = p.rng.pick(SUPPORT_KINDS);
    const startedOn = on;
    yield step.pupil(p, on, work(p), worker, () => ({
      type: 'RecordSupportAction',
      supportId,
      kind,
      description: `Support: ${kind}`,
      startedOn,
    }));
  }
  if (p.rng.chance(0.3)) {
    const planId = p.rng.uuid();
    const startsOn = on;
    yield step.family(
      p.family,
      on,
      work(p),
      worker,
      () => ({
        type: 'RecordFamilyPlan',
        planId,
        kind: p.rng.pick(['whole-family-plan', 'early-help-plan'] as const),
        leadPractitionerId: worker.actor,
        startsOn,
        summary: 'One plan for the family, reviewed every six weeks',
      }),
      p,
    );
  }
  const helped = p.target === 'facilitate-support';
  on = later(p, on, 28, 42);
  for (const supportId of supportIds) {
    const recordedOn = on;
    yield step.pupil(p, on, work(p), worker, () => ({
      type: 'RecordSupportOutcome',
      supportId,
      outcome: helped ? p.rng.pick(['helped', 'partly-helped'] as const) : 'did-not-help',
      familyEngaged: helped || p.rng.chance(0.3),
      recordedOn,
    }));
  }
  if (helped) return yield* recover(p, w, on, 'monitor');

  const firstDecision: PanelDecision =
    p.target === 'enforce' && !p.enforceAfterContract
      ? 'notice-to-improve'
      : p.route === 'supervision-order'
        ? 'education-supervision-order'
        : p.route === 'neglect'
          ? 'education-neglect-referral'
          : 'attendance-contract';
  on = yield* panel(p, w, later(p, on, 3, 10), firstDecision);
  if (firstDecision !== 'notice-to-improve') {
    on = later(p, on, 3, 14);
    if (p.route === 'supervision-order') on = yield* supervisionOrder(p, w, on);
    else if (p.route === 'neglect') on = yield* neglectReferral(p, w, on);
    else on = yield* attendanceContract(p, w, on, !p.enforceAfterContract);
    if (p.target === 'formalise-support') return yield* recover(p, w, on, 'facilitate-support');
    on = yield* panel(p, w, later(p, on, 3, 14), 'notice-to-improve');
  }
  yield* enforcement(p, w, later(p, on, 3, 14));
}

function* registration(p: SimPupil, w: World): Process {
  const f = p.family;
  const by = p.school.worker;
  const on = p.registersOn;
  if (!f.registered) {
    f.registered = true;
    yield step.family(f, on, '08:30', by, () => ({
      type: 'RegisterFamily',
      familyId: f.familyId,
      reference: f.reference,
    }));
    for (const parent of f.parents)
      yield step.family(f, on, '08:30', by, () => ({ type: 'AddParent', ...parent }));
  }
  yield step.pupil(p, on, '08:40', by, () => ({
    type: 'RegisterPupil',
    pupilId: p.pupilId,
    reference: p.reference,
    upn: p.upn,
    dateOfBirth: p.dateOfBirth,
    schoolId: p.school.schoolId,
    schoolType: p.school.schoolType,
    yearGroup: p.yearGroup,
    flags: p.flags,
  }));
  yield step.family(f, on, '08:40', by, () => ({ type: 'LinkPupil', pupilId: p.pupilId }), p);
  yield step.pupil(p, on, '08:40', by, () => ({ type: 'LinkToFamily', familyId: f.familyId }));
  void w;
}

/** A pupil who never causes concern: perhaps a change of school or of circumstances. */
function* quietYear(p: SimPupil, w: World): Process {
  const weeks = w.calendar.schoolWeeks;
  const after = (date: IsoDate) => (date < p.registersOn ? p.registersOn : date);
  if (p.rng.chance(0.03) && w.schools.length > 1) {
    const to = w.schools[(w.schools.indexOf(p.school) + 1) % w.schools.length];
    const changedOn = weekdayOnOrAfter(addDays(after(weeks[Math.floor(weeks.length / 3)]), 1));
    yield step.pupil(p, changedOn, '08:00', to.worker, () => ({
      type: 'ChangeSchool',
      schoolId: to.schoolId,
      schoolType: to.schoolType,
      yearGroup: p.yearGroup,
      changedOn,
    }));
  }
  if (p.rng.chance(0.05)) {
    const on = later(p, after(weeks[Math.floor(weeks.length / 2)]), 2, 60);
    const flags = { fsm: !p.flags.fsm };
    yield step.pupil(p, on, work(p), p.school.worker, () => ({
      type: 'UpdateVulnerabilityFlags',
      flags,
    }));
  }
}

function* conversation(p: SimPupil, w: World, on: IsoDate): Process {
  const conversationId = p.rng.uuid();
  const barriers = p.rng.some<Barrier>(BARRIERS, p.rng.int(1, 3));
  const withWhom = ['pupil', p.family.parents[0].relationship];
  yield step.pupil(p, on, work(p), p.school.worker, () => ({
    type: 'RecordConversation',
    conversationId,
    heldOn: on,
    withWhom,
    barriers,
    barrierNotes: 'Noted with the family',
    pupilVoice: 'Finds mornings hard',
    agreedNextSteps: ['Morning check-in', 'Review in four weeks'],
  }));
  void w;
}

/** Attendance recovers; the case steps down to `to` and is sometimes closed (and rarely reopened). */
function* recover(p: SimPupil, w: World, from: IsoDate, to: Stage): Process {
  let on = later(p, from, 21, 70);
  p.improvedFrom = on;
  const worker = p.school.worker;
  if (p.rng.chance(0.6)) {
    on = later(p, on, 28, 56);
    yield step.pupil(p, on, work(p), worker, () =>
      stageRank(p.state.stage) <= stageRank(to)
        ? null
        : { type: 'StepDown', toStage: to, reason: 'Attendance above 95% for six weeks' },
    );
  }
  if (p.rng.chance(0.45)) {
    on = later(p, on, 14, 56);
    yield step.pupil(p, on, work(p), worker, () =>
      p.state.penaltyNotices.some((n) => n.status === 'issued')
        ? null
        : { type: 'CloseCase', reason: 'improved', explanation: 'Sustained improvement' },
    );
    if (p.rng.chance(0.15)) {
      on = later(p, on, 28, 84);
      p.troubleFrom = on;
      p.improvedFrom = undefined;
      yield step.pupil(p, on, work(p), worker, () =>
        p.state.status === 'closed' ? { type: 'ReopenCase', reason: 'Absence has returned' } : null,
      );
      on = later(p, on, 7, 21);
      yield step.pupil(p, on, work(p), worker, () => ({
        type: 'RaiseConcern',
        concernId: p.rng.uuid(),
        summary: 'Absence has returned since the case closed',
      }));
    }
  }
  void w;
}

/** A referral to the attendance panel and its decision; returns the day of the decision. */
function* panel(p: SimPupil, w: World, on: IsoDate, decision: PanelDecision): Subprocess<IsoDate> {
  const referralId = p.rng.uuid();
  yield step.pupil(p, on, work(p), p.school.worker, () => ({
    type: 'ReferToPanel',
    referralId,
    reason: 'Support has not improved attendance',
  }));
  const decidedOn = later(p, on, 5, 21);
  yield step.pupil(p, decidedOn, work(p), w.chair, () => ({
    type: 'RecordPanelDecision',
    referralId,
    decision,
    rationale: 'Agreed by the panel after hearing from the school and the family',
  }));
  return decidedOn;
}

function* attendanceContract(
  p: SimPupil,
  w: World,
  on: IsoDate,
  kept: boolean,
): Subprocess<IsoDate> {
  const contractId = p.rng.uuid();
  const parentIds = namedParents(p).map((x) => x.parentId);
  const endsOn = addWeeks(on, p.rng.int(10, 14));
  const worker = p.school.worker;
  yield step.pupil(p, on, work(p), worker, () => ({
    type: 'AgreeAttendanceContract',
    contractId,
    parentIds,
    parentCommitments: ['Up and ready by 7:30', 'Call the school by 9:00 on any absence'],
    supportCommitments: ['Bus pass', 'Weekly check-in with the link worker'],
    startsOn: on,
    endsOn,
  }));
  const contract = p.state.contracts.find((k) => k.contractId === contractId);
  const reviewDates = contract?.reviewDates ?? [];
  const endsEarly = kept && p.rng.chance(0.12);
  for (const [i, reviewDate] of reviewDates.entries()) {
    const reviewedOn = weekdayOnOrAfter(reviewDate);
    const outcome = endsEarly ? 'ended-early' : kept || i === 0 ? 'on-track' : 'not-kept';
    yield step.pupil(p, reviewedOn, work(p), worker, () => ({
      type: 'ReviewAttendanceContract',
      contractId,
      reviewedOn,
      outcome,
      notes: outcome === 'not-kept' ? 'Commitments not kept' : 'Going to plan',
    }));
    on = reviewedOn;
    if (endsEarly) return on;
  }
  const endedOn = weekdayOnOrAfter(endsOn) < on ? on : weekdayOnOrAfter(endsOn);
  yield step.pupil(p, endedOn, work(p), worker, () => ({
    type: 'EndAttendanceContract',
    contractId,
    endedOn,
    reason: kept ? 'completed' : 'not-kept',
  }));
  void w;
  return endedOn;
}

function* supervisionOrder(p: SimPupil, w: World, on: IsoDate): Subprocess<IsoDate> {
  const by = officer(p, w);
  const consultedOn = on;
  yield step.pupil(p, on, work(p), by, () => ({
    type: 'RecordSocialCareConsultation',
    consultedOn,
    outcome: 'No objection to an education supervision order',
  }));
  const orderId = p.rng.uuid();
  const appliedOn = later(p, on, 7, 14);
  yield step.pupil(p, appliedOn, work(p), by, () => ({
    type: 'ApplyForSupervisionOrder',
    orderId,
    appliedOn,
  }));
  const courtDate = later(p, appliedOn, 28, 56);
  yield step.pupil(p, courtDate, '10:00', by, () => ({
    type: 'RecordSupervisionOrderGranted',
    orderId,
    courtDate,
    supervisorId: by.actor,
  }));
  on = courtDate;
  for (let i = p.rng.int(1, 2); i > 0; i -= 1) {
    const givenOn = later(p, on, 7, 21);
    yield step.pupil(p, givenOn, work(p), by, () => ({
      type: 'RecordSupervisionDirection',
      orderId,
      direction: 'Attend a meeting at school with the supervisor each fortnight',
      givenOn,
    }));
    on = givenOn;
  }
  if (p.rng.chance(0.3)) {
    const recordedOn = later(p, on, 30, 60);
    yield step.pupil(p, recordedOn, work(p), by, () => ({
      type: 'RecordSupervisionNonCompliance',
      orderId,
      recordedOn,
      details: 'Directions not followed: two meetings missed',
    }));
    on = recordedOn;
  }
  if (p.rng.chance(0.15)) {
    const dischargedOn = later(p, on, 30, 90);
    yield step.pupil(p, dischargedOn, work(p), by, () => ({
      type: 'RecordSupervisionOrderDischarged',
      orderId,
      dischargedOn,
      applicant: 'local-authority',
    }));
    return dischargedOn;
  }
  const order = () => p.state.supervisionOrders.find((o) => o.orderId === orderId);
  let expiresOn = order()?.expiresOn as IsoDate;
  if (p.rng.chance(0.5)) {
    // An extension is applied for in the order's last three months and granted before it expires.
    const appliedOn = weekdayOnOrAfter(addDays(addMonths(expiresOn, -3), p.rng.int(1, 40)));
    yield step.pupil(p, appliedOn, work(p), by, () => ({
      type: 'ApplyForSupervisionOrderExtension',
      orderId,
      appliedOn,
      extensionYears: 1,
    }));
    const grantedOn = later(p, appliedOn, 14, 21);
    yield step.pupil(p, grantedOn, '10:00', by, () => ({
      type: 'RecordSupervisionOrderExtended',
      orderId,
      grantedOn,
    }));
    expiresOn = order()?.expiresOn as IsoDate;
  }
  const endedOn = weekdayOnOrAfter(addDays(expiresOn, 1));
  yield step.pupil(p, endedOn, '07:00', w.registerImport, () => ({
    type: 'EndSupervisionOrder',
    orderId,
    endedOn,
    reason: 'expired',
  }));
  return endedOn;
}

function* neglectReferral(p: SimPupil, w: World, on: IsoDate): Subprocess<IsoDate> {
  const referralId = p.rng.uuid();
  const route = p.rng.pick(['s17', 's17', 's47'] as const);
  yield step.pupil(p, on, work(p), officer(p, w), () => ({
    type: 'ReferForEducationNeglect',
    referralId,
    route,
    reason: 'Parents not ensuring attendance despite support',
  }));
  return on;
}

/** Notices to improve for one or both parents; if they do not improve, penalty notices follow. */
function* enforcement(p: SimPupil, w: World, on: IsoDate): Process {
  const by = officer(p, w);
  const parents = namedParents(p);
  const weeks = p.rng.int(3, 6);
  const notices = parents.map((parent) => ({ noticeId: p.rng.uuid(), parent }));
  for (const { noticeId, parent } of notices)
    yield step.pupil(p, on, work(p), by, () => ({
      type: 'IssueNoticeToImprove',
      noticeId,
      parentId: parent.parentId,
      issuedOn: on,
      improvementWeeks: weeks,
      sufficientImprovement: 'No unauthorised absence during the improvement period',
    }));
  const improved = p.rng.chance(0.15);
  const recordedOn = later(p, addWeeks(on, weeks), 0, 4);
  for (const { noticeId } of notices)
    yield step.pupil(p, recordedOn, work(p), by, () => ({
      type: 'RecordNoticeToImproveOutcome',
      noticeId,
      outcome: improved ? 'improved' : 'not-improved',
      recordedOn,
    }));
  if (improved) return yield* recover(p, w, recordedOn, 'facilitate-support');

  on = later(p, recordedOn, 3, 10);
  const first = yield* penaltyNotices(p, w, on, parents, () =>
    offenceBefore(p, w, on, p.troubleFrom as IsoDate),
  );
  on = first.settledOn;
  if (p.rng.chance(0.3)) {
    // A second offence, after the first: a second notice (£160, no reduced rate).
    const from = addDays(first.offence.to, 3);
    const second = w.calendar.schoolWeekFrom(from);
    const ready = second === undefined ? undefined : w.calendar.schoolWeeks[second + 9];
    if (ready !== undefined) {
      const issueOn = later(p, addDays(ready, 7) > on ? addDays(ready, 7) : on, 0, 7);
      const again = yield* penaltyNotices(p, w, issueOn, parents, () =>
        offenceBefore(p, w, issueOn, from),
      );
      on = again.settledOn;
    }
  }
  yield* recover(p, w, on, 'facilitate-support');
}

/** The last ten school weeks registered before `on`, starting no earlier than `notBefore`. */
function offenceBefore(p: SimPupil, w: World, on: IsoDate, notBefore: IsoDate): OffencePeriod {
  const done = w.calendar.schoolWeeks.slice(0, w.calendar.weeksCompletedBefore(on));
  const weeks = done.filter((m) => m >= notBefore).slice(-10);
  if (weeks.length < 5)
    throw new Error(`History generator: pupil ${p.index} has too few troubled weeks before ${on}.`);
  return { from: weeks[0], to: addDays(weeks[weeks.length - 1], 4) };
}

/**
 * Penalty notices to the named parents for one offence, and what became of each: paid at the
 * reduced or full rate, withdrawn, or unpaid and prosecuted. Returns when all are settled.
 */
function* penaltyNotices(
  p: SimPupil,
  w: World,
  on: IsoDate,
  parents: SimParent[],
  offenceOf: () => OffencePeriod,
): Subprocess<{ offence: OffencePeriod; settledOn: IsoDate }> {
  const by = officer(p, w);
  let offence: OffencePeriod | undefined;
  const noticeIds = parents.map(() => p.rng.uuid());
  for (const [i, parent] of parents.entries())
    yield step.pupil(p, on, work(p), by, () => {
      offence ??= offenceOf();
      return {
        type: 'IssuePenaltyNotice',
        noticeId: noticeIds[i],
        parentId: parent.parentId,
        issuedOn: on,
        offencePeriod: offence,
        issuedBy: 'authorised-la-officer',
      };
    });
  const issued = noticeIds
    .map((id) => p.state.penaltyNotices.find((n) => n.noticeId === id))
    .filter((n) => n !== undefined);
  type Settlement = { on: IsoDate; ends: IsoDate; run: () => Process };
  const settlements: Settlement[] = [];
  const unpaid: typeof issued = [];
  for (const notice of issued) {
    const fate = p.rng.next();
    const paidOn =
      fate < 0.45
        ? later(p, notice.issuedOn, 1, 18)
        : fate < 0.6
          ? later(p, notice.issuedOn, 22, 27)
          : undefined;
    const amount = paidOn && amountDue(notice, paidOn);
    if (paidOn && amount) {
      settlements.push({
        on: paidOn,
        ends: paidOn,
        run: function* () {
          yield step.pupil(p, paidOn, work(p), by, () => ({
            type: 'RecordPenaltyNoticePayment',
            noticeId: notice.noticeId,
            paidOn,
            amount,
          }));
        },
      });
    } else if (fate < 0.7) {
      const withdrawnOn = later(p, notice.issuedOn, 3, 20);
      const ground = p.rng.pick(WITHDRAWAL_GROUNDS);
      settlements.push({
        on: withdrawnOn,
        ends: withdrawnOn,
        run: function* () {
          yield step.pupil(p, withdrawnOn, work(p), by, () => ({
            type: 'WithdrawPenaltyNotice',
            noticeId: notice.noticeId,
            withdrawnOn,
            ground,
            explanation: 'Withdrawn on review of the evidence',
          }));
        },
      });
    } else unpaid.push(notice);
  }
  if (unpaid.length) {
    const paymentEnds = unpaid.map((n) => n.paymentEnds).sort()[unpaid.length - 1];
    const deadline = prosecutionDeadline(unpaid[0].offencePeriod.to);
    let laidOn = later(p, paymentEnds, 7, 21);
    if (laidOn > deadline) laidOn = deadline;
    const prosecutionId = p.rng.uuid();
    const parentIds = unpaid.map((n) => n.parentId);
    const outcomeOn = later(p, laidOn, 42, 70);
    const draw = p.rng.next();
    const outcome = draw < 0.6 ? 'convicted' : draw < 0.75 ? 'acquitted' : 'withdrawn';
    const parentingOrder = outcome === 'convicted' && p.rng.chance(0.3);
    settlements.push({
      on: laidOn,
      ends: outcomeOn,
      run: function* () {
        yield step.pupil(p, laidOn, work(p), by, () => ({
          type: 'StartProsecution',
          prosecutionId,
          section: p.rng.chance(0.8) ? 's444(1)' : 's444(1A)',
          parentIds,
          offencePeriod: unpaid[0].offencePeriod,
          laidOn,
          esoNotAppliedForReason:
            p.state.supervisionOrders.length > 0
              ? undefined
              : 'Social care advised an order would not help this family',
        }));
        yield step.pupil(p, outcomeOn, '14:00', by, () => ({
          type: 'RecordProsecutionOutcome',
          prosecutionId,
          outcome,
          recordedOn: outcomeOn,
          sentence: outcome === 'convicted' ? 'Fine and costs' : undefined,
          parentingOrder,
        }));
      },
    });
  }
  settlements.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let settledOn = on;
  for (const s of settlements) {
    yield* s.run();
    settledOn = maxDate(settledOn, s.ends);
  }
  return { offence: offence ?? offenceOf(), settledOn };
}

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/**
 * A term-time holiday: two school weeks of G codes, support recorded as not appropriate for that
 * offence, then penalty notices without a notice to improve (WTISA 2024 ch. 6).
 */
function* holidayEnforcement(p: SimPupil, w: World): Process {
  const weeks = w.calendar.schoolWeeks;
  const first = Math.max(
    0,
    weeks.findIndex((m) => m >= p.registersOn),
  );
  const h = Math.min(weeks.length - 3, first + p.rng.int(2, Math.max(2, weeks.length - 6)));
  if (h < first + 1) return;
  p.holidayWeeks = new Set([weeks[h], weeks[h + 1]]);
  const offence = { from: weeks[h], to: addDays(weeks[h + 1], 4) };
  let on = later(p, weeks[h + 2], 0, 7);
  yield step.pupil(p, on, work(p), officer(p, w), () => ({
    type: 'RecordSupportNotAppropriate',
    reason: 'term-time-holiday',
    explanation: 'Two weeks abroad in term time, leave refused by the school',
    offencePeriod: offence,
  }));
  on = later(p, on, 3, 14);
  const settled = yield* penaltyNotices(p, w, on, namedParents(p), () => offence);
  if (p.rng.chance(0.5)) {
    const stepOn = later(p, settled.settledOn, 7, 28);
    yield step.pupil(p, stepOn, work(p), p.school.worker, () => ({
      type: 'StepDown',
      toStage: 'expect',
      reason: 'A single holiday; attendance otherwise good',
    }));
  }
}
