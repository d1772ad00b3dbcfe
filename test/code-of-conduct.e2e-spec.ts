import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('the local code of conduct over HTTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin', 'admin-1');
  });
  afterAll(() => t.close());

  const kent = {
    version: 'kent-2025-09-01',
    noticeToImproveWeeks: 3,
    presumedServiceWorkingDays: 2,
    nCodeReplacementSchoolDays: 5,
    contractReviewWeeks: 4,
    lowAttendanceRate: 0.9,
    bankHolidays: ['2025-12-25'],
  };

  it('starts with the national defaults', async () => {
    const response = await request(t.http)
      .get('/admin/code-of-conduct')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(response.body).toMatchObject({
      version: 'national-2024-08-19',
      noticeToImproveWeeks: 6,
    });
  });

  it('adopts the LA’s own rules, which later decisions then follow and record', async () => {
    await request(t.http)
      .put('/admin/code-of-conduct')
      .set('Authorization', `Bearer ${admin}`)
      .send(kent)
      .expect(200);
    await request(t.http)
      .put('/admin/code-of-conduct')
      .set('Authorization', `Bearer ${admin}`)
      .send(kent)
      .expect(409);
    const officer = await t.token('attendance-officer', 'officer-1');
    const { pupilId } = (
      await request(t.http)
        .post('/pupils')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reference: 'P',
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
        })
        .expect(201)
    ).body;
    await request(t.http)
      .post(`/pupils/${pupilId}/closure`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ reason: 'other' })
      .expect(200);
    const closed = (await t.allEvents()).find((e) => e.type === 'CaseClosed');
    expect(closed?.data.ruleSetVersion).toBe('kent-2025-09-01');
    expect(closed?.metadata.ruleSetVersion).toBe('kent-2025-09-01');
  });

  it('refuses rules outside the law with the field named', async () => {
    const response = await request(t.http)
      .put('/admin/code-of-conduct')
      .set('Authorization', `Bearer ${admin}`)
      .send({ ...kent, version: 'x-2', noticeToImproveWeeks: 8, bankHolidays: ['2025-02-30'] })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'bankHolidays',
      'noticeToImproveWeeks',
    ]);
  });
});
