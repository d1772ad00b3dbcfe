import request from 'supertest';
import { addDays, weekOfMarks } from './support/registers';
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

describe('the school-week basis of the national threshold', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const week = (monday: string, code: (d: number, s: 'AM' | 'PM') => string) =>
    weekOfMarks(monday, { code });

  // 11 weeks: one unauthorised session in each of 10, and in the middle a week the pupil spent at
  // their other school (D: dual registered), while this school was open.
  async function thresholdWith(basis?: string) {
    t = await startTestApp();
    const admin = await t.token('admin', 'admin-1');
    if (basis) {
      await request(t.http)
        .put('/admin/code-of-conduct')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          version: `la-${basis}`,
          noticeToImproveWeeks: 6,
          presumedServiceWorkingDays: 2,
          nCodeReplacementSchoolDays: 5,
          contractReviewWeeks: 6,
          lowAttendanceRate: 0.9,
          bankHolidays: [],
          schoolWeekBasis: basis,
        })
        .expect(200);
    }
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
    for (let i = 0; i < 11; i += 1) {
      const monday = addDays('2025-01-06', i * 7);
      const marks =
        i === 5
          ? week(monday, () => 'D')
          : week(monday, (d, s) => (d === 0 && s === 'AM' ? 'O' : s === 'AM' ? '/' : '\\'));
      await request(t.http)
        .post(`/pupils/${pupilId}/marks`)
        .set('Authorization', `Bearer ${officer}`)
        .send(marks)
        .expect(200);
    }
    return (
      await request(t.http)
        .get(`/pupils/${pupilId}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200)
    ).body.threshold;
  }

  it('by default skips a week with no possible session for the pupil, so the threshold is met', async () => {
    expect(await thresholdWith()).toMatchObject({ met: true, count: 10 });
  });

  it('counts every week the school met when the LA chooses that basis, so it is not', async () => {
    expect(await thresholdWith('school-session-held')).toMatchObject({ met: false, count: 9 });
  });
});
