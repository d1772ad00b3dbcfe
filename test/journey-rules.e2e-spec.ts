/**
 * Rules a caseworker meets at the edges of a journey, over HTTP: a date of birth that cannot be a
 * pupil's, the compulsory-school-age dates the journey's rules use (EA 1996 s8), and an education
 * supervision order that already ends with compulsory school age (Children Act 1989 Sch 3 para
 * 15(6)(a)) refused an extension.
 */
import request from 'supertest';
import { dateOf, addDays } from '@app/domain';
import { pupilBody } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('journey rules at the edges of compulsory school age', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    request(t.http).post(path).set('Authorization', `Bearer ${officer}`).send(body);
  const journeyOf = async (pupilId: string) =>
    (
      await request(t.http)
        .get(`/pupils/${pupilId}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200)
    ).body;

  it('refuses a date of birth that makes the child younger than 2 today, saying why, and registers nothing', async () => {
    const today = dateOf(new Date());
    const tooYoung = addDays(today, -365);
    const res = await post('/pupils', { ...pupilBody('P-YOUNG'), dateOfBirth: tooYoung });
    expect([400, 422]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(
      new RegExp(`dateOfBirth ${tooYoung} would make the child (0|1) years? old on ${today}`),
    );
    expect(res.body.detail).toMatch(/between 2 and 25/);
    expect((await t.allEvents()).filter((e) => e.type === 'PupilRegistered')).toEqual([]);
  });

  it('refuses a date of birth that makes the pupil older than 25 today', async () => {
    const res = await post('/pupils', { ...pupilBody('P-OLD'), dateOfBirth: '1990-01-01' });
    expect([400, 422]).toContain(res.status);
    expect(res.body.detail).toMatch(/would make the child 3\d years old.*Check the year of birth/);
  });

  it('shows on the journey the compulsory-school-age start and end dates its rules use', async () => {
    const { pupilId } = (await post('/pupils', pupilBody('P-CSA')).expect(201)).body;
    const journey = await journeyOf(pupilId);
    // Born 10 May 2012: 5 on 10 May 2017, so from 31 August 2017; 16 on 10 May 2028, so to the
    // last Friday in June 2028.
    expect(journey.compulsorySchoolAge).toEqual({ starts: '2017-08-31', ends: '2028-06-30' });
  });

  it('refuses an extension of a supervision order that already runs to the end of compulsory school age', async () => {
    // Born 1 September 2010: 16 in the 2026/27 school year, so compulsory school age ends on
    // 25 June 2027; an order made on 1 July 2026 would run to 30 June 2027 and is cut to that day.
    const { pupilId } = (
      await post('/pupils', {
        ...pupilBody('P-ESO'),
        dateOfBirth: '2010-09-01',
        yearGroup: 11,
      }).expect(201)
    ).body;
    await post(`/pupils/${pupilId}/social-care-consultations`, {
      consultedOn: '2026-06-01',
      outcome: 'No objection',
    }).expect(200);
    const { orderId } = (
      await post(`/pupils/${pupilId}/supervision-orders`, { appliedOn: '2026-06-08' }).expect(201)
    ).body;
    await post(`/pupils/${pupilId}/supervision-orders/${orderId}/grant`, {
      courtDate: '2026-07-01',
      supervisorId: 'officer-1',
    }).expect(200);

    const refused = await post(
      `/pupils/${pupilId}/supervision-orders/${orderId}/extension-applications`,
      { appliedOn: '2026-11-02', extensionYears: 1 },
    ).expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(
      /already runs to 2027-06-25, the last day of the child's compulsory school age.*cannot be extended/,
    );
    const journey = await journeyOf(pupilId);
    expect(journey.openItems.supervisionOrders).toEqual([
      { orderId, status: 'in-force', expiresOn: '2027-06-25' },
    ]);
  });
});
