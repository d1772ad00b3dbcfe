import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('administrators set up schools and staff', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin', 'admin-1');
  });
  afterAll(() => t.close());

  it('registers schools and allocates a link worker, who then reaches that school’s pupils', async () => {
    await request(t.http)
      .post('/admin/schools')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolId: 'school-c', name: 'Cedar Primary', schoolType: 'maintained' })
      .expect(201);
    await request(t.http)
      .post('/admin/schools')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolId: 'school-c', name: 'Again', schoolType: 'maintained' })
      .expect(409);
    expect(
      (
        await request(t.http)
          .get('/admin/schools')
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body,
    ).toEqual([{ schoolId: 'school-c', name: 'Cedar Primary', schoolType: 'maintained' }]);

    const officer = await t.token('attendance-officer', 'officer-1');
    const { pupilId } = (
      await request(t.http)
        .post('/pupils')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          reference: 'P',
          dateOfBirth: '2016-02-01',
          schoolId: 'school-c',
          schoolType: 'maintained',
          yearGroup: 4,
        })
        .expect(201)
    ).body;
    const worker = await t.token('link-worker', 'worker-3', []);
    await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${worker}`)
      .expect(403);

    await request(t.http)
      .put('/admin/staff/worker-3/allocation')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolIds: ['school-c'] })
      .expect(200);
    await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${worker}`)
      .expect(200);
    expect(
      (
        await request(t.http)
          .get('/admin/staff')
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body,
    ).toEqual({ 'worker-3': ['school-c'] });

    await request(t.http)
      .put('/admin/staff/worker-3/allocation')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolIds: [] })
      .expect(200);
    await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${worker}`)
      .expect(403);
  });

  it('refuses an allocation to a school it does not know', async () => {
    const response = await request(t.http)
      .put('/admin/staff/worker-4/allocation')
      .set('Authorization', `Bearer ${admin}`)
      .send({ schoolIds: ['school-unknown'] })
      .expect(409);
    expect(response.body.detail).toBe('Register these schools first: school-unknown.');
  });
});
