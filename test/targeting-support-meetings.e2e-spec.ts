/**
 * Targeting support meetings over HTTP, on a clock set in the spring term of 2024/25: the list of
 * pupils at risk comes from the caseload, actions agreed for a pupil sit on their caseload until
 * done, and the termly job prepares every school's meeting once.
 */
import { TargetingSupportMeetings } from '@app/application';
import { MEETINGS_QUEUE } from '@app/application/meetings/targeting-support-meetings';
import { SCHEDULER } from '@app/application/tokens';
import type { Scheduler } from '@app/jobs';
import request from 'supertest';
import { addDays, weekOfMarks } from './support/registers';
import { startTestApp, TestApp } from './support/test-app';

const week = (monday: string, unauthorised: number) => weekOfMarks(monday, { unauthorised });

describe('targeting support meetings', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;
  let worker: string;
  let otherWorker: string;
  let position = '0';
  const meetingId = 'tsm-school-a-spring-2024-25';

  beforeAll(async () => {
    t = await startTestApp({}, { clock: () => new Date('2025-03-17T10:00:00.000Z') });
    admin = await t.token('admin', 'admin-1');
    officer = await t.token('attendance-officer', 'officer-1');
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    otherWorker = await t.token('link-worker', 'worker-2', ['school-b']);
  });
  afterAll(() => t.close());

  const call = async (
    method: 'get' | 'post',
    token: string,
    path: string,
    body: object = {},
    status = method === 'get' ? 200 : 200,
  ) => {
    const http = request(t.http);
    const r = await http[method](path)
      .query(method === 'get' || path.endsWith('targeting-support-meetings') ? { position } : {})
      .set('Authorization', `Bearer ${token}`)
      .send(body);
    if (r.status !== status)
      throw new Error(`${path}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body?.position) position = r.body.position;
    return r.body;
  };
  let absent: string;
  let present: string;

  it("prepares a school's meeting with the pupils at risk from the caseload, once", async () => {
    const register = async (reference: string) =>
      (
        await call(
          'post',
          officer,
          '/pupils',
          {
            reference,
            dateOfBirth: '2012-05-10',
            schoolId: 'school-a',
            schoolType: 'academy',
            yearGroup: 8,
          },
          201,
        )
      ).pupilId as string;
    absent = await register('P-ABSENT');
    present = await register('P-PRESENT');
    for (let i = 0; i < 10; i += 1) {
      const monday = addDays('2025-01-06', i * 7);
      await call('post', officer, `/pupils/${absent}/marks`, week(monday, 1));
      await call('post', officer, `/pupils/${present}/marks`, week(monday, 0));
    }

    const first = await call('post', worker, '/schools/school-a/targeting-support-meetings');
    expect(first).toMatchObject({ meetingId, prepared: true });
    const meeting = await call('get', worker, `/targeting-support-meetings/${meetingId}`);
    expect(meeting).toMatchObject({
      status: 'prepared',
      schoolId: 'school-a',
      term: 'spring 2024/25',
      preparedOn: '2025-03-17',
    });
    expect(meeting.pupils).toEqual([
      {
        pupilId: absent,
        reference: 'P-ABSENT',
        // The monitor rules may have raised their concerns by now too: that is a reason as well.
        reasons: expect.arrayContaining(['persistent absence (90.0%)', 'national threshold met']),
        attendanceRate: 0.9,
        actions: [],
      },
    ]);

    const again = await call('post', worker, '/schools/school-a/targeting-support-meetings');
    expect(again).toMatchObject({ meetingId, prepared: false });
  });

  it("puts an agreed action on the pupil's caseload until it is done", async () => {
    const { actionId } = await call(
      'post',
      worker,
      `/targeting-support-meetings/${meetingId}/actions`,
      {
        pupilId: absent,
        action: 'Meet mother with the school nurse',
        owner: 'worker-1',
        dueOn: '2025-03-28',
      },
      201,
    );
    const row = (await call('get', worker, '/caseloads?schoolId=school-a')).items.find(
      (r: { pupilId: string }) => r.pupilId === absent,
    );
    expect(row.nextAction).toEqual({
      kind: 'targeting-support-action',
      due: '2025-03-28',
      ref: actionId,
      overdue: false,
    });
    expect(
      (await call('get', worker, `/targeting-support-meetings/${meetingId}`)).pupils[0].actions,
    ).toEqual([
      expect.objectContaining({
        actionId,
        owner: 'worker-1',
        agreedOn: '2025-03-17',
        completedOn: null,
      }),
    ]);

    await call(
      'post',
      worker,
      `/targeting-support-meetings/${meetingId}/actions/${actionId}/completion`,
      {
        completedOn: '2025-03-25',
        outcome: 'Mother agreed a morning routine',
      },
    );
    const after = (await call('get', worker, '/caseloads?schoolId=school-a')).items.find(
      (r: { pupilId: string }) => r.pupilId === absent,
    );
    expect(after.nextAction).toBeNull();
  });

  it("makes an agreed action a task on its owner's work list, completed on the meeting from there", async () => {
    const { actionId } = await call(
      'post',
      worker,
      `/targeting-support-meetings/${meetingId}/actions`,
      {
        pupilId: absent,
        action: 'Home visit with the school nurse',
        owner: 'worker-1',
        dueOn: '2025-03-21',
      },
      201,
    );
    const task = (await call('get', worker, '/tasks')).items.find(
      (i: { ref: string }) => i.ref === actionId,
    );
    expect(task).toMatchObject({
      kind: 'targeting-support-action',
      pupilId: absent,
      meetingId,
      dueOn: '2025-03-21',
      overdue: false,
      assignee: 'worker-1',
    });
    await call('post', worker, `/tasks/${task.taskId}/complete`, {
      note: 'Visited; a morning routine agreed',
    });
    const meeting = await call('get', worker, `/targeting-support-meetings/${meetingId}`);
    expect(
      meeting.pupils[0].actions.find((a: { actionId: string }) => a.actionId === actionId),
    ).toMatchObject({ completedOn: '2025-03-17', outcome: 'Visited; a morning routine agreed' });
    expect((await call('get', worker, '/tasks')).items).toEqual([]);
  });

  it('refuses an action for a pupil not on the list, and the meetings of other schools', async () => {
    const refused = await call(
      'post',
      worker,
      `/targeting-support-meetings/${meetingId}/actions`,
      { pupilId: present, action: 'Praise', owner: 'school', dueOn: '2025-03-28' },
      422,
    );
    expect(refused.detail).toMatch(/not on the meeting's list/);
    await call('get', otherWorker, `/targeting-support-meetings/${meetingId}`, {}, 403);
    await call('post', otherWorker, '/schools/school-a/targeting-support-meetings', {}, 403);
    await call('get', worker, '/targeting-support-meetings/tsm-school-a-autumn-1999-00', {}, 404);
    await call('get', worker, '/targeting-support-meetings/not-a-meeting', {}, 400);
    await call(
      'post',
      worker,
      `/targeting-support-meetings/${meetingId}/actions`,
      { pupilId: absent, action: 'x', owner: 'school', dueOn: '2025-02-30' },
      400,
    );
  });

  it('records the meeting held in its term', async () => {
    await call('post', worker, `/targeting-support-meetings/${meetingId}/held`, {
      heldOn: '2025-03-17',
      attendees: ['school', 'worker-1'],
    });
    expect(await call('get', officer, `/targeting-support-meetings/${meetingId}`)).toMatchObject({
      status: 'held',
      heldOn: '2025-03-17',
    });
  });

  it("the termly job prepares every school's meeting that is due, once", async () => {
    // Schools join the directory only now, so the job's own first run (at start-up) had none:
    // that run waits for the read models to catch up first, so wait for it to be over.
    const scheduler = t.app.get<Scheduler>(SCHEDULER);
    for (let i = 0; ; i++) {
      const { waiting, running } = await scheduler.depth(MEETINGS_QUEUE);
      if (waiting + running === 0) break;
      if (i > 500) throw new Error('The termly job did not finish its first run.');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const [schoolId, name] of [
      ['school-a', 'Oakfield'],
      ['school-b', 'Elm'],
    ])
      await call('post', admin, '/admin/schools', { schoolId, name, schoolType: 'academy' }, 201);
    const meetings = t.app.get(TargetingSupportMeetings);
    expect(await meetings.prepareDue('job-1')).toEqual(['tsm-school-b-spring-2024-25']);
    expect(await meetings.prepareDue('job-2')).toEqual([]);
    const b = await call('get', officer, '/targeting-support-meetings/tsm-school-b-spring-2024-25');
    expect(b).toMatchObject({ status: 'prepared', pupils: [] });
  });
});
