import {
  evolve,
  FamilyEvent,
  initialState,
  MeetingEvent,
  NO_FLAGS,
  PupilEvent,
  summarisePupilJourney,
} from '@app/domain';
import {
  caseClosed,
  DAD,
  esoApplied,
  esoGranted,
  FAMILY,
  linked,
  MUM,
  ntiIssued,
  penaltyNoticeIssued,
  PUPIL,
  readyForPenaltyNotice,
  referredToPanel,
  registered,
  registeredWith,
  registerWeeks,
} from '@app/domain/testing/journey-fixtures';
import { givenEvents } from '../../testing/given-events';
import { CASEWORK_PROJECTIONS } from './views';
import {
  caseload,
  cohortPupils,
  contracts,
  eligibility,
  panelQueue,
  statistics,
  supervisionOrders,
} from './documents';

const V = 'national-2024';
const given = givenEvents(CASEWORK_PROJECTIONS, `pupil-${PUPIL}`);

const familyEvents: { stream: string; event: FamilyEvent }[] = [
  {
    stream: `family-${FAMILY}`,
    event: {
      type: 'FamilyRegistered',
      data: { familyId: FAMILY, reference: 'F-1', registeredOn: '2024-09-02' },
    },
  },
  ...[MUM, DAD].map((parentId) => ({
    stream: `family-${FAMILY}`,
    event: {
      type: 'ParentAdded' as const,
      data: {
        parentId,
        reference: parentId === MUM ? 'M' : 'D',
        relationship: parentId === MUM ? 'mother' : 'father',
        hasParentalResponsibility: true,
        hasDayToDayCare: parentId === MUM,
        addedOn: '2024-09-02',
      },
    },
  })),
  {
    stream: `family-${FAMILY}`,
    event: { type: 'PupilLinked', data: { pupilId: PUPIL, linkedOn: '2024-09-02' } },
  },
];

const referred = referredToPanel();
const contract: PupilEvent = {
  type: 'AttendanceContractAgreed',
  data: {
    contractId: 'contract-1',
    parentIds: [MUM],
    parentCommitments: ['Morning routine'],
    supportCommitments: ['Breakfast club'],
    startsOn: '2025-03-17',
    endsOn: '2025-06-20',
    reviewDates: ['2025-04-14', '2025-05-12'],
    ruleSetVersion: V,
  },
};
const correction = (date: string, code: 'O' | '/' | 'I'): PupilEvent => ({
  type: 'AttendanceMarkCorrected',
  data: {
    schoolId: 'school-a',
    date,
    session: 'AM',
    code,
    previousCode: 'O',
    reason: 'Register corrected',
    receivedAt: '2025-04-01T09:00:00.000Z',
  },
});

