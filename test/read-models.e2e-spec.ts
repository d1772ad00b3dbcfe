/**
 * The read models over HTTP on the embedded default, with read-your-writes: every query passes the
 * position the last command returned, so it sees that command without sleeping or polling.
 */
import request from 'supertest';
import { mondays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const week = (monday: string, unauthorised: number) => weekOfMarks(monday, { unauthorised });

describe('read models over HTTP', () => {
  let t: TestApp;
  let officer: string;
  let worker: string;
  let otherWorker: string;
  let chair: string;
  let position = '0';
  let sam: string;
  let alex: string;
  let familyId: string;
  let mum: string;

  beforeAll(async () => {
    t = await startTestApp({ READ_YOUR_WRITES_TIMEOUT_MS: '3000' });
    officer = await t.token('attendance-officer', 'officer-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    otherWorker = await t.token('link-worker', 'worker-2', ['school-b']);
    chair = await t.token('panel-chair', 'chair-1');
  });
  afterAll(() => t.close());

  const send = async (method: 'post' | 'put', token: string, path: string, body: object) => {
    const http = request(t.http);
    const r = await http[method](path).set('Authorization', `Bearer ${token}`).send(body);
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.position) position = r.body.position;
    return r.body;
  };
  const post = (token: string, path: string, body: object) => send('post', token, path, body);
  const get = (token: string, path: string, status = 200) =>
    request(t.http)
      .get(path)
      .query({ position })
      .set('Authorization', `Bearer ${token}`)
      .expect((r) => {
        if (r.status !== status)
          throw new Error(`${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
      });
  const register = async (reference: string, schoolId = 'school-a') =>
    (
      await post(officer, '/pupils', {
        reference,
        dateOfBirth: '2012-05-10',
        schoolId,
        schoolType: 'academy',
        yearGroup: 8,
      })
    ).pupilId as string;

  it('builds the caseload a link worker sees at login, most urgent first', async () => {
    ({ familyId } = await post(officer, '/families', { reference: 'F-1' }));
    mum = (
      await post(officer, `/families/${familyId}/parents`, {
        reference: 'M',
        relationship: 'mother',
        hasParentalResponsibility: true,
        hasDayToDayCare: true,
      })
    ).parentId;
    sam = await register('P-SAM');
    alex = await register('P-ALEX');
    await register('P-OTHER-SCHOOL', 'school-b');
    await post(officer, `/families/${familyId}/pupils`, { pupilId: sam });
    for (const pupil of [sam, alex])
      await send('put', officer, `/pupils/${pupil}/lead-practitioner`, {
        practitionerId: 'worker-1',
      });
    for (const monday of mondays('2025-01-06', 10)) {
      await post(officer, `/pupils/${sam}/marks`, week(monday, 1));
      await post(officer, `/pupils/${alex}/marks`, week(monday, 0));
    }
    await post(worker, `/pupils/${sam}/conversations`, {
      heldOn: '2025-03-10',
      withWhom: ['mother'],
      barriers: ['anxiety'],
      agreedNextSteps: ['Check-in'],
    });

    // The journey shows the caseload's trend: as of the latest register, not of today.
    expect((await get(worker, `/pupils/${sam}`)).body.attendance.trend.direction).toBe('steady');

    const mine = (await get(worker, '/caseloads')).body;
    expect(mine.items.map((r: { reference: string }) => r.reference)).toEqual(['P-SAM', 'P-ALEX']);
    expect(mine.items[0]).toMatchObject({
      stage: 'listen-and-understand',
      persistentAbsence: true,
      thresholdMet: true,
      trend: 'steady',
      lastContactOn: '2025-03-10',
      attendance: {
        term: { label: 'spring 2024/25', rate: 0.9 },
        year: { label: '2024/25', possible: 100, attended: 90 },
      },
    });
    expect(mine.items[0].daysSinceLastContact).toBeGreaterThan(600);
    expect(mine.items[1]).toMatchObject({
      persistentAbsence: false,
      attendance: { year: { rate: 1 } },
    });

    const persistent = (await get(worker, '/caseloads?flag=persistent')).body.items;
    expect(persistent.map((r: { reference: string }) => r.reference)).toEqual(['P-SAM']);
    const laWide = (await get(officer, '/caseloads?limit=2')).body;
    expect(laWide.items).toHaveLength(2);
    const rest = (await get(officer, `/caseloads?limit=2&cursor=${laWide.nextCursor}`)).body;
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('keeps a link worker to their own schools and cases', async () => {
    expect((await get(otherWorker, '/caseloads?schoolId=school-b')).body.items).toHaveLength(1);
    const refused = await get(otherWorker, '/caseloads?schoolId=school-a', 403);
    expect(refused.body.detail).toMatch(/school-a/);
    await get(otherWorker, '/caseloads?workerId=worker-1', 403);
    expect((await get(otherWorker, '/caseloads')).body.items).toEqual([]);
  });

  it('puts a referral in the panel queue with its triage, and takes it out when decided', async () => {
    const { referralId } = await post(worker, `/pupils/${sam}/panel-referrals`, {
      reason: 'No progress after conversations',
    });
    const queue = (await get(chair, '/panel-queue')).body.items;
    expect(queue).toEqual([
      expect.objectContaining({
        referralId,
        reference: 'P-SAM',
        reason: 'No progress after conversations',
        priority: expect.any(Number),
        reasons: expect.arrayContaining(['persistent absence (+20)', 'no support tried yet (+10)']),
      }),
    ]);
    const caseload = (await get(worker, '/caseloads')).body.items[0];
    expect(caseload.nextAction).toMatchObject({
      kind: 'panel-decision',
      ref: referralId,
      overdue: false,
    });

    await post(chair, `/pupils/${sam}/panel-referrals/${referralId}/decision`, {
      decision: 'attendance-contract',
      rationale: 'Parent willing',
    });
    expect((await get(chair, '/panel-queue')).body.items).toEqual([]);
  });

  it('lists contracts by status, and the ones due for review today', async () => {
    const { contractId } = await post(worker, `/pupils/${sam}/attendance-contracts`, {
      parentIds: [mum],
      parentCommitments: ['Up by 7:30'],
      supportCommitments: ['Bus pass'],
      startsOn: '2025-03-17',
      endsOn: '2025-06-27',
    });
    const active = (await get(worker, '/contracts')).body.items;
    expect(active).toEqual([
      expect.objectContaining({ contractId, status: 'active', reviewOverdue: true }),
    ]);
    expect((await get(worker, '/contracts?status=due-for-review')).body.items).toHaveLength(1);
    await post(worker, `/pupils/${sam}/attendance-contracts/${contractId}/reviews`, {
      reviewedOn: '2025-04-14',
      outcome: 'not-kept',
    });
    expect((await get(worker, '/contracts?status=not-kept')).body.items).toEqual([
      expect.objectContaining({ contractId, lastReviewOn: '2025-04-14' }),
    ]);
    expect((await get(worker, '/contracts')).body.items).toEqual([]);
  });

  it('shows penalty-notice eligibility per parent: the refusal the POST would give, for the offence shown', async () => {
    const page = (await get(officer, '/penalty-notice-eligibility')).body;
    const listed = page.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      reference: 'P-SAM',
      threshold: { met: true, count: 10 },
      offencePeriod: { from: '2025-01-06', to: '2025-03-10' },
      familyLinked: true,
      parents: [
        {
          parentId: mum,
          reference: 'M',
          noticesInLast3Years: 0,
          noticeToImprove: null,
          // A conversation is not support: the view says what the command would say.
          penaltyNotice: {
            canIssue: false,
            code: 'support-first',
            reason: expect.stringMatching(/^Support comes first/),
          },
        },
      ],
    });
    expect(listed[0]).not.toHaveProperty('case');
    const refused = await request(t.http)
      .post(`/pupils/${sam}/penalty-notices`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        parentId: mum,
        issuedOn: page.asOf, // the day the view answered for
        offencePeriod: listed[0].offencePeriod,
        issuedBy: 'headteacher',
      })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'support-first',
      detail: listed[0].parents[0].penaltyNotice.reason,
    });
  });

  it('tracks an ESO from application to the order, with its expiry and extension window', async () => {
    await post(officer, `/pupils/${alex}/social-care-consultations`, {
      consultedOn: '2025-06-02',
      outcome: 'No objection',
    });
    const { orderId } = await post(officer, `/pupils/${alex}/supervision-orders`, {
      appliedOn: '2025-06-09',
    });
    expect((await get(officer, '/supervision-orders?status=applied')).body.items).toEqual([
      expect.objectContaining({ orderId, status: 'applied', expiresOn: null }),
    ]);
    await post(officer, `/pupils/${alex}/supervision-orders/${orderId}/grant`, {
      courtDate: '2025-07-01',
      supervisorId: 'officer-1',
    });
    const orders = (await get(officer, '/supervision-orders?supervisorId=officer-1')).body.items;
    expect(orders).toEqual([
      expect.objectContaining({
        orderId,
        status: 'in-force',
        grantedOn: '2025-07-01',
        expiresOn: '2026-06-30',
        extensionWindowOpens: '2026-03-30',
        extensionWindowOpen: false,
      }),
    ]);
    await get(worker, '/supervision-orders?supervisorId=officer-1', 403);
  });

  it('counts by stage, flag and year, and exports the census figures as CSV', async () => {
    const stats = (await get(officer, '/statistics?year=2024/25')).body;
    const la = stats.rows.find((r: { schoolId: string }) => r.schoolId === '*');
    expect(la).toMatchObject({
      openCases: 3,
      flags: { persistent: 1, threshold: 1 },
      pupils: 2,
      persistentAbsenceRate: 0.5,
      contracts: 1,
    });
    expect(la.byStage['formalise-support']).toBe(2);
    expect(la.trend).toEqual({ improving: 0, steady: 2, declining: 0, unknown: 1 });
    expect(stats.workers).toEqual([
      expect.objectContaining({
        workerId: 'worker-1',
        openCases: 2,
        trend: expect.objectContaining({ steady: 2 }),
      }),
    ]);
    const csv = await get(officer, '/statistics?year=2024/25&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, total] = csv.text.trim().split('\r\n');
    expect(header.split(',').slice(0, 2)).toEqual(['school', 'open_cases']);
    expect(total.split(',').slice(0, 2)).toEqual(['LA total', '3']);
    await get(worker, '/statistics', 403);
  });

  it('tracks a looked-after child in the cohort tracker, pupil by pupil and for the cohort', async () => {
    await post(officer, `/pupils/${sam}/flags`, { flags: { lookedAfter: true } });
    const pupils = (await get(officer, '/cohorts/looked-after/pupils')).body.items;
    expect(pupils).toEqual([
      expect.objectContaining({
        reference: 'P-SAM',
        cohorts: ['looked-after'],
        persistentAbsence: true,
        suspensionSessions: 0,
        partTimeSessions: 0,
      }),
    ]);
    const cohort = (await get(officer, '/cohorts?cohort=looked-after&year=2024/25')).body;
    expect(cohort.cohorts[0].schools).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          schoolId: '*',
          pupils: 1,
          attendanceRate: 0.9,
          persistentAbsence: 1,
        }),
      ]),
    );
    expect((await get(officer, '/cohorts/fsm/pupils')).body.items).toEqual([]);
    await get(worker, '/cohorts/looked-after/pupils', 403);
  });

  it('refuses bad queries, and a position past anything a command returned, with a 400 that says what is wrong', async () => {
    for (const bad of [
      '/caseloads?limit=0',
      '/caseloads?stage=nowhere',
      '/caseloads?cursor=not-a-cursor',
      '/caseloads?schoolId=school-a&workerId=worker-1',
      '/caseloads?unknown=1',
      '/statistics?year=2024/26',
      '/cohorts/everyone/pupils',
    ]) {
      const r = await request(t.http).get(bad).set('Authorization', `Bearer ${officer}`);
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      expect(r.body.detail).toEqual(expect.any(String));
    }
    const badPosition = await request(t.http)
      .get('/caseloads?position=abc')
      .set('Authorization', `Bearer ${officer}`);
    expect(badPosition.status).toBe(400);
    const ahead = await request(t.http)
      .get(`/caseloads?position=${BigInt(position) + 1000n}`)
      .set('Authorization', `Bearer ${officer}`);
    // past the store's newest event: no command returned it (a real position the read models have
    // not reached yet is a 503: test/projections/worker-read-your-writes.e2e-spec.ts)
    expect(ahead.status).toBe(400);
    expect(ahead.body.detail).toMatch(/No command has returned position/);
  });
});
