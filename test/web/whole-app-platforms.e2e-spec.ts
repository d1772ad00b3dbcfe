/// <reference lib="dom" />
/**
 * The whole app, web pages on, on each HTTP platform (HTTP_ADAPTER: fastify, the default, and
 * express), beside the JSON API's own checks in test/http-api-platforms.e2e-spec.ts: signing in
 * through the development provider in headless chromium, a page under its security headers, a form
 * posted with its errors re-rendered and then recorded, the CSRF check, the static assets; and over
 * the API a CSV export, a printable HTML history, the event feed, an admin endpoint, a 429 and
 * CORS. Every other suite runs on the default; `HTTP_ADAPTER=express npx jest <spec>` runs any of
 * them on express.
 */
import type { Browser } from 'puppeteer-core';
import request from 'supertest';
import { pupilBody } from '../support/pupils';
import { startTestApp, TestApp } from '../support/test-app';
import { launchBrowser, newPage, signInAs } from './browser';
import { startWebServer, WebServer } from './web-server';

jest.setTimeout(120_000);

const PLATFORMS = ['fastify', 'express'] as const;

describe.each(PLATFORMS)('the web pages on %s', (platform) => {
  let server: WebServer;
  let browser: Browser;
  let pupilId: string;
  /** The signed-in link worker's session cookie, for requests outside the browser. */
  let session: string;

  beforeAll(async () => {
    server = await startWebServer({ HTTP_ADAPTER: platform });
    browser = await launchBrowser();
    const worker = await server.token('link-worker', 'worker-1', ['school-1']);
    pupilId = (
      await request(server.url)
        .post('/pupils')
        .set('Authorization', `Bearer ${worker}`)
        .send(pupilBody(`${platform.toUpperCase()}-WEB-1`, 'school-1'))
        .expect(201)
    ).body.pupilId;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const page = (path: string) => request(server.url).get(path).set('Cookie', session);

  it('signs a link worker in through the development provider onto their caseload', async () => {
    expect(server.platform).toBe(platform);
    const tab = await newPage(browser);
    await signInAs(tab, server.url, 'worker-1');
    expect(new URL(tab.url()).pathname).toBe('/my-caseload');
    expect(await tab.$eval('.app-signed-in', (e) => e.textContent)).toContain('Alex Morgan');
    expect(tab.cspViolations).toEqual([]);
    const cookie = (await tab.cookies()).find((c) => c.name === 'casework_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    session = `casework_session=${cookie.value}`;
    await tab.close();
  });

  it('serves a page under the pages’ security headers, and sends a visitor without a session to sign in', async () => {
    const caseload = await page('/my-caseload').expect(200);
    expect(caseload.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(caseload.headers['content-security-policy']).toMatch(
      /^default-src 'self'; script-src 'self' 'sha256-[^']+'; .*form-action 'self'; frame-ancestors 'none'$/,
    );
    expect(caseload.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(caseload.headers['x-powered-by']).toBeUndefined();
    const away = await request(server.url).get('/my-caseload').expect(303);
    expect(away.headers.location).toBe('/sign-in?returnTo=%2Fmy-caseload');
  });

  it('re-renders a form posted with errors, records a valid one, and refuses one without its CSRF token', async () => {
    const form = await page(`/cases/${pupilId}/conversations/new`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const post = (fields: string) =>
      request(server.url)
        .post(`/cases/${pupilId}/conversations`)
        .set('Cookie', session)
        .type('form')
        .send(fields);

    const invalid = await post(`_csrf=${csrf}`).expect(400);
    expect(invalid.text).toContain('govuk-error-summary');
    expect(invalid.text).toContain('Enter the date of the conversation');

    const recorded = await post(
      `_csrf=${csrf}&heldOn-day=3&heldOn-month=3&heldOn-year=2025&withWhom=pupil` +
        `&barriers=anxiety&pupilVoice=Crowded+corridors&agreedNextSteps=Morning+check-in`,
    ).expect(303);
    expect(recorded.headers.location).toMatch(`/cases/${pupilId}?recorded=conversation`);
    expect((await page(recorded.headers.location).expect(200)).text).toContain('3 March 2025');

    const forged = await post(`heldOn-day=4&heldOn-month=3&heldOn-year=2025&withWhom=pupil`);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form was not sent from a page of this service');
  });

  it('serves the Design System’s css and script and this front end’s own, and nothing else', async () => {
    const css = await request(server.url).get('/assets/govuk/govuk-frontend.min.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    await request(server.url).get('/assets/govuk/govuk-frontend.min.js').expect(200);
    await request(server.url).get('/assets/app.css').expect(200);
    for (const path of [
      '/assets/govuk/template.njk',
      '/assets/none.css',
      '/assets/../package.json',
    ])
      expect({ path, status: (await request(server.url).get(path)).status }).toEqual({
        path,
        status: 404,
      });
  });
});

describe.each(PLATFORMS)('the API beside the pages on %s', (platform) => {
  const ORIGIN = 'https://casework.example.gov.uk';
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp({
      HTTP_ADAPTER: platform,
      CORS_ALLOWED_ORIGINS: ORIGIN,
      RATE_LIMIT_PER_PRINCIPAL: '20',
    });
    officer = `Bearer ${await t.token('attendance-officer', 'officer-1', ['school-a'])}`;
  });
  afterAll(() => t.close());

  const get = (path: string, auth = officer) =>
    request(t.http).get(path).set('Authorization', auth);

  it('exports statistics as CSV', async () => {
    const csv = await get('/statistics?year=2024/25&format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toMatch(/^[a-zA-Z]/);
  });

  it("prints a family's history as HTML under its own Content-Security-Policy", async () => {
    const post = async (path: string, body: object) => {
      const response = await request(t.http).post(path).set('Authorization', officer).send(body);
      expect(response.status).toBeLessThan(300);
      return response;
    };
    const familyId = (await post('/families', { reference: 'F-FASTIFY' })).body.familyId;
    const pupil = (await post('/pupils', pupilBody('P-FASTIFY'))).body.pupilId;
    await post(`/families/${familyId}/pupils`, { pupilId: pupil });
    const html = await get(
      `/families/${familyId}/history?purpose=${encodeURIComponent('Complaint C-1')}&format=html`,
    ).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.text).toContain('P-FASTIFY');
  });

  it('serves the event feed and an admin endpoint', async () => {
    const feed = await get('/feed?limit=5').expect(200);
    expect(Array.isArray(feed.body.items)).toBe(true);
    const admin = `Bearer ${await t.token('admin', 'admin-1')}`;
    const projections = await get('/admin/projections', admin).expect(200);
    expect(JSON.stringify(projections.body)).toContain('caseload');
    await get('/admin/projections').expect(403);
  });

  it('answers a user over their rate limit with 429 problem+json', async () => {
    const busy = `Bearer ${await t.token('attendance-officer', 'officer-busy')}`;
    for (let i = 0; i < 20; i += 1) await get('/caseloads', busy).expect(200);
    const refused = await get('/caseloads', busy).expect(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'rate-limited' });
  });

  it('answers browsers from the allow-listed origin only (CORS)', async () => {
    const preflight = (origin: string) =>
      request(t.http)
        .options('/caseloads')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    const other = await preflight('https://elsewhere.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
