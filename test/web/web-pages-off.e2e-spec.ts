/**
 * WEB_PAGES=false runs the API alone: no page, asset or development sign-in is mounted, and the
 * API answers as ever. (npm run bench:api compares the API's figures with the pages on and off.)
 */
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('the API without its web pages (WEB_PAGES=false)', () => {
  let off: TestApp;
  let on: TestApp;
  beforeAll(async () => {
    off = await startTestApp({ WEB_PAGES: 'false' });
    on = await startTestApp();
  });
  afterAll(async () => {
    await off.close();
    await on.close();
  });

  it('serves no page, no asset and no development sign-in', async () => {
    for (const path of ['/', '/sign-in', '/my-caseload', '/assets/govuk/govuk-frontend.min.css'])
      expect({ path, status: (await request(off.http).get(path)).status }).toEqual({
        path,
        status: 404,
      });
    expect((await request(off.http).get('/dev-oidc/.well-known/openid-configuration')).status).toBe(
      404,
    );
  });

  it('still answers the API, and the same app with pages on serves the start page', async () => {
    const officer = await off.token('attendance-officer', 'officer-1');
    await request(off.http).get('/caseloads').set('Authorization', `Bearer ${officer}`).expect(200);
    await request(on.http).get('/').expect(200);
  });
});
