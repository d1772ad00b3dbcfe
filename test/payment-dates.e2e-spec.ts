/**
 * A penalty notice's dates over HTTP, as a caseworker sees them on the journey and the caseload: a
 * notice posted on Friday 22 August 2025, before the late-summer bank holiday on Monday 25th, is
 * presumed received on the second working day after posting, Wednesday 27th (local code of conduct;
 * England and Wales bank holidays). SI 2007/1867 reg 4, as amended by SI 2024/210, then gives "the
 * period of 21 days beginning with the date on which the notice is received" for £80 (27 August to
 * 16 September) and the 28 days beginning with it for £160 (to 23 September); prosecute-or-withdraw
 * falls due on 24 September. £80 on 17 September is not payment in full.
 */
import request from 'supertest';
import { parentBody } from './support/families';
import { registerPupil } from './support/pupils';
import { mondays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

describe('the payment dates of a notice posted before a bank holiday weekend', () => {
  let t: TestApp;
  let officer: string;
  let pupilId: string;
  let noticeId: string;
  let position: string;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
  });
  afterAll(() => t.close());

  const post = async (path: string, body: object, status = 200) => {
    const r = await request(t.http).post(path).set('Authorization', `Bearer ${officer}`).send(body);
    if (r.status !== status)
      throw new Error(`${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.position !== undefined) position = String(r.body.position);
    return r;
  };
  const journey = async () =>
    (await request(t.http).get(`/pupils/${pupilId}`).set('Authorization', `Bearer ${officer}`))
      .body;
  const noticeActions = async () => {
    const caseload = await request(t.http)
      .get('/caseloads')
      .query({ position })
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    const row = caseload.body.items.find((r: { pupilId: string }) => r.pupilId === pupilId);
    return (row.actions as { kind: string; due: string; ref: string }[])
      .filter((a) => a.ref === noticeId)
      .map((a) => [a.kind, a.due]);
  };

  /**
   * A parent, and a pupil away for two sessions a week in June 2025: a term-time holiday, for which
   * support is not appropriate (WTISA 2024 ch. 6); a penalty notice issued on Friday 22 August.
   */
  const pupilWithNotice = async (reference: string) => {
    const { familyId } = (await post('/families', { reference: `F-${reference}` }, 201)).body;
    const parentId = (await post(`/families/${familyId}/parents`, parentBody('M'), 201)).body
      .parentId;
    const pupil = (await registerPupil(t.http, officer, reference)).pupilId;
    await post(`/families/${familyId}/pupils`, { pupilId: pupil });
    for (const monday of mondays('2025-06-02', 5))
      await post(`/pupils/${pupil}/marks`, weekOfMarks(monday, { unauthorised: 2 }));
    await post(`/pupils/${pupil}/support-not-appropriate`, {
      reason: 'term-time-holiday',
      explanation: 'Holiday abroad in term time without leave',
    });
    const notice = (
      await post(
        `/pupils/${pupil}/penalty-notices`,
        {
          parentId,
          issuedOn: '2025-08-22',
          offencePeriod: { from: '2025-06-02', to: '2025-07-04' },
          issuedBy: 'authorised-la-officer',
        },
        201,
      )
    ).body.noticeId;
    return { pupil, notice };
  };

  beforeAll(async () => {
    ({ pupil: pupilId, notice: noticeId } = await pupilWithNotice('P-HOL'));
  });

  it('shows on the journey: received Wednesday 27 August, £80 until 16 September, £160 until 23 September', async () => {
    expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([
      expect.objectContaining({
        noticeId,
        receivedOn: '2025-08-27',
        reducedRateEnds: '2025-09-16',
        paymentEnds: '2025-09-23',
      }),
    ]);
  });

  it('shows the same dates on the caseload, with prosecute-or-withdraw due on 24 September', async () => {
    expect(await noticeActions()).toEqual([
      ['penalty-notice-reduced-rate-ends', '2025-09-16'],
      ['penalty-notice-payment-ends', '2025-09-23'],
      ['prosecute-or-withdraw', '2025-09-24'],
      ['prosecution-time-limit', '2026-01-04'],
    ]);
  });

  it('does not take £80 on 17 September as payment in full: a 422 says what is due until when, and nothing changes', async () => {
    const refused = await request(t.http)
      .post(`/pupils/${pupilId}/penalty-notices/${noticeId}/payments`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ paidOn: '2025-09-17', amount: 80 })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.detail).toBe(
      '£80 is not payment in full: the reduced amount could be paid only until 2025-09-16 (the 21 days beginning with 2025-08-27, the day the notice was received), and on 2025-09-17 £160 is due. Nothing was recorded and the notice stays unpaid. The parent can pay £160 until 2025-09-23; after that the local authority must prosecute or withdraw the notice. If the local authority keeps the £80 towards the £160, record one payment of £160 on the day the rest is paid; otherwise return it.',
    );
    expect((await journey()).openItems.unpaidPenaltyNotices).toHaveLength(1);
    expect(await noticeActions()).toContainEqual(['prosecute-or-withdraw', '2025-09-24']);
  });

  it('takes £160 on 17 September, and the notice leaves the caseload', async () => {
    await post(`/pupils/${pupilId}/penalty-notices/${noticeId}/payments`, {
      paidOn: '2025-09-17',
      amount: 160,
    });
    expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([]);
    expect(await noticeActions()).toEqual([]);
  });

  describe('when the officer records that the notice was posted a week later', () => {
    beforeAll(async () => {
      ({ pupil: pupilId, notice: noticeId } = await pupilWithNotice('P-POSTED'));
    });
    const service = (body: object) =>
      request(t.http)
        .post(`/pupils/${pupilId}/penalty-notices/${noticeId}/service`)
        .set('Authorization', `Bearer ${officer}`)
        .send(body);

    it('refuses a method it does not know, and a link worker, changing nothing', async () => {
      expect((await service({ method: 'email', sentOn: '2025-08-29' })).status).toBe(400);
      const worker = await t.token('link-worker', 'worker-1', ['school-1']);
      await request(t.http)
        .post(`/pupils/${pupilId}/penalty-notices/${noticeId}/service`)
        .set('Authorization', `Bearer ${worker}`)
        .send({ method: 'post', sentOn: '2025-08-29' })
        .expect(403);
      expect((await journey()).openItems.unpaidPenaltyNotices[0].receivedOn).toBe('2025-08-27');
    });

    it('posted Friday 29 August, it is received Tuesday 2 September: £80 until 22 September, £160 until 29 September, on the journey and the caseload', async () => {
      const r = await service({ method: 'post', sentOn: '2025-08-29' });
      expect(r.status).toBe(200);
      position = String(r.body.position);
      expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([
        expect.objectContaining({
          noticeId,
          receivedOn: '2025-09-02',
          reducedRateEnds: '2025-09-22',
          paymentEnds: '2025-09-29',
        }),
      ]);
      expect(await noticeActions()).toEqual([
        ['penalty-notice-reduced-rate-ends', '2025-09-22'],
        ['penalty-notice-payment-ends', '2025-09-29'],
        ['prosecute-or-withdraw', '2025-09-30'],
        ['prosecution-time-limit', '2026-01-04'],
      ]);
    });

    it('refuses to record the service again once it is recorded (409), so the dates the parent was given never move', async () => {
      const again = await service({ method: 'hand', sentOn: '2025-09-01' });
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(
        /recorded already \(posted on 2025-08-29, received 2025-09-02\)/,
      );
      expect((await journey()).openItems.unpaidPenaltyNotices[0].receivedOn).toBe('2025-09-02');
    });
    it('takes £80 on 22 September, which the dates from the day of issue would have refused', async () => {
      await post(`/pupils/${pupilId}/penalty-notices/${noticeId}/payments`, {
        paidOn: '2025-09-22',
        amount: 80,
      });
      expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([]);
    });
  });
});
