import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('the API on the embedded default', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('answers liveness without a token', async () => {
    await request(t.http)
      .get('/health')
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('ok'));
  });

  it('is ready when the event store answers', async () => {
    const response = await request(t.http).get('/health/ready').expect(200);
    expect(response.body.info).toEqual({ eventStore: { status: 'up' } });
  });

  it('publishes its OpenAPI description', async () => {
    const response = await request(t.http).get('/api/docs-json').expect(200);
    expect(response.body.info.title).toBe('attendance-casework');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/pupils',
        '/pupils/{pupilId}/penalty-notices',
        '/families/{familyId}/parents',
      ]),
    );
    const docs = await request(t.http).get('/api/docs').expect(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('returns a correlation id on every response, keeping a well-formed one the caller sent', async () => {
    const response = await request(t.http)
      .get('/health')
      .set('X-Correlation-Id', 'req-abc-12345')
      .expect(200);
    expect(response.headers['x-correlation-id']).toBe('req-abc-12345');
  });

  it('answers an unknown path with problem+json', async () => {
    const response = await request(t.http)
      .get('/no-such-thing')
      .set('Authorization', `Bearer ${await t.token('auditor')}`)
      .expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, instance: '/no-such-thing' });
  });
});

describe('the API with Redis configured', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await startTestApp({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })),
  );
  afterAll(() => t.close());

  it('is ready only when Redis answers too', async () => {
    const response = await request(t.http).get('/health/ready').expect(200);
    expect(response.body.info).toEqual({ eventStore: { status: 'up' }, redis: { status: 'up' } });
  });
});
