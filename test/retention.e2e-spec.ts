/**
 * Retention over HTTP: the LA's policy (documented defaults, adopted periods validated), the review
 * that lists closed cases past retention (run by the daily job at start, and on demand), and the
 * erasure an administrator confirms for one of them: the pupil's and the parents' details erased
 * as PersonErased events with the policy as their reason, a parent still in an open case kept, an
 * open case refused. The application's clock moves six years on between closing and reviewing.
 */
import request from 'supertest';
import { parentBody } from './support/families';
import { janeDetails, postAs } from './support/people';
import { registerPupil } from './support/pupils';
import { weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

describe('retention of closed cases', () => {
  let t: TestApp;
  let now = new Date('2026-01-05T10:00:00Z');
  let officer: string;
  let admin: string;
  const ids: Record<string, string> = {};

  const get = (token: string, url: string) =>
    request(t.http).get(url).set('Authorization', `Bearer ${token}`);
  const post = (token: string, url: string, body: object, status = 200) =>
    postAs(t.http, token, url, body, status);
  const person = async (kind: string, suffix: string, extra: object = {}) =>
    (await post(officer, '/people', { kind, ...janeDetails(suffix), ...extra }, 201)).personId;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => now });
    officer = await t.token('attendance-officer', 'officer-1');
    admin = await t.token('admin', 'admin-1');
    ids.mum = await person('parent-or-carer', '-mum');
    ids.dad = await person('parent-or-carer', '-dad');
    for (const [n, parents] of [
      ['1', ['mum', 'dad']],
      ['2', ['mum']],
    ] as const) {
      ids[`family${n}`] = (await post(officer, '/families', { reference: `F-${n}` }, 201)).familyId;
      for (const p of parents)
        await post(
          officer,
          `/families/${ids[`family${n}`]}/parents`,
          { ...parentBody(p.toUpperCase()), personId: ids[p] },
          201,
        );
      ids[`pupil${n}`] = (await registerPupil(t.http, officer, `P-${n}`)).pupilId;
      await person('pupil', `-child${n}`, { pupilId: ids[`pupil${n}`] });
      await post(officer, `/families/${ids[`family${n}`]}/pupils`, { pupilId: ids[`pupil${n}`] });
      await post(officer, `/pupils/${ids[`pupil${n}`]}/marks`, weekOfMarks('2025-09-15'));
    }
    const { position } = await post(officer, `/pupils/${ids.pupil1}/closure`, {
      reason: 'improved',
      closedOn: '2025-12-19',
    });
    await get(officer, `/caseloads?position=${position}`).expect(200);
  });
  afterAll(() => t.close());

  it('has documented defaults, and adopts the LA’s own periods, refusing impossible ones', async () => {
    const { body } = await get(admin, '/admin/retention/policy').expect(200);
    expect(body.policy).toEqual({
      closedCasesYears: 6,
      attendanceRegistersYears: 6,
      noticesYears: 6,
      prosecutionsYears: 6,
    });
    await request(t.http)
      .put('/admin/retention/policy')
      .set('Authorization', `Bearer ${admin}`)
      .send({ closedCasesYears: 0 })
      .expect(400);
    await request(t.http)
      .put('/admin/retention/policy')
      .set('Authorization', `Bearer ${admin}`)
      .send({ prosecutionsYears: 7 })
      .expect(200);
    expect((await get(admin, '/admin/retention/policy').expect(200)).body.policy).toMatchObject({
      closedCasesYears: 6,
      prosecutionsYears: 7,
    });
  });

  it('is reviewed by the daily job from the start, listing nothing within retention', async () => {
    let review = (await get(admin, '/admin/retention/review').expect(200)).body;
    for (let i = 0; review.reviewedOn === null && i < 50; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      review = (await get(admin, '/admin/retention/review').expect(200)).body;
    }
    expect(review).toMatchObject({ reviewedOn: '2026-01-05', cases: [] });
  });

  it('lists a closed case once past retention, with whose details it would erase and who is kept', async () => {
    now = new Date('2032-01-05T10:00:00Z');
    const review = (await post(admin, '/admin/retention/review', {})).cases;
    expect(review).toEqual([
      {
        pupilId: ids.pupil1,
        familyId: ids.family1,
        closedOn: '2025-12-19',
        retentionEndedOn: '2031-12-19',
        erases: [ids.pupil1, ids.dad],
        keeps: [
          { personId: ids.mum, because: expect.stringContaining(`pupil ${ids.pupil2}'s case`) },
        ],
      },
    ]);
    expect((await get(admin, '/admin/retention/review').expect(200)).body.cases).toEqual(review);
  });

  it('erases them when an administrator confirms, each erasure an audited event with its reason', async () => {
    await post(officer, `/admin/retention/cases/${ids.pupil1}/erasure`, {}, 403);
    await post(admin, `/admin/retention/cases/${ids.pupil1}/erasure`, {});
    for (const id of [ids.pupil1, ids.dad]) {
      const seen = (await get(officer, `/people/${id}`).expect(200)).body;
      expect(seen).toMatchObject({
        status: 'erased',
        familyName: '[erased]',
        erasure: { basis: 'retention-period-ended' },
      });
      expect(seen.erasure.reason).toMatch(/ended on 2031-12-19 under the LA's retention policy/);
    }
    expect((await get(officer, `/people/${ids.mum}`).expect(200)).body.status).toBe('held');
    const erasures = (await t.allEvents()).filter((e) => e.type === 'PersonErased');
    expect(erasures.map((e) => [e.streamId, e.metadata.actor, e.metadata.role])).toEqual([
      [`person-${ids.pupil1}`, 'admin-1', 'admin'],
      [`person-${ids.dad}`, 'admin-1', 'admin'],
    ]);
  });

  it('refuses to erase an open case for retention, and erases nothing', async () => {
    const before = (await t.allEvents()).length;
    const refused = await request(t.http)
      .post(`/admin/retention/cases/${ids.pupil2}/erasure`)
      .set('Authorization', `Bearer ${admin}`)
      .send({})
      .expect(409);
    expect(refused.body.detail).toMatch(/open/);
    expect((await t.allEvents()).length).toBe(before);
  });
});
