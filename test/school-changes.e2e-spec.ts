/**
 * Moving a pupil to another school (`POST /pupils/{id}/school-changes`) puts the case in the
 * destination's caseload and under its link workers: the destination must be a school in the LA's
 * directory, and a link worker may move a pupil only to a school they may act for. Bearer tokens
 * must expire, within the configured lifetime.
 */
import { localSecret } from '@app/application';
import { SignJWT } from 'jose';
import request from 'supertest';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('moving a pupil to another school', () => {
  let t: TestApp;
  let worker: string;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.token('admin', 'admin-1');
    for (const [schoolId, name] of [
      ['school-a', 'Oakfield Academy'],
      ['school-b', 'Elm Street Primary'],
    ])
      await request(t.http)
        .post('/admin/schools')
        .set('Authorization', `Bearer ${admin}`)
        .send({ schoolId, name, schoolType: 'academy' })
        .expect(201);
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    officer = await t.token('attendance-officer', 'officer-1');
  });
  afterAll(() => t.close());

  const move = (token: string, pupilId: string, schoolId: string) =>
    request(t.http)
      .post(`/pupils/${pupilId}/school-changes`)
      .set('Authorization', `Bearer ${token}`)
      .send({ schoolId, schoolType: 'academy', yearGroup: 8 });

  it('refuses a move to a school that is not in the directory, writing nothing', async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P1');
    const before = (await t.allEvents()).length;
    const response = await move(officer, pupilId, 'school-nowhere').expect(422);
    expect(response.body.detail).toMatch(/school-nowhere/);
    expect(response.body.code).toBe('unknown-school');
    expect((await t.allEvents()).length).toBe(before);
  });

  it("refuses a link worker's move to a school outside their schools, writing nothing", async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P2');
    const before = (await t.allEvents()).length;
    const response = await move(worker, pupilId, 'school-b').expect(403);
    expect(response.body.detail).toMatch(/school-b/);
    expect((await t.allEvents()).length).toBe(before);
  });

  it('lets a link worker covering both schools, or an attendance officer, move the pupil', async () => {
    const both = await t.token('link-worker', 'worker-2', ['school-a', 'school-b']);
    const first = await registerPupil(t.http, officer, 'P3');
    await move(both, first.pupilId, 'school-b').expect(200);
    const second = await registerPupil(t.http, officer, 'P4');
    await move(officer, second.pupilId, 'school-b').expect(200);
  });
});

describe('bearer tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' });
  });
  afterAll(() => t.close());

  const token = (build: (jwt: SignJWT) => SignJWT) =>
    build(
      new SignJWT({ role: 'attendance-officer', schools: [] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('officer-1')
        .setIssuer(t.config.auth.issuer)
        .setAudience(t.config.auth.audience)
        .setIssuedAt(),
    ).sign(localSecret((t.config.auth as { secretFile: string }).secretFile));
  const caseload = async (bearer: string) =>
    request(t.http).get('/caseloads').set('Authorization', `Bearer ${bearer}`);

  it('refuses a token that never expires', async () => {
    expect((await caseload(await token((jwt) => jwt))).status).toBe(401);
  });

  it('refuses a token valid for longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    expect((await caseload(await token((jwt) => jwt.setExpirationTime('2h')))).status).toBe(401);
  });

  it('accepts a token within it', async () => {
    expect((await caseload(await token((jwt) => jwt.setExpirationTime('1h')))).status).toBe(200);
  });
});
