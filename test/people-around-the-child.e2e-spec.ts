/**
 * The people around the child, each with the least they need: school staff on their school's
 * pupils (rows, attendance, targeting support meetings, and what they may ask of the LA), a social
 * worker on the children allocated to them, a virtual school head on looked-after children. Every
 * refusal is a 403 that records nothing.
 */
import request from 'supertest';
import { addDays, weekOfMarks } from './support/registers';
import { pupilBody } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('the people around the child', () => {
  let t: TestApp;
  let officer: string;
  let staff: string;
  let socialWorker: string;
  let vsh: string;
  let atA: string;
  let atB: string;
  let familyId: string;
  let position = '0';
  const meetingId = 'tsm-school-a-spring-2024-25';

  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => new Date('2025-03-17T10:00:00.000Z') });
    officer = await t.token('attendance-officer', 'officer-1');
    staff = await t.token('school-staff', 'staff-a', ['school-a']);
    socialWorker = await t.token('social-worker', 'sw-1');
    vsh = await t.token('virtual-school-head', 'vsh-1');
    const register = async (reference: string, schoolId: string) =>
      (await send(officer, 'post', '/pupils', pupilBody(reference, schoolId), 201)).body
        .pupilId as string;
    atA = await register('P-A', 'school-a');
    atB = await register('P-B', 'school-b');
    for (let i = 0; i < 10; i += 1)
      await send(
        officer,
        'post',
        `/pupils/${atA}/marks`,
        {
          ...weekOfMarks(addDays('2025-01-06', i * 7), { unauthorised: 1 }),
        },
        200,
      );
    familyId = (await send(officer, 'post', '/families', { reference: 'F-A' }, 201)).body.familyId;
    await send(officer, 'post', `/families/${familyId}/pupils`, { pupilId: atA }, 200);
  });
  afterAll(() => t.close());

  /** A write that must answer `status`; its position is kept for the reads that follow. */
  async function send(
    token: string,
    method: 'get' | 'post' | 'put',
    path: string,
    body: object | undefined,
    status: number,
  ) {
    const r = request(t.http)[method](path).set('Authorization', `Bearer ${token}`);
    const res = await (body === undefined ? r : r.send(body));
    if (res.status !== status)
      throw new Error(`${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body?.position) position = res.body.position;
    return res;
  }
  const get = (token: string, path: string) =>
    request(t.http).get(path).query({ position }).set('Authorization', `Bearer ${token}`);
  const caseloadOf = async (token: string) =>
    ((await get(token, '/caseloads').expect(200)).body.items as { pupilId: string }[]).map(
      (r) => r.pupilId,
    );
  /** A refusal: 403, and the store holds exactly what it held before. */
  const refused = async (
    token: string,
    method: 'get' | 'post' | 'put',
    path: string,
    body?: object,
  ) => {
    const before = (await t.allEvents()).length;
    const r = request(t.http)[method](path).set('Authorization', `Bearer ${token}`);
    expect((await (body === undefined ? r : r.send(body))).status).toBe(403);
    expect((await t.allEvents()).length).toBe(before);
  };

  describe('school staff', () => {
    it("see their school's pupils on the caseload, with attendance, and not another school's", async () => {
      expect(await caseloadOf(staff)).toEqual([atA]);
      const row = (await get(staff, '/caseloads').expect(200)).body.items[0];
      expect(row.attendance.year.rate).toBeCloseTo(0.9);
      expect((await get(staff, `/pupils/${atA}`).expect(200)).body.attendance.overall).toEqual(
        expect.objectContaining({ possible: 100 }),
      );
      await refused(staff, 'get', `/pupils/${atB}`);
      await refused(staff, 'get', '/caseloads?schoolId=school-b');
      await refused(staff, 'get', '/caseloads?workerId=worker-1');
    });

    it('see no family history, case file or family, even of their own pupils', async () => {
      await refused(staff, 'get', `/families/${familyId}/history?purpose=Checking%20the%20history`);
      await refused(staff, 'get', `/pupils/${atA}/case-file`);
      await refused(staff, 'get', `/families/${familyId}`);
    });

    it('raise a concern, refer to the LA and request a penalty notice, which the officer sees', async () => {
      await send(
        staff,
        'post',
        `/pupils/${atA}/concerns`,
        {
          summary: 'Late most mornings since half term',
        },
        201,
      );
      const { referralId } = (
        await send(
          staff,
          'post',
          `/pupils/${atA}/local-authority-referrals`,
          {
            reason: 'The family asks for help with mornings',
          },
          201,
        )
      ).body;
      const { requestId } = (
        await send(
          staff,
          'post',
          `/pupils/${atA}/penalty-notice-requests`,
          {
            reason: 'Term-time holiday without leave',
            offencePeriod: { from: '2025-03-03', to: '2025-03-07' },
          },
          201,
        )
      ).body;
      const journey = (await get(officer, `/pupils/${atA}`).expect(200)).body;
      expect(journey.schoolRequests).toEqual([
        expect.objectContaining({ requestId: referralId, kind: 'local-authority-referral' }),
        expect.objectContaining({
          requestId,
          kind: 'penalty-notice',
          offencePeriod: { from: '2025-03-03', to: '2025-03-07' },
        }),
      ]);
      const file = (await get(officer, `/pupils/${atA}/case-file?kind=school-request`).expect(200))
        .body;
      expect(file.items.map((i: { summary: string }) => i.summary)).toEqual([
        expect.stringMatching(
          /asked the LA to issue a penalty notice for 2025-03-03 to 2025-03-07/,
        ),
        expect.stringMatching(/Referred by the school to the LA/),
      ]);
      // Who asked, in which role, is on the record.
      expect(file.items[0].entries[0].recordedBy).toEqual({
        userId: 'staff-a',
        role: 'school-staff',
      });
    });

    it('puts the request on the officer’s caseload until answered, and the answer in the case file', async () => {
      const journey = (await get(officer, `/pupils/${atA}`).expect(200)).body;
      const requestId = journey.schoolRequests[1].requestId as string;
      const row = (await get(officer, '/caseloads?schoolId=school-a').expect(200)).body.items[0];
      expect(row.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'school-request', ref: requestId, due: '2025-03-17' }),
        ]),
      );
      const answer = `/pupils/${atA}/school-requests/${requestId}/answer`;
      await refused(staff, 'post', answer, { answer: 'accepted', reason: 'x' });
      await send(
        officer,
        'post',
        answer,
        { answer: 'declined', reason: 'Support first: a notice to improve is the next step' },
        200,
      );
      await send(officer, 'post', answer, { answer: 'accepted', reason: 'x' }, 409);
      const after = (await get(officer, '/caseloads?schoolId=school-a').expect(200)).body.items[0];
      expect(after.actions.map((a: { ref: string }) => a.ref)).not.toContain(requestId);
      const [item] = (
        await get(officer, `/pupils/${atA}/case-file?kind=school-request`).expect(200)
      ).body.items;
      expect(item.entries.map((e: { summary: string }) => e.summary)).toEqual([
        expect.stringMatching(/asked the LA to issue a penalty notice/),
        `The LA declined the school's request ${requestId}.`,
      ]);
    });

    it("may not ask anything of the LA about another school's pupil, nor record casework", async () => {
      await refused(staff, 'post', `/pupils/${atB}/concerns`, { summary: 'x' });
      await refused(staff, 'post', `/pupils/${atB}/local-authority-referrals`, { reason: 'x' });
      await refused(staff, 'post', `/pupils/${atB}/penalty-notice-requests`, { reason: 'x' });
      await refused(staff, 'post', `/pupils/${atA}/conversations`, {
        heldOn: '2025-03-17',
        withWhom: ['mother'],
        barriers: [],
        agreedNextSteps: [],
      });
      await refused(staff, 'post', `/pupils/${atA}/penalty-notices`, {});
    });

    it("prepare their school's targeting support meeting and record an action agreed, not another school's", async () => {
      const prepared = await send(
        staff,
        'post',
        `/schools/school-a/targeting-support-meetings?position=${position}`,
        undefined,
        200,
      );
      expect(prepared.body).toMatchObject({ meetingId });
      const meeting = (await get(staff, `/targeting-support-meetings/${meetingId}`).expect(200))
        .body;
      expect(meeting.pupils.map((p: { pupilId: string }) => p.pupilId)).toEqual([atA]);
      await send(
        staff,
        'post',
        `/targeting-support-meetings/${meetingId}/actions`,
        {
          pupilId: atA,
          action: 'Breakfast club place from Monday',
          owner: 'staff-a',
          dueOn: '2025-03-24',
        },
        201,
      );
      const row = (await get(staff, '/caseloads').expect(200)).body.items[0];
      expect(row.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'targeting-support-action', due: '2025-03-24' }),
        ]),
      );
      await refused(staff, 'post', '/schools/school-b/targeting-support-meetings');
    });
  });

  describe('a social worker', () => {
    it('sees nothing of a child until the child is allocated to them', async () => {
      expect(await caseloadOf(socialWorker)).toEqual([]);
      await refused(socialWorker, 'get', `/pupils/${atA}`);
    });

    it("reads the allocated child's attendance and journey, and nothing of another child", async () => {
      await send(
        officer,
        'put',
        `/pupils/${atA}/social-worker`,
        {
          socialWorkerId: 'sw-1',
        },
        200,
      );
      expect(await caseloadOf(socialWorker)).toEqual([atA]);
      const journey = (await get(socialWorker, `/pupils/${atA}`).expect(200)).body;
      expect(journey).toMatchObject({ socialWorkerId: 'sw-1', stage: expect.any(String) });
      expect(journey.attendance.overall.possible).toBe(100);
      await refused(socialWorker, 'get', `/pupils/${atB}`);
      await refused(socialWorker, 'get', '/caseloads?schoolId=school-a');
    });

    it('records nothing and reads no case file or family history', async () => {
      await refused(socialWorker, 'post', `/pupils/${atA}/concerns`, { summary: 'x' });
      await refused(socialWorker, 'get', `/pupils/${atA}/case-file`);
      await refused(socialWorker, 'get', `/families/${familyId}/history?purpose=Checking%20it`);
      await refused(socialWorker, 'get', `/targeting-support-meetings/${meetingId}`);
      await refused(socialWorker, 'put', `/pupils/${atB}/social-worker`, {
        socialWorkerId: 'sw-1',
      });
    });

    it('loses access when the allocation ends', async () => {
      await send(
        officer,
        'post',
        `/pupils/${atA}/social-worker/end`,
        {
          reason: 'Case closed by children’s social care',
        },
        200,
      );
      expect(await caseloadOf(socialWorker)).toEqual([]);
      await refused(socialWorker, 'get', `/pupils/${atA}`);
    });

    it('is allocated only by the attendance team, and only with a valid id', async () => {
      await refused(staff, 'put', `/pupils/${atA}/social-worker`, { socialWorkerId: 'sw-1' });
      const before = (await t.allEvents()).length;
      await send(
        officer,
        'put',
        `/pupils/${atA}/social-worker`,
        {
          socialWorkerId: 'not an id!',
        },
        400,
      );
      await send(officer, 'post', `/pupils/${atA}/social-worker/end`, { reason: 'x' }, 409);
      expect((await t.allEvents()).length).toBe(before);
    });
  });

  describe('a virtual school head', () => {
    it('sees looked-after children only, from the day the status is recorded', async () => {
      expect(await caseloadOf(vsh)).toEqual([]);
      await refused(vsh, 'get', `/pupils/${atB}`);
      await send(
        officer,
        'post',
        `/pupils/${atB}/flags`,
        {
          flags: { lookedAfter: true },
          updatedOn: '2025-03-10',
        },
        200,
      );
      expect(await caseloadOf(vsh)).toEqual([atB]);
      expect((await get(vsh, `/pupils/${atB}`).expect(200)).body.flags.lookedAfter).toBe(true);
      await refused(vsh, 'get', `/pupils/${atA}`);
      await refused(vsh, 'post', `/pupils/${atB}/concerns`, { summary: 'x' });
      await refused(vsh, 'get', `/pupils/${atB}/case-file`);
    });
  });
});
