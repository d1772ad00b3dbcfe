/**
 * One family through all six stages over HTTP on the embedded default: two pupils, two parents,
 * marks over the threshold, a conversation, support not engaged with, a panel decision, a contract
 * and its review, notices to improve, penalty notices to both parents (one paid, one withdrawn),
 * a supervision order with an extension, a step down and a closure.
 */
import request from 'supertest';
import { parentBody } from './support/families';
import { mondays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const week = (monday: string, unauthorised: number) => weekOfMarks(monday, { unauthorised });

describe('a family through all six stages', () => {
  let t: TestApp;
  let officer: string;
  let worker: string;
  let chair: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    chair = await t.token('panel-chair', 'chair-1');
    auditor = await t.token('auditor', 'auditor-1');
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: object, status = 200) =>
    request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .expect((r) => {
        if (r.status !== status)
          throw new Error(`${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
      });
  const journey = async (pupilId: string) =>
    (
      await request(t.http)
        .get(`/pupils/${pupilId}`)
        .set('Authorization', `Bearer ${auditor}`)
        .expect(200)
    ).body;

  it('walks expect, monitor, listen, support, formalise and enforce, then steps down and closes', async () => {
    // Expect: a family, two parents, two pupils.
    const { familyId } = (await post(worker, '/families', { reference: 'F-1' }, 201)).body;
    const mum = (
      await post(worker, `/families/${familyId}/parents`, parentBody('M', 'mother', true), 201)
    ).body.parentId;
    const dad = (
      await post(worker, `/families/${familyId}/parents`, parentBody('D', 'father', false), 201)
    ).body.parentId;
    const pupils: string[] = [];
    for (const reference of ['P-1', 'P-2']) {
      const { pupilId } = (
        await post(
          worker,
          '/pupils',
          {
            reference,
            dateOfBirth: '2012-05-10',
            schoolId: 'school-a',
            schoolType: 'academy',
            yearGroup: 8,
          },
          201,
        )
      ).body;
      await post(worker, `/families/${familyId}/pupils`, { pupilId });
      pupils.push(pupilId);
    }
    const [sam] = pupils;
    expect((await journey(sam)).stage).toBe('expect');

    // Monitor: ten weeks of registers with one unauthorised session each, then a concern.
    for (const monday of mondays('2025-01-06', 10))
      await post(worker, `/pupils/${sam}/marks`, week(monday, 1));
    await post(
      worker,
      `/pupils/${sam}/concerns`,
      { summary: 'Ten unauthorised sessions this term' },
      201,
    );
    const monitored = await journey(sam);
    expect(monitored).toMatchObject({ stage: 'monitor', threshold: { met: true, count: 10 } });
    expect(monitored.attendance.overall).toMatchObject({
      possible: 100,
      attended: 90,
      persistentAbsence: true,
    });

    // Listen and understand; facilitate support that is not engaged with.
    await post(
      worker,
      `/pupils/${sam}/conversations`,
      {
        heldOn: '2025-01-20',
        withWhom: ['pupil', 'mother'],
        barriers: ['anxiety'],
        agreedNextSteps: ['Morning check-in'],
      },
      201,
    );
    const { supportId } = (
      await post(
        worker,
        `/pupils/${sam}/support-actions`,
        {
          kind: 'early-help-assessment',
          description: 'Early help assessment',
          startedOn: '2025-01-27',
        },
        201,
      )
    ).body;
    await post(worker, `/pupils/${sam}/support-actions/${supportId}/outcome`, {
      outcome: 'did-not-help',
      familyEngaged: false,
      recordedOn: '2025-02-24',
    });
    expect((await journey(sam)).stage).toBe('facilitate-support');

    // The panel decides on a contract.
    const { referralId } = (
      await post(
        worker,
        `/pupils/${sam}/panel-referrals`,
        { reason: 'Support not engaged with' },
        201,
      )
    ).body;
    await post(chair, `/pupils/${sam}/panel-referrals/${referralId}/decision`, {
      decision: 'attendance-contract',
      rationale: 'Parents willing to commit',
    });

    // Formalise: an attendance contract with both parents, reviewed as not kept.
    const { contractId } = (
      await post(
        worker,
        `/pupils/${sam}/attendance-contracts`,
        {
          parentIds: [mum, dad],
          parentCommitments: ['Up by 7:30'],
          supportCommitments: ['Bus pass'],
          startsOn: '2025-03-03',
          endsOn: '2025-05-30',
        },
        201,
      )
    ).body;
    await post(worker, `/pupils/${sam}/attendance-contracts/${contractId}/reviews`, {
      reviewedOn: '2025-04-14',
      outcome: 'not-kept',
    });
    expect((await journey(sam)).openItems.activeContracts).toEqual([
      expect.objectContaining({ contractId, notKept: true }),
    ]);

    // Enforce: notices to improve for both parents, then penalty notices with the right amounts.
    for (const parentId of [mum, dad]) {
      const { noticeId } = (
        await post(
          officer,
          `/pupils/${sam}/notices-to-improve`,
          { parentId, issuedOn: '2025-03-17', sufficientImprovement: 'No unauthorised absence' },
          201,
        )
      ).body;
      await post(officer, `/pupils/${sam}/notices-to-improve/${noticeId}/outcome`, {
        outcome: 'not-improved',
        recordedOn: '2025-04-28',
      });
    }
    const offencePeriod = { from: '2025-01-06', to: '2025-03-14' };
    const mumsNotice = (
      await post(
        officer,
        `/pupils/${sam}/penalty-notices`,
        { parentId: mum, issuedOn: '2025-05-01', offencePeriod, issuedBy: 'authorised-la-officer' },
        201,
      )
    ).body.noticeId;
    const dadsNotice = (
      await post(
        officer,
        `/pupils/${sam}/penalty-notices`,
        { parentId: dad, issuedOn: '2025-05-01', offencePeriod, issuedBy: 'authorised-la-officer' },
        201,
      )
    ).body.noticeId;
    const enforced = await journey(sam);
    expect(enforced.stage).toBe('enforce');
    expect(enforced.openItems.unpaidPenaltyNotices).toEqual([
      {
        noticeId: mumsNotice,
        parentId: mum,
        // Posted Thursday 1 May 2025; Monday 5 May is the early May bank holiday, so the second
        // working day after posting is Tuesday 6 May, day 1 of the 21 and the 28 days.
        receivedOn: '2025-05-06',
        reducedRateEnds: '2025-05-26',
        paymentEnds: '2025-06-02',
      },
      {
        noticeId: dadsNotice,
        parentId: dad,
        receivedOn: '2025-05-06',
        reducedRateEnds: '2025-05-26',
        paymentEnds: '2025-06-02',
      },
    ]);
    // Mum pays £80 within 21 days; Dad does not pay, and the notice is withdrawn (issued to the wrong person).
    const wrongAmount = await request(t.http)
      .post(`/pupils/${sam}/penalty-notices/${mumsNotice}/payments`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ paidOn: '2025-05-20', amount: 160 })
      .expect(422);
    expect(wrongAmount.body.detail).toBe('£80 is due for payment on 2025-05-20, not £160.');
    await post(officer, `/pupils/${sam}/penalty-notices/${mumsNotice}/payments`, {
      paidOn: '2025-05-20',
      amount: 80,
    });
    await post(officer, `/pupils/${sam}/penalty-notices/${dadsNotice}/withdrawal`, {
      withdrawnOn: '2025-06-05',
      ground: 'issued-to-wrong-person',
      explanation: 'Father does not live with the pupil',
    });
    expect((await journey(sam)).openItems.unpaidPenaltyNotices).toEqual([]);

    // A supervision order made on 1 July 2025 is in force to 30 June 2026; an extension is applied
    // for in its last 3 months (from 30 March) and runs a year on, to 30 June 2027.
    await post(officer, `/pupils/${sam}/social-care-consultations`, {
      consultedOn: '2025-06-02',
      outcome: 'No objection',
    });
    const { orderId } = (
      await post(officer, `/pupils/${sam}/supervision-orders`, { appliedOn: '2025-06-09' }, 201)
    ).body;
    await post(officer, `/pupils/${sam}/supervision-orders/${orderId}/grant`, {
      courtDate: '2025-07-01',
      supervisorId: 'officer-1',
    });
    const early = await request(t.http)
      .post(`/pupils/${sam}/supervision-orders/${orderId}/extension-applications`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ appliedOn: '2026-03-29', extensionYears: 1 })
      .expect(422);
    expect(early.body.detail).toMatch(/from 2026-03-30/);
    await post(officer, `/pupils/${sam}/supervision-orders/${orderId}/extension-applications`, {
      appliedOn: '2026-03-30',
      extensionYears: 1,
    });
    await post(officer, `/pupils/${sam}/supervision-orders/${orderId}/extension`, {
      grantedOn: '2026-05-01',
    });
    expect((await journey(sam)).openItems.supervisionOrders).toEqual([
      { orderId, status: 'in-force', expiresOn: '2027-06-30' },
    ]);

    // Step down and close.
    await post(worker, `/pupils/${sam}/step-downs`, {
      toStage: 'facilitate-support',
      reason: 'Attendance above 95% for a term',
    });
    expect((await journey(sam)).stage).toBe('facilitate-support');
    await post(worker, `/pupils/${sam}/closure`, { reason: 'improved' });
    expect((await journey(sam)).status).toBe('closed');
    const refused = await request(t.http)
      .post(`/pupils/${sam}/concerns`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ summary: 'x' })
      .expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);

    // The family holds both parents and both pupils.
    const family = (
      await request(t.http)
        .get(`/families/${familyId}`)
        .set('Authorization', `Bearer ${worker}`)
        .expect(200)
    ).body;
    expect(family.parents.map((p: { parentId: string }) => p.parentId)).toEqual([mum, dad]);
    expect(family.pupilIds).toEqual(pupils);

    // Every event carries who did it, in what role.
    const events = await t.allEvents();
    const issued = events.find((e) => e.type === 'PenaltyNoticeIssued');
    expect(issued?.metadata).toMatchObject({
      actor: 'officer-1',
      role: 'attendance-officer',
      ruleSetVersion: 'national-2024-08-19',
    });
  });
});
