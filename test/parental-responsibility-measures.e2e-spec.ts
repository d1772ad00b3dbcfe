/**
 * The DfE's Parental Responsibility Measures census over HTTP: a family's year of enforcement
 * recorded through the API, then the LA's census for 2024/25 in the census's own fields, as JSON
 * and as the one-row CSV, for the roles that see statistics only.
 */
import request from 'supertest';
import { PRM_CENSUS_FIELDS } from '@app/domain';
import { weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /statistics/parental-responsibility-measures', () => {
  let t: TestApp;
  let officer: string;
  let worker: string;
  let position = '0';
  beforeAll(async () => {
    t = await startTestApp({ LA_NAME: 'Kent', LA_OLD_CODE: '886', LA_NEW_CODE: 'E10000016' });
    officer = await t.token('attendance-officer', 'officer-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
  });
  afterAll(() => t.close());

  const post = async (path: string, body: object) => {
    const res = await request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${officer}`)
      .send(body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.position !== undefined) position = String(res.body.position);
    return res.body;
  };
  const get = (path: string, token = officer) =>
    request(t.http).get(path).set('Authorization', `Bearer ${token}`);

  it('counts a year of notices, a supervision order and a contract in the census’s own fields', async () => {
    const { familyId } = await post('/families', { reference: 'F-1' });
    const parent = (reference: string) =>
      post(`/families/${familyId}/parents`, {
        reference,
        relationship: reference === 'M' ? 'mother' : 'father',
        hasParentalResponsibility: true,
        hasDayToDayCare: true,
      });
    const mum = (await parent('M')).parentId;
    const dad = (await parent('D')).parentId;
    const { pupilId } = await post('/pupils', {
      reference: 'P-1',
      dateOfBirth: '2012-05-10',
      schoolId: 'school-a',
      schoolType: 'academy',
      yearGroup: 8,
    });
    await post(`/families/${familyId}/pupils`, { pupilId });

    // A week's holiday in term time: ten sessions coded G, and support was not appropriate.
    await post(`/pupils/${pupilId}/marks`, weekOfMarks('2025-03-03', { code: () => 'G' }));
    await post(`/pupils/${pupilId}/support-not-appropriate`, {
      reason: 'term-time-holiday',
      explanation: 'A week abroad without leave',
    });
    const offencePeriod = { from: '2025-03-03', to: '2025-03-07' };
    const notice = (parentId: string, reason?: string) =>
      post(`/pupils/${pupilId}/penalty-notices`, {
        parentId,
        issuedOn: '2025-04-01',
        offencePeriod,
        issuedBy: 'headteacher',
        ...(reason ? { reason } : {}),
      });
    // Mum's notice names no reason (the holiday is taken); Dad's names one.
    const mumsNotice = (await notice(mum)).noticeId;
    const dadsNotice = (await notice(dad, 'arriving-late')).noticeId;
    await post(`/pupils/${pupilId}/penalty-notices/${mumsNotice}/payments`, {
      paidOn: '2025-04-10',
      amount: 80,
    });
    // Dad's is left unpaid past the 28 days and the LA does not prosecute (SI 2007/1867 reg 9).
    await post(`/pupils/${pupilId}/penalty-notices/${dadsNotice}/withdrawal`, {
      withdrawnOn: '2025-05-20',
      ground: 'unpaid-not-prosecuted',
      explanation: 'Not in the public interest to prosecute',
    });

    await post(`/pupils/${pupilId}/social-care-consultations`, {
      consultedOn: '2025-04-22',
      outcome: 'No objection',
    });
    const { orderId } = await post(`/pupils/${pupilId}/supervision-orders`, {
      appliedOn: '2025-05-01',
      prosecution: 'instead-of-prosecution',
    });
    await post(`/pupils/${pupilId}/supervision-orders/${orderId}/grant`, {
      courtDate: '2025-06-02',
      supervisorId: 'officer-1',
    });
    await post(`/pupils/${pupilId}/attendance-contracts`, {
      parentIds: [mum],
      parentCommitments: ['Up by 7:30'],
      supportCommitments: ['Bus pass'],
      startsOn: '2025-06-09',
      endsOn: '2025-07-18',
    });

    await post(`/pupils/${pupilId}/declined-attendance-contracts`, {
      parentIds: [dad],
      offeredOn: '2025-06-09',
      reason: 'Did not want a written agreement',
    });

    // Another week missed in June: Mum is prosecuted (the ESO was considered), convicted with a
    // parenting order, which the parent then breaches.
    await post(`/pupils/${pupilId}/marks`, weekOfMarks('2025-06-16', { unauthorised: 10 }));
    const { prosecutionId } = await post(`/pupils/${pupilId}/prosecutions`, {
      section: 's444(1)',
      parentIds: [mum],
      offencePeriod: { from: '2025-06-16', to: '2025-06-20' },
      laidOn: '2025-06-30',
    });
    await post(`/pupils/${pupilId}/prosecutions/${prosecutionId}/outcome`, {
      outcome: 'convicted',
      recordedOn: '2025-07-14',
      parentingOrder: true,
    });
    await post(`/pupils/${pupilId}/prosecutions/${prosecutionId}/parenting-order-implementation`, {
      implemented: false,
      reasonNotImplemented: 'breach-by-parent',
      recordedOn: '2025-07-28',
    });

    const res = await get(
      `/statistics/parental-responsibility-measures?year=2024/25&position=${position}`,
    ).expect(200);
    expect(Object.keys(res.body.census)).toEqual(PRM_CENSUS_FIELDS.map((f) => f.name));
    expect(res.body.census).toMatchObject({
      time_period: '202425',
      la_name: 'Kent',
      old_la_code: '886',
      new_la_code: 'E10000016',
      enrolments: 1,
      pn_issued: 2,
      pn_issued_rate: 200,
      reason_pn_hols: 1,
      reason_pn_late: 1,
      reason_pn_other: 0,
      pn_paid: 1,
      pn_paid_21: 1,
      pn_paid_22_28: 0,
      pn_withdrawn: 1,
      withdrawn_reason_expiry_no_legal: 1,
      withdrawn_reason_material_error: 0,
      pn_prosecuted_non_payment: 0,
      pn_unresolved: 0,
      case_management: 'x',
      parenting_orders_granted: 1,
      parenting_orders_implemented: 0,
      parenting_orders_not_imp_prosecution: 1,
      parenting_orders_not_imp_lackofprovision: 0,
      parenting_orders_not_imp_breachbyparent: 1,
      parenting_contracts_offered: 2,
      parenting_contracts_accepted: 1,
      supervision_orders_total: 1,
      supervision_orders_inplaceofprosecution: 1,
      supervision_orders_inadditiontoprosecution: 0,
    });
    expect(res.body.fields.find((f: { name: string }) => f.name === 'pn_paid_21')).toMatchObject({
      sourceUrl: expect.stringMatching(/parental-responsibility-measures\/2018-19\/data-guidance$/),
    });

    const csv = await get(
      '/statistics/parental-responsibility-measures?year=2024/25&format=csv',
    ).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, row] = csv.text.split('\r\n');
    expect(header).toBe(PRM_CENSUS_FIELDS.map((f) => f.name).join(','));
    const values = Object.fromEntries(
      header.split(',').map((name, i) => [name, row.split(',')[i]]),
    );
    expect(values).toMatchObject({ pn_issued: '2', reason_pn_hols: '1', case_management: 'x' });
  });

  it('shows a year with nothing recorded as zeros, with no rate', async () => {
    const res = await get('/statistics/parental-responsibility-measures?year=2023/24').expect(200);
    expect(res.body.census).toMatchObject({
      time_period: '202324',
      pn_issued: 0,
      pn_issued_rate: null,
    });
  });

  it('is for panel chairs, officers and auditors, not link workers; a bad year is a 400 saying why', async () => {
    await get('/statistics/parental-responsibility-measures', worker).expect(403);
    const bad = await get('/statistics/parental-responsibility-measures?year=2024/26').expect(400);
    expect(bad.body.detail).toMatch(/academic year like 2024\/25/);
  });
});
