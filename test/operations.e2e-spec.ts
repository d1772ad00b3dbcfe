/**
 * What a council's IT expects around the API: security headers, CORS only for allow-listed
 * origins, rate limits per user and per address answered with a clear 429, a size limit on
 * register uploads, and Prometheus metrics on a port of their own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { importRegister } from './support/imports';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';
import { freePort } from './support/free-port';

describe('operations around the API', () => {
  jest.setTimeout(30_000);
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const t = await startTestApp(env);
    apps.push(t);
    return t;
  };
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  it('sends security headers on every answer, and no X-Powered-By', async () => {
    const t = await start();
    const res = await request(t.http).get('/health').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers browsers from allow-listed origins only (CORS)', async () => {
    const allowed = 'https://casework.example.gov.uk';
    const preflight = (t: TestApp, origin: string) =>
      request(t.http)
        .options('/caseloads')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
    const t = await start({ CORS_ALLOWED_ORIGINS: allowed });
    const ok = await preflight(t, allowed);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers['access-control-allow-origin']).toBe(allowed);
    const other = await preflight(t, 'https://elsewhere.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // With no allow-list, no origin is answered at all.
    const closed = await preflight(await start(), allowed);
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits each user, answering 429 problem+json that says when to try again', async () => {
    const t = await start({ RATE_LIMIT_PER_PRINCIPAL: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const [busy, other] = await Promise.all([
      t.token('attendance-officer', 'officer-busy'),
      t.token('attendance-officer', 'officer-other'),
    ]);
    const caseload = (token: string) =>
      request(t.http).get('/caseloads').set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 3; i += 1) await caseload(busy).expect(200);
    const refused = await caseload(busy).expect(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.headers['retry-after-principal']).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({
      status: 429,
      code: 'rate-limited',
      title: 'Too many requests',
    });
    expect(refused.body.detail).toMatch(
      /^Too many requests from your account: at most 3 every 60 seconds\. Try again in \d+ seconds\.$/,
    );
    // Another user from the same address is not held back by the first one's limit.
    await caseload(other).expect(200);
  });

  it('limits each address, signed in or not', async () => {
    const t = await start({ RATE_LIMIT_PER_IP: '2' });
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/caseloads').expect(401);
    const refused = await request(t.http).get('/health').expect(429);
    expect(refused.body.detail).toMatch(/^Too many requests from this address: at most 2 every/);
  });

  it('refuses a register upload over IMPORT_MAX_BYTES with 413, keeping nothing', async () => {
    const t = await start({ IMPORT_MAX_BYTES: '1024' });
    const officer = await t.token('attendance-officer', 'officer-1');
    const csv = 'upn,school,date,am,pm\n' + 'A123456789012,school-a,2025-10-06,/,\\\n'.repeat(60);
    const refused = await request(t.http)
      .post('/imports/registers')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(413);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toBe(
      'A register file may be at most 1024 bytes (IMPORT_MAX_BYTES); split it by school or by week and send each part.',
    );
    const stored = path.join(t.config.dataDir, 'imports');
    expect(fs.existsSync(stored) ? fs.readdirSync(stored) : []).toEqual([]);
  });

  it('serves Prometheus metrics on METRICS_PORT only, never on the API’s port', async () => {
    const port = await freePort();
    const t = await start({ METRICS_PORT: String(port) });
    const officer = await t.token('attendance-officer', 'officer-1');
    const { pupilId } = await registerPupil(t.http, officer, 'P-1');
    await request(t.http)
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    await request(t.http)
      .post('/pupils')
      .set('Authorization', `Bearer ${officer}`)
      .send({
        reference: 'P-2',
        dateOfBirth: '2012-05-10',
        schoolId: 'school-a',
        schoolType: 'academy',
        yearGroup: 99,
      })
      .expect(400);
    const report = await importRegister(
      t.http,
      officer,
      'upn,school,date,am,pm\nA123456789012,school-a,2025-10-06,/,\\',
    );
    expect(report.status).toBe('completed');

    await request(t.http).get('/metrics').expect(404);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
    expect(
      value(
        /http_request_duration_seconds_count\{method="GET",route="\/pupils\/:pupilId",status="200"\} (\d+)/,
      ),
    ).toBe(1);
    expect(
      value(
        /http_request_duration_seconds_count\{method="POST",route="\/pupils",status="400"\} (\d+)/,
      ),
    ).toBe(1);
    expect(
      value(/attendance_commands_total\{command="RegisterPupil",outcome="accepted"\} (\d+)/),
    ).toBe(1);
    expect(text).toMatch(/attendance_projection_lag_events\{projection="caseload"\} \d+/);
    expect(text).toMatch(
      /attendance_job_queue_depth\{queue="register-imports",state="waiting"\} 0/,
    );
    expect(text).toMatch(/attendance_job_queue_depth\{queue="event-feed",state="delayed"\} 0/);
    expect(value(/attendance_register_import_rows_read_total (\d+)/)).toBe(1);
    expect(value(/attendance_register_imports_finished_total\{status="completed"\} (\d+)/)).toBe(1);
    expect(value(/attendance_register_imports_running (\d+)/)).toBe(0);
  });
});
