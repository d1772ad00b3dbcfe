import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('the API keeps commands safe to repeat and race', () => {
  let t: TestApp;
  let worker: string;
  let pupilId: string;
  beforeAll(async () => {
    t = await startTestApp();
    worker = await t.token('link-worker', 'worker-1', ['school-a']);
    pupilId = (
      await request(t.http)
        .post('/pupils')
        .set('Authorization', `Bearer ${worker}`)
        .send({
          reference: 'P-9',
          dateOfBirth: '2012-05-10',
          schoolId: 'school-a',
          schoolType: 'academy',
          yearGroup: 8,
        })
        .expect(201)
    ).body.pupilId;
  });
  afterAll(() => t.close());

  const concern = (summary: string) =>
    request(t.http)
      .post(`/pupils/${pupilId}/concerns`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ summary });
  const count = async (type: string) => (await t.allEvents()).filter((e) => e.type === type).length;

  it('returns the first response to a repeated Idempotency-Key and records nothing twice', async () => {
    const before = await count('ConcernRaised');
    const first = await concern('Falling attendance')
      .set('Idempotency-Key', 'key-concern-0001')
      .expect(201);
    const again = await concern('Falling attendance')
      .set('Idempotency-Key', 'key-concern-0001')
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(await count('ConcernRaised')).toBe(before + 1);
  });

  it('refuses an Idempotency-Key reused for a different request', async () => {
    await concern('One thing').set('Idempotency-Key', 'key-concern-0002').expect(201);
    const reused = await concern('Another thing')
      .set('Idempotency-Key', 'key-concern-0002')
      .expect(422);
    expect(reused.body.detail).toMatch(/already used for a different request/);
  });

  it('remembers a refusal, so a retry cannot slip through', async () => {
    const body = { toStage: 'enforce', reason: 'x' };
    const send = () =>
      request(t.http)
        .post(`/pupils/${pupilId}/step-downs`)
        .set('Authorization', `Bearer ${worker}`)
        .set('Idempotency-Key', 'key-stepdown-01')
        .send(body);
    const first = await send();
    expect(first.status).toBe(422);
    const again = await send().expect(422);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/problem\+json/);
  });

  it('gives the revision as an ETag, and refuses a write pinned to a stale one with 412, writing nothing', async () => {
    const read = await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${worker}`)
      .expect(200);
    const etag = read.headers.etag;
    expect(etag).toMatch(/^W\/"\d+"$/);
    const written = await concern('Pinned write').set('If-Match', etag).expect(201);
    expect(written.headers.etag).toBe(`W/"${written.body.revision}"`);
    const before = await count('ConcernRaised');
    const stale = await concern('Stale write').set('If-Match', etag).expect(412);
    expect(stale.body.detail).toMatch(/changed since you read it/);
    expect(await count('ConcernRaised')).toBe(before);
  });

  it('refuses a malformed If-Match with 400', async () => {
    await concern('x').set('If-Match', 'yesterday').expect(400);
  });

  it('loses no update when 20 commands on one pupil arrive at once', async () => {
    const before = await count('ConversationRecorded');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.http)
          .post(`/pupils/${pupilId}/conversations`)
          .set('Authorization', `Bearer ${worker}`)
          .send({
            heldOn: '2025-01-20',
            withWhom: ['pupil'],
            barriers: [],
            agreedNextSteps: [`Step ${i}`],
          }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.revision)).size).toBe(20);
    expect(await count('ConversationRecorded')).toBe(before + 20);
  });

  it('returns the global position of a write, for read-your-writes', async () => {
    const written = await concern('Position').expect(201);
    const events = await t.allEvents();
    expect(written.body.position).toBe(events[events.length - 1].position.toString());
    expect(written.headers['x-global-position']).toBe(written.body.position);
  });

  it('keeps a link worker out of another school’s pupil', async () => {
    const other = await t.token('link-worker', 'worker-2', ['school-b']);
    const response = await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${other}`)
      .expect(403);
    expect(response.body.detail).toMatch(/outside your allocation/);
    await request(t.http)
      .post(`/pupils/${pupilId}/concerns`)
      .set('Authorization', `Bearer ${other}`)
      .send({ summary: 'x' })
      .expect(403);
  });

  it('says in detail why a field is refused, not only which field', async () => {
    const officer = await t.token('attendance-officer', 'officer-1');
    const response = await request(t.http)
      .post(`/pupils/${pupilId}/notices-to-improve`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        parentId: 'parent-1',
        issuedOn: '2025-01-20',
        improvementWeeks: 9,
        sufficientImprovement: 'No unauthorised absence',
      })
      .expect(400);
    expect(response.body.detail).toBe('improvementWeeks must be a whole number between 3 and 6.');
    expect(response.body.errors).toEqual([
      { field: 'improvementWeeks', messages: [expect.stringMatching(/between 3 and 6/)] },
    ]);
  });

  it('names the nested field in the reason and the other fields after it', async () => {
    const officer = await t.token('attendance-officer', 'officer-1');
    const response = await request(t.http)
      .post(`/pupils/${pupilId}/penalty-notices`)
      .set('Authorization', `Bearer ${officer}`)
      .send({
        parentId: 'parent-1',
        issuedOn: '2025-01-20',
        offencePeriod: { from: '2025-02-30', to: '2025-03-14' },
        issuedBy: 'the caretaker',
      })
      .expect(400);
    expect(response.body.detail).toMatch(
      /^offencePeriod\.from must be a real date in the form YYYY-MM-DD\. Also correct: issuedBy\.$|^issuedBy must be one of .*\. Also correct: offencePeriod\.from\.$/,
    );
  });

  it('answers 404 for a pupil that does not exist', async () => {
    const response = await request(t.http)
      .get('/pupils/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${worker}`)
      .expect(404);
    expect(response.body.detail).toBe('No such pupil.');
  });

  it('links a pupil to one family only, writing nothing when refused, and completes a repeated link', async () => {
    const as = (r: request.Test) => r.set('Authorization', `Bearer ${worker}`);
    const family = async (reference: string) =>
      (await as(request(t.http).post('/families')).send({ reference }).expect(201)).body
        .familyId as string;
    const pupilsOf = async (familyId: string) =>
      (await as(request(t.http).get(`/families/${familyId}`)).expect(200)).body.pupilIds;
    const link = (familyId: string) =>
      as(request(t.http).post(`/families/${familyId}/pupils`)).send({ pupilId });
    const [first, second] = [await family('F-A'), await family('F-B')];

    await link(first).expect(200);
    // given the pupil is in one family, when linked to another, then it is refused and the other
    // family does not list the pupil
    const events = (await t.allEvents()).length;
    const refused = await link(second).expect(409);
    expect(refused.body.detail).toMatch(/unlink them there first/);
    expect(await pupilsOf(second)).toEqual([]);
    expect((await t.allEvents()).length).toBe(events);
    // when the first link is sent again, then it succeeds and records nothing new
    await link(first).expect(200);
    expect(await pupilsOf(first)).toEqual([pupilId]);
    expect((await t.allEvents()).length).toBe(events);
  });
});
