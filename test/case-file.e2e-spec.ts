/**
 * The case file over HTTP, as the people around a case use it: a link worker records a
 * conversation, support with its outcome and a referral; the panel chair decides; the link worker
 * reads every item back with the decision, its rationale and conditions. A link worker without the
 * case is refused and leaves no trace in the access log; every read that is allowed is recorded.
 */
import request from 'supertest';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

const today = () => new Date().toISOString().slice(0, 10);

describe('the case file', () => {
  let t: TestApp;
  let worker: string;
  let otherWorker: string;
  let chair: string;
  let officer: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp();
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    otherWorker = await t.token('link-worker', 'worker-2', ['school-b']);
    chair = await t.token('panel-chair', 'chair-1');
    officer = await t.token('attendance-officer', 'officer-1');
    auditor = await t.token('auditor', 'auditor-1');
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: object, status = 201) =>
    request(t.http)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .expect((r) => expect([r.status, r.body]).toEqual([status, expect.anything()]));
  const caseFile = (token: string, pupilId: string, query = '') =>
    request(t.http)
      .get(`/pupils/${pupilId}/case-file${query}`)
      .set('Authorization', `Bearer ${token}`);
  const accessLog = async (pupilId: string) =>
    (
      await request(t.http)
        .get(`/audit/access-log?pupilId=${pupilId}&kind=case-file`)
        .set('Authorization', `Bearer ${auditor}`)
        .expect(200)
    ).body.records;

  it('gives the link worker back everything recorded, with the panel’s decision, rationale and conditions', async () => {
    const { pupilId } = await registerPupil(t.http, worker, 'P-CF1');
    const on = today();
    await post(worker, `/pupils/${pupilId}/conversations`, {
      heldOn: on,
      withWhom: ['pupil', 'mother'],
      barriers: ['anxiety', 'transport'],
      barrierNotes: 'The bus is often full',
      pupilVoice: 'I feel sick before school',
      parentVoice: 'We cannot afford the fare every day',
      agreedNextSteps: ['School nurse referral', 'Bus pass application'],
    });
    const { supportId } = (
      await post(worker, `/pupils/${pupilId}/support-actions`, {
        kind: 'school-nurse',
        description: 'School nurse sessions on anxiety',
        startedOn: on,
      })
    ).body;
    await post(
      worker,
      `/pupils/${pupilId}/support-actions/${supportId}/outcome`,
      { outcome: 'partly-helped', familyEngaged: true },
      200,
    );
    const { referralId } = (
      await post(worker, `/pupils/${pupilId}/panel-referrals`, {
        reason: 'Attendance still falling despite support',
      })
    ).body;
    const decided = await post(
      chair,
      `/pupils/${pupilId}/panel-referrals/${referralId}/decision`,
      {
        decision: 'attendance-contract',
        rationale: 'Family engaged with support; a contract gives structure',
        conditions: ['Review at the next panel'],
      },
      200,
    );

    // The decision comes back to the referrer as a task on their work list.
    const tasks = await request(t.http)
      .get(`/tasks?position=${decided.body.position}`)
      .set('Authorization', `Bearer ${worker}`)
      .expect(200);
    expect(tasks.body.items).toEqual([
      expect.objectContaining({ kind: 'panel-outcome', ref: referralId, pupilId }),
    ]);

    const read = await caseFile(worker, pupilId, `?position=${decided.body.position}`).expect(200);
    expect(read.headers['cache-control']).toBe('no-store');
    const file = read.body;
    expect(file).toMatchObject({
      pupilId,
      reference: 'P-CF1',
      stage: 'facilitate-support',
      status: 'open',
      schoolId: 'school-a',
    });
    expect(file.attendance).toMatchObject({ trend: 'unknown', persistentAbsence: false });
    // Newest first, each with the stage it was recorded at.
    expect(file.items.map((i: { kind: string; stage: string }) => [i.kind, i.stage])).toEqual([
      ['panel-referral', 'facilitate-support'],
      ['support', 'facilitate-support'],
      ['conversation', 'listen-and-understand'],
      ['registration', 'expect'],
    ]);
    const [referral, support, conversation] = file.items;
    expect(conversation.entries[0]).toMatchObject({
      summary:
        'Conversation held with pupil, mother; barriers identified: anxiety, transport; 2 next steps agreed.',
      happenedOn: on,
      recordedBy: { userId: 'worker-1', role: 'link-worker' },
      details: {
        withWhom: ['pupil', 'mother'],
        barriers: ['anxiety', 'transport'],
        barrierNotes: 'The bus is often full',
        pupilVoice: 'I feel sick before school',
        parentVoice: 'We cannot afford the fare every day',
        agreedNextSteps: ['School nurse referral', 'Bus pass application'],
      },
    });
    expect(support.ref).toBe(supportId);
    expect(support.entries.map((e: { summary: string }) => e.summary)).toEqual([
      `Support started: school nurse (${supportId}).`,
      `Support ${supportId} outcome: partly helped; the family engaged.`,
    ]);
    expect(referral.entries[0]).toMatchObject({
      reason: 'Attendance still falling despite support',
      recordedBy: { userId: 'worker-1' },
    });
    expect(referral.entries[1]).toMatchObject({
      type: 'PanelDecisionRecorded',
      summary: `Panel decided on referral ${referralId}: attendance contract, on condition: Review at the next panel.`,
      reason: 'Family engaged with support; a contract gives structure',
      recordedBy: { userId: 'chair-1', role: 'panel-chair' },
      details: { decision: 'attendance-contract', conditions: ['Review at the next panel'] },
    });
    expect(typeof referral.entries[1].recordedAt).toBe('string');

    // The read was recorded, with who read, and the purpose casework implies when none is given.
    expect(await accessLog(pupilId)).toMatchObject([
      { userId: 'worker-1', role: 'link-worker', kind: 'case-file', pupilId },
    ]);
  });

  it('refuses a link worker without the case, and records nothing of the refusal', async () => {
    const { pupilId, position } = await registerPupil(t.http, worker, 'P-CF2');
    const refused = await caseFile(otherWorker, pupilId, `?position=${position}`).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(/outside your allocation/);
    expect(await accessLog(pupilId)).toEqual([]);
  });

  it('lets a link worker read a case allocated to them at a school that is not theirs', async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P-CF3', 'school-b');
    const assigned = await request(t.http)
      .put(`/pupils/${pupilId}/lead-practitioner`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ practitionerId: 'worker-1' })
      .expect(200);
    await caseFile(worker, pupilId, `?position=${assigned.body.position}`).expect(200);
  });

  it('pages newest first, and filters by stage', async () => {
    const { pupilId } = await registerPupil(t.http, worker, 'P-CF4');
    let position = '';
    for (const summary of ['First concern', 'Second concern', 'Third concern'])
      position = String(
        (await post(worker, `/pupils/${pupilId}/concerns`, { summary })).body.position,
      );
    const first = await caseFile(worker, pupilId, `?position=${position}&limit=2`).expect(200);
    expect(
      first.body.items.map((i: { entries: { reason: string }[] }) => i.entries[0].reason),
    ).toEqual(['Third concern', 'Second concern']);
    const rest = await caseFile(
      worker,
      pupilId,
      `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    ).expect(200);
    expect(rest.body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'concern',
      'registration',
    ]);
    expect(rest.body.nextCursor).toBeUndefined();
    const monitor = await caseFile(worker, pupilId, '?stage=expect').expect(200);
    expect(monitor.body.items.map((i: { kind: string }) => i.kind)).toEqual(['registration']);
  });

  it("shows children's social care's response to a neglect referral", async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P-CF5');
    const { referralId } = (
      await post(officer, `/pupils/${pupilId}/neglect-referrals`, {
        route: 's17',
        reason: 'Severe absence; needs unmet at home',
      })
    ).body;
    const responded = await post(
      officer,
      `/pupils/${pupilId}/neglect-referrals/${referralId}/responses`,
      { response: 's17', respondedOn: today(), notes: 'Child in need plan agreed' },
      200,
    );
    const file = (
      await caseFile(
        officer,
        pupilId,
        `?position=${responded.body.position}&kind=neglect-referral`,
      ).expect(200)
    ).body;
    expect(file.items[0].entries[1]).toMatchObject({
      summary: `Children's social care took the case on under s17 of the Children Act 1989 (education-neglect referral ${referralId}).`,
      happenedOn: today(),
      reason: 'Child in need plan agreed',
    });
  });

  it('refuses a response to a neglect referral that does not exist, changing nothing', async () => {
    const { pupilId } = await registerPupil(t.http, officer, 'P-CF6');
    const before = (await t.allEvents()).length;
    const refused = await request(t.http)
      .post(`/pupils/${pupilId}/neglect-referrals/nope/responses`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ response: 'accepted', respondedOn: today() });
    expect([refused.status, refused.body.detail]).toEqual([
      409,
      'There is no such education-neglect referral on this journey.',
    ]);
    expect((await t.allEvents()).length).toBe(before);
  });

  it('answers 404 for a pupil nobody registered, and 400 for a purpose too short', async () => {
    await caseFile(officer, '00000000-0000-4000-8000-00000000abcd').expect(404);
    const { pupilId, position } = await registerPupil(t.http, officer, 'P-CF7');
    const bad = await caseFile(officer, pupilId, `?position=${position}&purpose=why`).expect(400);
    expect(bad.body.detail).toMatch(/purpose must be 10 to 500 characters/);
  });
});