describe('the casework read models', () => {
  describe('caseload', () => {
    it('given a registered pupil with no marks, shows the pupil at "expect" with nothing due', async () => {
      const rm = await given([registered]);
      expect(await rm.get(caseload, PUPIL)).toMatchObject({
        reference: 'P-0001',
        stage: 'expect',
        schoolId: 'school-a',
        asOf: null,
        attendance: { term: null, year: null },
        persistentAbsence: false,
        nextAction: null,
        facets: expect.arrayContaining(['all', 'school:school-a', 'all|stage:expect']),
      });
    });

    it('given ten weeks with one unauthorised session each, shows 90%, persistent absence and the threshold met', async () => {
      const rm = await given([registered, ...registerWeeks(1)]);
      const row = await rm.get(caseload, PUPIL);
      expect(row).toMatchObject({
        asOf: '2025-03-14',
        attendance: {
          term: { label: 'spring 2024/25', possible: 100, attended: 90, rate: 0.9 },
          year: { label: '2024/25', possible: 100, attended: 90, unauthorisedAbsence: 10 },
        },
        persistentAbsence: true,
        severeAbsence: false,
        thresholdMet: true,
      });
      expect(row?.facets).toEqual(
        expect.arrayContaining(['school:school-a|flag:persistent', 'all|flag:threshold']),
      );
    });

    it('given the threshold met last spring and full attendance since, it is no longer met in the new year', async () => {
      const rm = await given([
        registered,
        ...registerWeeks(1),
        ...(registerWeeks(0, 20, '2025-09-01').map((e) => ({
          ...e,
          data: { ...(e.data as object), receivedAt: '2026-01-20T16:00:00.000Z' },
        })) as PupilEvent[]),
      ]);
      const row = await rm.get(caseload, PUPIL);
      expect(row).toMatchObject({
        asOf: '2026-01-16',
        thresholdMet: false,
        persistentAbsence: false,
        attendance: { year: { label: '2025/26', possible: 200, attended: 200 } },
      });
      expect(await rm.get(eligibility, PUPIL)).toBeUndefined();
      // Last year's figures stay in last year's statistics.
      expect((await rm.get(statistics, 'year|2024/25|*'))?.counters).toMatchObject({
        possible: 100,
        attended: 90,
        persistent: 1,
      });
      expect((await rm.get(statistics, 'year|2025/26|*'))?.counters).toMatchObject({
        possible: 200,
        attended: 200,
      });
    });

    it('given a late correction that authorises a session, the rate and flags follow the corrected register', async () => {
      const rm = await given([registered, ...registerWeeks(1), correction('2025-01-06', 'I')]);
      const row = await rm.get(caseload, PUPIL);
      expect(row?.attendance.year).toMatchObject({ attended: 90, unauthorisedAbsence: 9 });
      expect(row?.thresholdMet).toBe(false);
    });

    it('given concerns raised, shows the latest three newest first with the rule that raised them', async () => {
      const concern = (n: number, rule?: string): PupilEvent =>
        ({
          type: 'ConcernRaised',
          data: {
            concernId: `c-${n}`,
            summary: `Concern ${n}`,
            raisedOn: `2025-02-0${n}`,
            raisedBy: rule ? 'rule' : 'person',
            rule: rule ? { name: rule, figures: { rate: 0.85 } } : null,
          },
        }) as PupilEvent;
      const rm = await given([
        registered,
        concern(1),
        concern(2),
        concern(3),
        concern(4, 'below-attendance-level'),
      ]);
      expect(
        (await rm.get(caseload, PUPIL))?.recentConcerns.map((c) => [c.concernId, c.rule]),
      ).toEqual([
        ['c-4', 'below-attendance-level'],
        ['c-3', null],
        ['c-2', null],
      ]);
      expect((await rm.get(caseload, PUPIL))?.openItems.concerns).toBe(4);
    });

    it('given a contract and a referral, the earliest action is next and sorts the case first', async () => {
      const rm = await given([registered, ...registerWeeks(1), referred, contract]);
      const row = await rm.get(caseload, PUPIL);
      expect(row?.nextAction).toEqual({ kind: 'panel-decision', due: '2025-03-17', ref: 'ref-1' });
      expect(row?.attention.startsWith('2025-03-17|1|')).toBe(true);
      expect(row?.openItems).toMatchObject({ contracts: 1, panelReferral: true });
    });

    it('given the case closed, leaves every open caseload and shows under closed', async () => {
      const closed = caseClosed();
      const rm = await given([registered, referred, closed]);
      expect((await rm.get(caseload, PUPIL))?.facets).toEqual(['closed', 'closed|school:school-a']);
      expect(await rm.all(panelQueue)).toEqual([]);
    });
  });

  describe('targeting support meeting actions', () => {
    const meeting = 'tsm-school-a-spring-2024-25';
    const agreed: { stream: string; event: MeetingEvent } = {
      stream: meeting,
      event: {
        type: 'TargetingSupportActionAgreed',
        data: {
          actionId: 'action-1',
          pupilId: PUPIL,
          action: 'Meet mother with the school nurse',
          owner: 'worker-1',
          dueOn: '2025-02-14',
          agreedOn: '2025-02-03',
        },
      },
    };

    it('given an action agreed for the pupil, it is their next action', async () => {
      const rm = await given([registered, agreed]);
      expect((await rm.get(caseload, PUPIL))?.nextAction).toEqual({
        kind: 'targeting-support-action',
        due: '2025-02-14',
        ref: 'action-1',
      });
    });

    it('given the action completed, it is no longer due, and later journey events keep it so', async () => {
      const completed = {
        stream: meeting,
        event: {
          type: 'TargetingSupportActionCompleted' as const,
          data: { actionId: 'action-1', completedOn: '2025-02-10', outcome: 'Met' },
        },
      };
      const rm = await given([registered, agreed, completed, ...registerWeeks(0, 1)]);
      expect((await rm.get(caseload, PUPIL))?.nextAction).toBeNull();
    });

    it('given an action for a pupil the read models do not know, changes nothing', async () => {
      const rm = await given([agreed]);
      expect(await rm.all(caseload)).toEqual([]);
    });
  });

  describe('attendance contracts', () => {
    it('given a contract agreed, lists it active with its first review next', async () => {
      const rm = await given([registered, contract]);
      expect(await rm.get(contracts, 'contract-1')).toMatchObject({
        pupilId: PUPIL,
        status: 'active',
        nextReviewOn: '2025-04-14',
        facets: expect.arrayContaining(['all|status:active', 'school:school-a|status:active']),
      });
    });

    it('given a review where it was not kept, lists it not kept with the next review', async () => {
      const review: PupilEvent = {
        type: 'AttendanceContractReviewed',
        data: {
          contractId: 'contract-1',
          reviewedOn: '2025-04-14',
          outcome: 'not-kept',
          notes: 'Absent again',
          ruleSetVersion: V,
        },
      };
      const rm = await given([registered, contract, review]);
      expect(await rm.get(contracts, 'contract-1')).toMatchObject({
        status: 'not-kept',
        lastReviewOn: '2025-04-14',
        nextReviewOn: '2025-05-12',
      });
    });
  });

  describe('education supervision orders', () => {
    const [applied, granted] = [esoApplied, esoGranted];

    it('given an application, lists it applied with no expiry yet', async () => {
      const rm = await given([registered, applied]);
      expect(await rm.get(supervisionOrders, 'eso-1')).toMatchObject({
        status: 'applied',
        expiresOn: null,
        grantedOn: null,
      });
    });

    it('given the order made, shows its supervisor, expiry and when the extension window opens', async () => {
      const rm = await given([registered, applied, granted]);
      expect(await rm.get(supervisionOrders, 'eso-1')).toMatchObject({
        status: 'in-force',
        grantedOn: '2025-03-03',
        supervisorId: 'ao-1',
        expiresOn: '2026-03-02',
        extensionWindowOpens: '2025-12-02',
        compulsorySchoolAgeEnds: '2028-06-30',
        endsWithCompulsorySchoolAge: false,
        facets: expect.arrayContaining(['supervisor:ao-1|status:in-force']),
      });
    });

    it('given non-compliance recorded, counts it', async () => {
      const nc: PupilEvent = {
        type: 'SupervisionOrderNonComplianceRecorded',
        data: { orderId: 'eso-1', recordedOn: '2025-04-01', details: 'Missed meetings' },
      };
      const rm = await given([registered, applied, granted, nc, nc]);
      expect((await rm.get(supervisionOrders, 'eso-1'))?.nonCompliance).toBe(2);
    });
  });

  describe('penalty-notice eligibility', () => {
    it('given the threshold not met, the pupil is not listed', async () => {
      const rm = await given([registered, ...registerWeeks(0)]);
      expect(await rm.get(eligibility, PUPIL)).toBeUndefined();
    });

    it('given the case closed after the threshold was met, the pupil is no longer listed', async () => {
      const rm = await given([registered, ...registerWeeks(1), ...familyEvents, caseClosed()]);
      expect(await rm.all(eligibility)).toEqual([]);
    });

    it('given the threshold met and a family with two parents, lists each parent with their notices', async () => {
      const rm = await given([
        ...familyEvents,
        ...readyForPenaltyNotice,
        penaltyNoticeIssued('pn-1', MUM, '2025-05-06', 1),
      ]);
      const row = await rm.get(eligibility, PUPIL);
      expect(row).toMatchObject({
        threshold: { met: true, count: 10, firstSchoolWeek: '2025-01-06' },
        familyLinked: true,
        supportTried: 1,
      });
      expect(row?.parents.map((p) => [p.parentId, p.reference, p.history.length])).toEqual([
        [DAD, 'D', 0],
        [MUM, 'M', 1],
      ]);
      expect(row?.parents[1].noticeToImprove).toMatchObject({ outcome: 'not-improved' });
    });

    it('given the family registered after the pupil reached the threshold, the parents appear', async () => {
      const rm = await given([registered, linked, ...registerWeeks(1), ...familyEvents]);
      expect((await rm.get(eligibility, PUPIL))?.parents.map((p) => p.parentId)).toEqual([
        DAD,
        MUM,
      ]);
    });

    it('given a notice to improve running, shows its period for that parent', async () => {
      const rm = await given([registered, linked, ...registerWeeks(1), ntiIssued(DAD)]);
      expect((await rm.get(eligibility, PUPIL))?.parents).toEqual([
        expect.objectContaining({
          parentId: DAD,
          noticeToImprove: expect.objectContaining({ periodEndsOn: '2025-04-28', outcome: null }),
        }),
      ]);
    });
  });

  describe('panel queue', () => {
    it('given a referral, queues it with a priority and its reasons', async () => {
      const rm = await given([
        registeredWith({ flags: { childProtectionPlan: true } } as never),
        ...registerWeeks(6),
        referred,
      ]);
      const row = await rm.get(panelQueue, 'ref-1');
      expect(row).toMatchObject({
        pupilId: PUPIL,
        reason: 'Stuck despite support',
        severeAbsence: true,
      });
      expect(row?.reasons).toEqual(
        expect.arrayContaining(['severe absence (+40)', 'child protection plan (+25)']),
      );
      expect(row?.priority).toBeGreaterThanOrEqual(65);
    });

    it('given the panel decided, the referral leaves the queue', async () => {
      const decided: PupilEvent = {
        type: 'PanelDecisionRecorded',
        data: {
          referralId: 'ref-1',
          decision: 'continue-support',
          rationale: 'Keep going',
          decidedOn: '2025-03-24',
          ruleSetVersion: V,
        },
      } as PupilEvent;
      const rm = await given([registered, referred, decided]);
      expect(await rm.get(panelQueue, 'ref-1')).toBeUndefined();
    });
  });

  describe('cohort oversight', () => {
    const suspended: PupilEvent = {
      type: 'AttendanceMarksRecorded',
      data: {
        schoolId: 'school-a',
        from: '2025-03-17',
        to: '2025-03-17',
        marks: [
          { date: '2025-03-17', session: 'AM', code: 'E' },
          { date: '2025-03-17', session: 'PM', code: 'E' },
          { date: '2025-03-18', session: 'AM', code: 'C2' },
        ],
        receivedAt: '2025-03-18T16:00:00.000Z',
      },
    };

    it('given a looked-after child, tracks suspensions and part-time sessions for the year', async () => {
      const rm = await given([
        registeredWith({ flags: { lookedAfter: true, fsm: true } } as never),
        ...registerWeeks(0),
        suspended,
      ]);
      expect(await rm.get(cohortPupils, PUPIL)).toMatchObject({
        cohorts: ['looked-after', 'fsm'],
        suspensionSessions: 2,
        partTimeSessions: 1,
      });
      expect((await rm.get(statistics, 'cohort|looked-after|2024/25|*'))?.counters).toEqual({
        pupils: 1,
        possible: 103,
        attended: 100,
        suspensionSessions: 2,
        pupilsSuspended: 1,
        partTimeSessions: 1,
        pupilsPartTime: 1,
      });
    });

    it('given the cohort flag cleared, the pupil leaves the tracker', async () => {
      const rm = await given([
        registeredWith({ flags: { lookedAfter: true } } as never),
        ...registerWeeks(0),
        {
          type: 'VulnerabilityFlagsUpdated',
          data: { flags: NO_FLAGS, updatedOn: '2025-03-20' },
        },
      ]);
      expect(await rm.all(cohortPupils)).toEqual([]);
    });

    it('given no cohort flag, the pupil is not in the tracker', async () => {
      const rm = await given([registered, ...registerWeeks(0)]);
      expect(await rm.all(cohortPupils)).toEqual([]);
    });
  });

  describe('the attendance trend', () => {
    it('is the one the journey shows, as of the latest register, however long ago that was', async () => {
      for (const events of [
        [registered, ...registerWeeks(0, 8, '2025-01-06')],
        [registered, ...registerWeeks(0, 4, '2025-01-06'), ...registerWeeks(3, 4, '2025-02-03')],
        [registered, ...registerWeeks(3, 4, '2025-01-06'), ...registerWeeks(0, 4, '2025-02-03')],
        [registered, ...registerWeeks(0, 2, '2025-01-06')],
      ]) {
        const rm = await given(events);
        const journey = summarisePupilJourney(events.reduce(evolve, initialState()), '2025-06-30');
        expect((await rm.get(caseload, PUPIL))?.trend).toBe(journey.attendance.trend.direction);
      }
      const steady = await given([registered, ...registerWeeks(0, 8, '2025-01-06')]);
      expect((await steady.get(caseload, PUPIL))?.trend).toBe('steady');
    });
  });

  describe('statistics', () => {
    it('given a pupil in persistent absence with a notice, counts them by stage, flag, school and year', async () => {
      const rm = await given([
        ...readyForPenaltyNotice,
        penaltyNoticeIssued('pn-1', MUM, '2025-05-06', 1),
      ]);
      expect((await rm.get(statistics, 'current|school-a'))?.counters).toMatchObject({
        open: 1,
        'stage:enforce': 1,
        'flag:persistent': 1,
        'flag:threshold': 1,
      });
      expect((await rm.get(statistics, 'year|2024/25|*'))?.counters).toMatchObject({
        pupils: 1,
        possible: 100,
        attended: 90,
        persistent: 1,
        noticesIssued: 1,
        noticesToImprove: 1,
      });
    });

    const atSchool = (schoolId: string, events: PupilEvent[]): PupilEvent[] =>
      events.map((e) => ({ ...e, data: { ...e.data, schoolId } }) as PupilEvent);
    const movedTo = (schoolId: string, changedOn: string): PupilEvent => ({
      type: 'SchoolChanged',
      data: { schoolId, schoolType: 'academy', yearGroup: 8, changedOn },
    });

    it('given a pupil who moved school twice in a year, counts them once in the LA and once at each school', async () => {
      const rm = await given([
        registered,
        ...registerWeeks(1, 4, '2025-01-06'),
        movedTo('school-b', '2025-02-03'),
        ...atSchool('school-b', registerWeeks(0, 4, '2025-02-03')),
        movedTo('school-c', '2025-03-03'),
        ...atSchool('school-c', registerWeeks(0, 4, '2025-03-03')),
      ]);
      for (const school of ['school-a', 'school-b', 'school-c'])
        expect([
          school,
          (await rm.get(statistics, `year|2024/25|${school}`))?.counters.pupils,
        ]).toEqual([school, 1]);
      const la = (await rm.get(statistics, 'year|2024/25|*'))?.counters;
      expect(la).toMatchObject({ pupils: 1, possible: 120, attended: 116 });
      // 4 of 40 sessions missed at school-a is persistent absence there; 4 of 120 in the year is not.
      expect((await rm.get(statistics, 'year|2024/25|school-a'))?.counters.persistent).toBe(1);
      expect(la?.persistent).toBeUndefined();
    });

    it("counts open cases by attendance trend, per school and in each lead practitioner's caseload", async () => {
      const rm = await given([
        registered,
        {
          type: 'LeadPractitionerAssigned',
          data: { practitionerId: 'w-1', assignedOn: '2025-01-06' },
        },
        ...registerWeeks(0, 8, '2025-01-06'),
      ]);
      expect((await rm.get(statistics, 'current|school-a'))?.counters['trend:steady']).toBe(1);
      expect((await rm.get(statistics, 'current-worker|w-1'))?.counters).toEqual({
        open: 1,
        'stage:expect': 1,
        'trend:steady': 1,
      });
    });

    it('given the case closed, it no longer counts as open, but its year figures stay', async () => {
      const closed = caseClosed();
      const rm = await given([registered, ...registerWeeks(1), closed]);
      expect(await rm.get(statistics, 'current|school-a')).toBeUndefined();
      expect((await rm.get(statistics, 'year|2024/25|school-a'))?.counters.persistent).toBe(1);
    });
  });
});
