/**
 * Allocation and workload: an attendance officer (the manager) moves one case or many from one
 * worker to another, each with an event that carries the reason, and sees each worker's open cases
 * by stage and flag. A request that cannot be carried out in full moves nothing.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { pupilBody } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('reallocation and workload', () => {
  let t: TestApp;
  let officer: string;
  let position = '0';
  const pupils: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    officer = await t.token('attendance-officer', 'officer-1');
    for (const [i, worker] of ['worker-1', 'worker-1', 'worker-1', 'worker-3', null].entries()) {
      const { pupilId } = (await write(officer, 'post', '/pupils', pupilBody(`P-${i}`)).expect(201))
        .body;
      pupils.push(pupilId);
      if (worker)
        await write(officer, 'put', `/pupils/${pupilId}/lead-practitioner`, {
          practitionerId: worker,
        }).expect(200);
    }
    position = await lastPosition();
  });
  afterAll(() => t.close());

  const write = (token: string, method: 'post' | 'put', path: string, body: object) =>
    request(t.http)[method](path).set('Authorization', `Bearer ${token}`).send(body);
  const lastPosition = async () => ((await t.allEvents()).at(-1)?.position ?? 0n).toString();
  const workload = async () =>
    (
      await request(t.http)
        .get('/workload')
        .query({ position })
        .set('Authorization', `Bearer ${officer}`)
        .expect(200)
    ).body;
  const openCasesOf = (view: { workers: { workerId: string; openCases: number }[] }) =>
    Object.fromEntries(view.workers.map((w) => [w.workerId, w.openCases]));
  /** Refused with `status`, and the store holds exactly what it held before. */
  const refused = async (token: string, body: object, status: number) => {
    const before = (await t.allEvents()).length;
    const r = await write(token, 'post', '/reallocations', body);
    expect({ status: r.status, body: r.body }).toMatchObject({ status });
    expect((await t.allEvents()).length).toBe(before);
    return r.body;
  };

  it("shows each worker's open cases by stage and flag, busiest first, and the unallocated", async () => {
    const view = await workload();
    expect(view.workers.map((w: { workerId: string }) => w.workerId)).toEqual([
      'worker-1',
      'worker-3',
    ]);
    expect(view.workers[0]).toMatchObject({
      workerId: 'worker-1',
      openCases: 3,
      byStage: expect.objectContaining({ expect: 3 }),
      flags: { persistent: 0, severe: 0, threshold: 0 },
    });
    expect(view.unallocated).toMatchObject({ openCases: 1, byStage: { expect: 1 } });
  });

  it('moves several cases at once, each with an event carrying the reason', async () => {
    const r = await write(officer, 'post', '/reallocations', {
      fromWorkerId: 'worker-1',
      toWorkerId: 'worker-2',
      reason: 'Worker-1 goes part time',
      pupilIds: [pupils[0], pupils[1]],
    }).expect(200);
    expect(r.body.reallocated.map((x: { pupilId: string }) => x.pupilId)).toEqual([
      pupils[0],
      pupils[1],
    ]);
    position = r.body.position;
    const moved = (await t.allEvents()).filter((e) => e.type === 'CaseReallocated');
    expect(moved.map((e) => [e.streamId, e.data])).toEqual(
      [pupils[0], pupils[1]].map((id) => [
        `pupil-${id}`,
        expect.objectContaining({
          fromPractitionerId: 'worker-1',
          toPractitionerId: 'worker-2',
          reason: 'Worker-1 goes part time',
        }),
      ]),
    );
    expect(moved[0].metadata).toMatchObject({ actor: 'officer-1', role: 'attendance-officer' });
    expect(openCasesOf(await workload())).toEqual({ 'worker-1': 1, 'worker-2': 2, 'worker-3': 1 });
  });

  it('puts the moved cases on the new worker’s caseload, and the move with its reason in the case file', async () => {
    const worker2 = await t.token('link-worker', 'worker-2', ['school-z']);
    const caseload = (
      await request(t.http)
        .get('/caseloads')
        .query({ position })
        .set('Authorization', `Bearer ${worker2}`)
        .expect(200)
    ).body;
    expect(caseload.items.map((i: { pupilId: string }) => i.pupilId).sort()).toEqual(
      [pupils[0], pupils[1]].sort(),
    );
    const file = (
      await request(t.http)
        .get(`/pupils/${pupils[0]}/case-file`)
        .query({ position, kind: 'case' })
        .set('Authorization', `Bearer ${worker2}`)
        .expect(200)
    ).body;
    expect(file.items[0]).toMatchObject({
      summary: 'Case reallocated from worker-1 to worker-2.',
      entries: [expect.objectContaining({ reason: 'Worker-1 goes part time' })],
    });
  });

  it('moves one case', async () => {
    const r = await write(officer, 'post', '/reallocations', {
      fromWorkerId: 'worker-3',
      toWorkerId: 'worker-1',
      reason: 'Back from leave',
      pupilIds: [pupils[3]],
    }).expect(200);
    position = r.body.position;
    expect(openCasesOf(await workload())).toEqual({ 'worker-1': 2, 'worker-2': 2 });
  });

  it('moves nothing when one of the cases is not the worker’s, and names it', async () => {
    const body = await refused(
      officer,
      {
        fromWorkerId: 'worker-1',
        toWorkerId: 'worker-2',
        reason: 'Balance',
        pupilIds: [pupils[2], pupils[0], pupils[4]],
      },
      409,
    );
    expect(body.code).toBe('reallocation-refused');
    expect(body.facts.refused).toEqual([
      expect.objectContaining({ pupilId: pupils[0], code: 'not-allocated-to' }),
      expect.objectContaining({ pupilId: pupils[4], code: 'not-allocated-to' }),
    ]);
    expect(body.detail).toMatch(/No case was reallocated/);
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const good = {
      fromWorkerId: 'worker-1',
      toWorkerId: 'worker-2',
      reason: 'Balance',
      pupilIds: [pupils[2]],
    };
    expect((await refused(officer, { ...good, reason: undefined }, 400)).detail).toMatch(/reason/);
    await refused(officer, { ...good, pupilIds: [] }, 400);
    await refused(officer, { ...good, pupilIds: ['not-a-uuid'] }, 400);
    await refused(officer, { ...good, pupilIds: [pupils[2], pupils[2]] }, 400);
    await refused(officer, { ...good, toWorkerId: 'has spaces' }, 400);
    await refused(officer, { ...good, reallocatedOn: '2999-01-01' }, 422);
    expect((await refused(officer, { ...good, toWorkerId: 'worker-1' }, 422)).detail).toMatch(
      /someone other than/,
    );
    expect(
      (await refused(officer, { ...good, pupilIds: [pupils[2], randomUUID()] }, 409)).facts.refused,
    ).toEqual([expect.objectContaining({ code: 'not-found' })]);
  });

  it('is the manager’s: link workers, school staff and panel chairs are refused', async () => {
    const good = {
      fromWorkerId: 'worker-1',
      toWorkerId: 'worker-2',
      reason: 'Balance',
      pupilIds: [pupils[2]],
    };
    await refused(await t.token('link-worker', 'worker-1', ['school-a']), good, 403);
    await refused(await t.token('school-staff', 'staff-a', ['school-a']), good, 403);
    await refused(await t.token('panel-chair', 'chair-1'), good, 403);
    await request(t.http)
      .get('/workload')
      .set('Authorization', `Bearer ${await t.token('link-worker', 'worker-1', ['school-a'])}`)
      .expect(403);
  });
});
