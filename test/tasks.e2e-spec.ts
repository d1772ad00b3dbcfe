/**
 * Work lists over HTTP, as three people use them: a link worker refers a case to the panel; the
 * panel chair decides; the decision shows on the link worker's caseload row and is a task on
 * their list until they acknowledge it (an event, with their note). Tasks can be handed on, the
 * attendance team sees anyone's list, and bad or unauthorised requests change nothing.
 */
import request from 'supertest';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('tasks', () => {
  let t: TestApp;
  let worker: string;
  let colleague: string;
  let outsider: string;
  let chair: string;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp();
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    colleague = await t.token('link-worker', 'worker-2', ['school-a']);
    outsider = await t.token('link-worker', 'worker-3', ['school-b']);
    chair = await t.token('panel-chair', 'chair-1');
    officer = await t.token('attendance-officer', 'officer-1');
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: object) =>
    request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token: string, path: string) =>
    request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const eventCount = async () => (await t.allEvents()).length;

  /** A referral by worker-1, decided by the panel chair; returns the decision's write. */
  async function decidedReferral(reference: string) {
    const { pupilId } = await registerPupil(t.http, worker, reference);
    const { referralId } = (
      await post(worker, `/pupils/${pupilId}/panel-referrals`, {
        reason: 'Attendance still falling despite support',
      }).expect(201)
    ).body;
    const decided = await post(chair, `/pupils/${pupilId}/panel-referrals/${referralId}/decision`, {
      decision: 'attendance-contract',
      rationale: 'Family engaged with support; a contract gives structure',
      conditions: ['Review at the next panel'],
    }).expect(200);
    return { pupilId, referralId, position: String(decided.body.position) };
  }

  it("puts the panel's decision on the referrer's caseload row and work list until they acknowledge it", async () => {
    const { pupilId, referralId, position } = await decidedReferral('P-T1');

    const caseload = await get(worker, `/caseloads?schoolId=school-a&position=${position}`).expect(
      200,
    );
    const row = caseload.body.items.find((r: { pupilId: string }) => r.pupilId === pupilId);
    expect(row.panelDecision).toMatchObject({
      referralId,
      decision: 'attendance-contract',
      rationale: 'Family engaged with support; a contract gives structure',
      conditions: ['Review at the next panel'],
      acknowledgedOn: null,
    });

    const list = await get(worker, `/tasks?position=${position}`).expect(200);
    expect(list.body.assignee).toBe('worker-1');
    const task = list.body.items.find((i: { pupilId: string }) => i.pupilId === pupilId);
    expect(task).toMatchObject({
      kind: 'panel-outcome',
      ref: referralId,
      reference: 'P-T1',
      assignee: 'worker-1',
      overdue: false,
      links: { case: `/pupils/${pupilId}`, page: `/cases/${pupilId}` },
    });
    expect(task.dueOn > list.body.asOf).toBe(true);

    const done = await post(worker, `/tasks/${task.taskId}/complete`, {
      note: 'Read; contract meeting booked with the family',
    }).expect(200);
    const after = await get(worker, `/tasks?position=${done.body.position}`).expect(200);
    expect(after.body.items.map((i: { taskId: string }) => i.taskId)).not.toContain(task.taskId);
    const rowAfter = (
      await get(worker, `/caseloads?schoolId=school-a&position=${done.body.position}`).expect(200)
    ).body.items.find((r: { pupilId: string }) => r.pupilId === pupilId);
    expect(rowAfter.panelDecision.acknowledgedOn).toBe(list.body.asOf);

    const acknowledged = (await t.allEvents()).filter(
      (e) => e.type === 'PanelDecisionAcknowledged' && e.streamId === `pupil-${pupilId}`,
    );
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0].data).toMatchObject({
      referralId,
      note: 'Read; contract meeting booked with the family',
    });
    expect(acknowledged[0].metadata).toMatchObject({ actor: 'worker-1', role: 'link-worker' });

    // Done once: completing it again finds no open task.
    await post(worker, `/tasks/${task.taskId}/complete`, { note: 'Again' }).expect(404);
  });

  it('hands a task to a colleague, with why, and the colleague can then complete it', async () => {
    const { pupilId, position } = await decidedReferral('P-T2');
    const mine = await get(worker, `/tasks?position=${position}`).expect(200);
    const task = mine.body.items.find((i: { pupilId: string }) => i.pupilId === pupilId);

    const moved = await post(worker, `/tasks/${task.taskId}/reassign`, {
      toUserId: 'worker-2',
      reason: 'Covering while worker-1 is on leave',
    }).expect(200);
    const theirs = await get(colleague, `/tasks?position=${moved.body.position}`).expect(200);
    expect(theirs.body.items.map((i: { taskId: string }) => i.taskId)).toContain(task.taskId);
    const left = await get(worker, `/tasks?position=${moved.body.position}`).expect(200);
    expect(left.body.items.map((i: { taskId: string }) => i.taskId)).not.toContain(task.taskId);
    const [event] = (await t.allEvents()).filter(
      (e) => e.type === 'TaskReassigned' && e.streamId === `pupil-${pupilId}`,
    );
    expect(event.data).toMatchObject({
      toUserId: 'worker-2',
      reason: 'Covering while worker-1 is on leave',
    });
    expect(event.metadata).toMatchObject({ actor: 'worker-1' });

    // No longer theirs: worker-1 may not complete it, worker-2 may.
    await post(worker, `/tasks/${task.taskId}/complete`, { note: 'Done' }).expect(403);
    await post(colleague, `/tasks/${task.taskId}/complete`, { note: 'Done' }).expect(200);
  });

  it("lets the attendance team see a caseworker's list, and no one else see a colleague's", async () => {
    const { pupilId, position } = await decidedReferral('P-T3');
    const seen = await get(officer, `/tasks?assignee=worker-1&position=${position}`).expect(200);
    expect(seen.body.items.map((i: { pupilId: string }) => i.pupilId)).toContain(pupilId);
    const refused = await get(colleague, '/tasks?assignee=worker-1').expect(403);
    expect(refused.body.detail).toMatch(/your own tasks/);
    await get(officer, '/tasks?assignee=unassigned').expect(200);
  });

  it('refuses bad or unauthorised completions and reassignments with a 4xx, recording nothing', async () => {
    const { pupilId, position } = await decidedReferral('P-T4');
    const task = (await get(worker, `/tasks?position=${position}`).expect(200)).body.items.find(
      (i: { pupilId: string }) => i.pupilId === pupilId,
    );
    const before = await eventCount();
    const noNote = await post(worker, `/tasks/${task.taskId}/complete`, {}).expect(400);
    expect(noNote.body.detail).toMatch(/note/);
    await post(worker, `/tasks/${task.taskId}/complete`, {
      note: 'x',
      completedOn: '2999-01-01',
    }).expect(422);
    await post(worker, `/tasks/${task.taskId}/reassign`, { toUserId: 'worker-2' }).expect(400);
    await post(worker, `/tasks/${task.taskId}/reassign`, {
      toUserId: 'not an id!',
      reason: 'x',
    }).expect(400);
    await post(outsider, `/tasks/${task.taskId}/complete`, { note: 'Not mine' }).expect(403);
    await post(worker, '/tasks/no-such.panel-outcome.ref.2025-01-01/complete', {
      note: 'x',
    }).expect(404);
    await post(worker, '/tasks/bad id!/complete', { note: 'x' }).expect(400);
    await get(worker, '/tasks?limit=0').expect(400);
    expect(await eventCount()).toBe(before);
  });
});
