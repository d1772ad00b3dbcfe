/**
 * The JSON API alone (WEB_PAGES=false) on each HTTP platform, fastify (the default, where the other
 * suites run unless HTTP_ADAPTER=express is set) and express: the same guards, validation,
 * idempotency, revision headers and problem+json, a register upload streamed past the JSON parser,
 * and the OpenAPI document. The whole app, web pages on, on each: test/web/whole-app-platforms.e2e-spec.ts.
 */
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { pupilsOf, registerLines, schoolDays } from './support/register-files';
import { importRegister } from './support/imports';
import { registerPupils } from './support/register-pupils';
import { startTestApp, TestApp } from './support/test-app';

const pupil = {
  reference: 'FASTIFY-1',
  dateOfBirth: '2012-05-10',
  schoolId: 'school-a',
  schoolType: 'academy',
  yearGroup: 8,
};
const conversation = {
  heldOn: '2025-06-20',
  withWhom: ['pupil'],
  barriers: ['anxiety'],
  agreedNextSteps: ['Check-in'],
};

describe.each(['fastify', 'express'] as const)('the JSON API on %s', (platform) => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_ADAPTER: platform, WEB_PAGES: 'false' });
    officer = `Bearer ${await t.token('attendance-officer', 'officer-1')}`;
  });
  afterAll(() => t.close());

  it(`runs on ${platform}`, () => {
    expect(t.app.getHttpAdapter().getType()).toBe(platform);
  });

  it('records a command and reads it back with its revision, behind the security headers', async () => {
    const created = await request(t.http)
      .post('/pupils')
      .set('Authorization', officer)
      .set('X-Correlation-Id', 'fastify-call-1')
      .send(pupil)
      .expect(201);
    const { pupilId } = created.body;
    expect(created.headers).toMatchObject({
      location: `/pupils/${pupilId}`,
      etag: 'W/"0"',
      'x-stream-revision': '0',
      'x-correlation-id': 'fastify-call-1',
      'x-content-type-options': 'nosniff',
    });
    expect(created.headers['x-powered-by']).toBeUndefined();
    const [registered] = (await t.allEvents()).filter((e) => e.streamId === `pupil-${pupilId}`);
    expect(registered.metadata).toMatchObject({
      actor: 'officer-1',
      correlationId: 'fastify-call-1',
    });

    const recorded = await request(t.http)
      .post(`/pupils/${pupilId}/conversations`)
      .set('Authorization', officer)
      .set('If-Match', 'W/"0"')
      .send(conversation)
      .expect(201);
    expect(recorded.headers.etag).toBe('W/"1"');

    const journey = await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', officer)
      .expect(200);
    expect(journey.headers.etag).toBe('W/"1"');
    expect(journey.body.pupilId).toBe(pupilId);

    await request(t.http)
      .post(`/pupils/${pupilId}/conversations`)
      .set('Authorization', officer)
      .set('If-Match', 'W/"0"')
      .send(conversation)
      .expect(412);
  });

  it('answers a repeated Idempotency-Key with the first response and appends nothing', async () => {
    const send = () =>
      request(t.http)
        .post('/pupils')
        .set('Authorization', officer)
        .set('Idempotency-Key', 'fastify-key-0001')
        .send({ ...pupil, reference: 'FASTIFY-2' })
        .expect(201);
    const first = await send();
    const before = (await t.allEvents()).length;
    const again = await send();
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect((await t.allEvents()).length).toBe(before);
  });

  it('refuses bad input with problem+json', async () => {
    const post = () => request(t.http).post('/pupils').set('Authorization', officer);
    const invalid = await post()
      .send({ ...pupil, yearGroup: 'eight' })
      .expect(400);
    expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'yearGroup' })]);
    const unreadable = await post()
      .set('Content-Type', 'application/json')
      .send('{"reference":')
      .expect(400);
    expect(unreadable.body.detail).toBe('The request body could not be read as JSON.');
    const deep = await post()
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(40)}${']'.repeat(40)}`)
      .expect(400);
    expect(deep.body.detail).toMatch(/nested more than 32 levels/);
    const large = await post()
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...pupil, reference: 'x'.repeat(110 * 1024) }))
      .expect(413);
    expect(large.body.detail).toBe(
      'The request body is larger than this endpoint accepts; send smaller batches.',
    );
    await post().set('Content-Type', 'text/plain').send('reference=x').expect(415);
    await request(t.http).post('/pupils').send(pupil).expect(401);
    await request(t.http)
      .post('/pupils')
      .set('Authorization', `Bearer ${await t.token('auditor')}`)
      .send(pupil)
      .expect(403);
  });

  it('streams a register upload larger than a JSON body may be into the import', async () => {
    const school = pupilsOf(1, 45);
    await registerPupils(t.app.get(CommandBus), school);
    const csv = [...registerLines(school, schoolDays('2025-09-01', 7 * 13), 7)].join('\n');
    expect(csv.length).toBeGreaterThan(100 * 1024);
    const report = await importRegister(t.http, officer.slice('Bearer '.length), csv);
    expect(report).toMatchObject({ status: 'completed', counts: { rowsRejected: 0 } });
  });

  it('serves the OpenAPI document (JSON) and the Swagger UI page', async () => {
    const document = await request(t.http).get('/api/docs-json').expect(200);
    expect(document.body.info.title).toBe('attendance-casework');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/pupils', '/pupils/{pupilId}/conversations']),
    );
    expect((await request(t.http).get('/api/docs').expect(200)).text).toContain('Swagger UI');
  });
});
