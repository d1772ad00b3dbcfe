/**
 * "Support not appropriate" for one offence period over HTTP (WTISA 2024 ch. 6: enforcement without
 * support first only where support is not appropriate, e.g. a term-time holiday): the record for a
 * holiday's dates excuses that offence alone, and the journey shows it.
 */
import request from 'supertest';
import { mondays, weekOfMarks } from './support/registers';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('support not appropriate for one offence period', () => {
  let t: TestApp;
  let officer: string;
  let pupilId: string;
  let mum: string;
  const holiday = { from: '2025-09-15', to: '2025-09-19' };

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    const { familyId } = (await as(request(t.http).post('/families')).send({ reference: 'F-1' }))
      .body;
    mum = (
      await as(request(t.http).post(`/families/${familyId}/parents`)).send({
        reference: 'M',
        relationship: 'mother',
        hasParentalResponsibility: true,
        hasDayToDayCare: true,
      })
    ).body.parentId;
    ({ pupilId } = await registerPupil(t.http, officer, 'P-1'));
    await as(request(t.http).post(`/families/${familyId}/pupils`))
      .send({ pupilId })
      .expect(200);
    // A week's holiday in term time (10 sessions of G), then a spring term with one O a week.
    await post('marks', weekOfMarks('2025-09-15', { code: () => 'G' })).expect(200);
    for (const monday of mondays('2026-01-05', 10))
      await post('marks', weekOfMarks(monday, { unauthorised: 1 })).expect(200);
  });
  afterAll(() => t.close());

  const as = (r: request.Test) => r.set('Authorization', `Bearer ${officer}`);
  const post = (path: string, body: object) =>
    as(request(t.http).post(`/pupils/${pupilId}/${path}`)).send(body);
  const events = async () => (await t.allEvents()).length;
  const notice = (issuedOn: string, offencePeriod: object) =>
    post('penalty-notices', { parentId: mum, issuedOn, offencePeriod, issuedBy: 'headteacher' });

  it('refuses a period that has not happened, runs backwards or is not a date, writing nothing', async () => {
    const before = await events();
    const body = (offencePeriod: object) => ({
      reason: 'term-time-holiday',
      explanation: 'A week abroad in term time',
      offencePeriod,
    });
    const future = await post(
      'support-not-appropriate',
      body({ from: '2025-09-15', to: '2099-09-19' }),
    ).expect(422);
    expect(future.body.detail).toBe('offencePeriod.to (2099-09-19) cannot be in the future.');
    const backwards = await post(
      'support-not-appropriate',
      body({ from: '2025-09-19', to: '2025-09-15' }),
    ).expect(422);
    expect(backwards.body.detail).toMatch(/ends \(2025-09-15\) before it starts \(2025-09-19\)/);
    const notADate = await post(
      'support-not-appropriate',
      body({ from: '2025-09-31', to: '2025-10-03' }),
    ).expect(400);
    expect(notADate.body.detail).toBe(
      'offencePeriod.from must be a real date in the form YYYY-MM-DD.',
    );
    expect(await events()).toBe(before);
  });

  it('records it for the holiday’s dates and shows it on the journey', async () => {
    await post('support-not-appropriate', {
      reason: 'term-time-holiday',
      explanation: 'A week abroad in term time',
      offencePeriod: holiday,
    }).expect(200);
    const journey = await as(request(t.http).get(`/pupils/${pupilId}`)).expect(200);
    expect(journey.body.supportNotAppropriate).toEqual([
      {
        reason: 'term-time-holiday',
        offencePeriod: holiday,
        recordedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
  });

  it('lets a penalty notice for the holiday skip support and the notice to improve', async () => {
    const issued = await notice('2025-10-01', holiday);
    expect(issued.status).toBe(201);
  });

  it('does not excuse a later offence: support comes first for it', async () => {
    const notices = async () =>
      (await t.allEvents()).filter((e) => e.type === 'PenaltyNoticeIssued').length;
    const before = await notices();
    const refused = await notice('2026-03-20', {
      from: '2026-01-05',
      to: '2026-03-13',
    }).expect(422);
    expect(refused.body.code).toBe('support-first');
    // (the process managers may still be recording what followed the first notice)
    expect(await notices()).toBe(before);
  });
});
