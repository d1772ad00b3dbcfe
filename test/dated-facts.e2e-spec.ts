/**
 * Facts dated when they happened, over HTTP: a case written up in October for things that happened
 * in September answers "what had happened by 30 September" with them, and "what was known by 30
 * September" without them. A day in the future or before the child's birth is refused with a
 * `detail` a caseworker can read, and changes nothing.
 */
import request from 'supertest';
import { pupilAsOf } from './support/audit';
import { pupilBody } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

const PURPOSE = 'Checking what the school knew before the panel met';

describe('facts dated when they happened', () => {
  let t: TestApp;
  const now = new Date('2025-10-06T10:00:00.000Z');
  let worker: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' }, { clock: () => now });
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    auditor = await t.token('auditor', 'auditor-1');
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    request(t.http).post(path).set('Authorization', `Bearer ${worker}`).send(body);

  it('answers "happened by" with facts written up later, and "known by" without them', async () => {
    const { pupilId } = (
      await post('/pupils', { ...pupilBody('P-LATE'), registeredOn: '2025-09-03' }).expect(201)
    ).body;
    const { familyId } = (
      await post('/families', { reference: 'F-LATE', registeredOn: '2025-09-03' }).expect(201)
    ).body;
    await post(`/families/${familyId}/pupils`, { pupilId, linkedOn: '2025-09-10' }).expect(200);
    await post(`/pupils/${pupilId}/support-not-appropriate`, {
      reason: 'term-time-holiday',
      explanation: 'Two weeks abroad in term time without leave',
      recordedOn: '2025-09-22',
    }).expect(200);
    await post(`/pupils/${pupilId}/concerns`, {
      summary: 'Absent after the holiday',
      raisedOn: '2025-09-29',
    }).expect(201);

    const asOf = (at: string) => pupilAsOf(t.http, auditor, pupilId, at, PURPOSE);

    const sept30 = await asOf('2025-09-30');
    expect(sept30.happenedBy.summary).toMatchObject({ reference: 'P-LATE', familyId });
    expect(sept30.happenedBy.summary.concerns).toEqual([
      expect.objectContaining({ raisedOn: '2025-09-29' }),
    ]);
    expect(sept30.happenedBy.eventsCounted).toBe(4);
    expect(sept30.knownBy).toEqual({ summary: null, eventsCounted: 0, lastPosition: null });

    const sept15 = await asOf('2025-09-15');
    expect(sept15.happenedBy.eventsCounted).toBe(2); // registered, linked
    expect(sept15.happenedBy.summary.concerns).toEqual([]);

    const history = await request(t.http)
      .get(`/families/${familyId}/history`)
      .query({ purpose: PURPOSE })
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    const link = history.body.entries.find((e: { kind: string }) => e.kind === 'PupilLinked');
    expect(link).toMatchObject({ happenedOn: '2025-09-10', recordedAt: now.toISOString() });
  });

  it('refuses a day in the future with a detail a caseworker can read, and records nothing', async () => {
    const { pupilId } = (await post('/pupils', pupilBody('P-FUTURE')).expect(201)).body;
    const before = (await t.allEvents()).length;
    const response = await post(`/pupils/${pupilId}/closure`, {
      reason: 'improved',
      closedOn: '2025-10-07',
    }).expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toBe('closedOn (2025-10-07) cannot be in the future.');
    expect((await t.allEvents()).length).toBe(before);
  });

  it("refuses a day before the child's date of birth, and records nothing", async () => {
    const { pupilId } = (await post('/pupils', pupilBody('P-UNBORN')).expect(201)).body;
    const before = (await t.allEvents()).length;
    const response = await post(`/pupils/${pupilId}/concerns`, {
      summary: 'Typed the wrong year',
      raisedOn: '2012-05-09',
    }).expect(422);
    expect(response.body.detail).toBe(
      "raisedOn (2012-05-09) is before the pupil's date of birth (2012-05-10).",
    );
    expect((await t.allEvents()).length).toBe(before);
  });

  it('refuses a registration dated before the date of birth it gives', async () => {
    const response = await post('/pupils', {
      ...pupilBody('P-EARLY'),
      registeredOn: '2011-01-01',
    }).expect(422);
    expect(response.body.detail).toMatch(/registeredOn \(2011-01-01\) is before/);
  });
});
