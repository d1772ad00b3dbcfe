/**
 * Early help and whole-family plans with SMART attendance targets: a target for a child, with
 * owned actions, and its reviews (met, partly met, not met: worked out from the attendance
 * measured) show in the child's case file. Bad input is a clear 4xx and records nothing.
 */
import request from 'supertest';
import { pupilBody } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

describe('plan targets and their reviews', () => {
  let t: TestApp;
  let worker: string;
  let pupilId: string;
  let sibling: string;
  let familyId: string;
  let planId: string;
  let targetId: string;
  let position = '0';

  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => new Date('2025-01-13T10:00:00.000Z') });
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    const register = async (reference: string) =>
      (await send('/pupils', { ...pupilBody(reference), registeredOn: '2024-09-02' }, 201)).body
        .pupilId as string;
    pupilId = await register('P-1');
    sibling = await register('P-2');
    familyId = (await send('/families', { reference: 'F-1' }, 201)).body.familyId;
    for (const id of [pupilId, sibling])
      await send(`/families/${familyId}/pupils`, { pupilId: id }, 200);
    planId = (
      await send(
        `/families/${familyId}/plans`,
        {
          kind: 'early-help-plan',
          leadPractitionerId: 'worker-1',
          startsOn: '2025-01-06',
          summary: 'Mornings, and a school nurse referral',
        },
        201,
      )
    ).body.planId;
  });
  afterAll(() => t.close());

  /** A write that must answer `status`; its position is kept for the reads that follow. */
  const send = async (path: string, body: object, status: number) => {
    const r = await request(t.http).post(path).set('Authorization', `Bearer ${worker}`).send(body);
    if (r.status !== status)
      throw new Error(`${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body?.position) position = r.body.position;
    return r;
  };
  const target = {
    pupilId: '',
    baselineRate: 82.5,
    targetRate: 92,
    by: '2025-03-28',
    actions: [
      { action: 'Breakfast club place from Monday', owner: 'school', dueOn: '2025-01-20' },
      { action: 'Morning routine agreed with mum', owner: 'worker-1', dueOn: '2025-02-03' },
    ],
  };
  const planFile = async () =>
    (
      await request(t.http)
        .get(`/pupils/${pupilId}/case-file`)
        .query({ kind: 'family-plan', position })
        .set('Authorization', `Bearer ${worker}`)
        .expect(200)
    ).body.items;
  const refused = async (path: string, body: object, status: number) => {
    const before = (await t.allEvents()).length;
    const r = await request(t.http).post(path).set('Authorization', `Bearer ${worker}`).send(body);
    expect({ status: r.status }).toEqual({ status });
    expect((await t.allEvents()).length).toBe(before);
    return r.body;
  };

  it("sets a target for a child, shown with its actions on the plan in the child's case file", async () => {
    const r = await send(
      `/families/${familyId}/plans/${planId}/targets`,
      { ...target, pupilId },
      201,
    );
    targetId = r.body.targetId;
    const [plan] = await planFile();
    expect(plan.entries.map((e: { type: string }) => e.type)).toEqual([
      'FamilyPlanRecorded',
      'PlanTargetSet',
    ]);
    expect(plan.entries[1].summary).toBe(
      `Attendance target set in plan ${planId} for pupil ${pupilId}: 92% by 2025-03-28 (from 82.5%), with 2 actions: Breakfast club place from Monday (school, by 2025-01-20); Morning routine agreed with mum (worker-1, by 2025-02-03).`,
    );
  });

  it('reviews it: partly met, then met, each an event in the file', async () => {
    const review = (attendanceRate: number) =>
      send(
        `/families/${familyId}/plans/${planId}/targets/${targetId}/reviews`,
        { attendanceRate, notes: 'Mondays still hard' },
        200,
      );
    await review(88.4);
    await review(93);
    const [plan] = await planFile();
    expect(
      plan.entries
        .filter((e: { type: string }) => e.type === 'PlanTargetReviewed')
        .map((e: { details: { outcome: string }; summary: string }) => [
          e.details.outcome,
          e.summary,
        ]),
    ).toEqual([
      ['partly-met', `Attendance target ${targetId} reviewed: partly met (88.4% against 92%).`],
      ['met', `Attendance target ${targetId} reviewed: met (93% against 92%).`],
    ]);
  });

  it("keeps the target out of the sibling's file: it is not theirs", async () => {
    const file = (
      await request(t.http)
        .get(`/pupils/${sibling}/case-file`)
        .query({ kind: 'family-plan', position })
        .set('Authorization', `Bearer ${worker}`)
        .expect(200)
    ).body.items;
    expect(file[0].entries.map((e: { type: string }) => e.type)).toEqual(['FamilyPlanRecorded']);
  });

  it('refuses a target that is not SMART, or bad input, and records nothing', async () => {
    const path = `/families/${familyId}/plans/${planId}/targets`;
    const good = { ...target, pupilId };
    expect((await refused(path, { ...good, actions: [] }, 400)).detail).toMatch(/actions/);
    await refused(path, { ...good, targetRate: 120 }, 400);
    await refused(path, { ...good, pupilId: 'nope' }, 400);
    await refused(path, { ...good, actions: [{ action: 'x', dueOn: '2025-01-20' }] }, 400);
    expect((await refused(path, { ...good, targetRate: 80 }, 422)).detail).toMatch(
      /must be above the attendance the child has now/,
    );
    expect((await refused(path, { ...good, by: '2025-01-13' }, 422)).detail).toMatch(
      /after the day the target is set/,
    );
    await refused(`/families/${familyId}/plans/no-such-plan/targets`, good, 409);
    const review = `/families/${familyId}/plans/${planId}/targets/${targetId}/reviews`;
    await refused(review, { attendanceRate: 'high' }, 400);
    await refused(review, { attendanceRate: 90, reviewedOn: '2025-02-01' }, 422);
    await refused(
      `/families/${familyId}/plans/${planId}/targets/t-9/reviews`,
      { attendanceRate: 90 },
      409,
    );
  });

  it('is refused to a link worker of another school, and to school staff', async () => {
    const path = `/families/${familyId}/plans/${planId}/targets`;
    for (const token of [
      await t.token('link-worker', 'worker-9', ['school-z']),
      await t.token('school-staff', 'staff-a', ['school-a']),
    ]) {
      const before = (await t.allEvents()).length;
      await request(t.http)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send({ ...target, pupilId })
        .expect(403);
      expect((await t.allEvents()).length).toBe(before);
    }
  });
});
