/// <reference lib="dom" />
/**
 * The web front end in a real browser (Debian's chromium, headless), as the seeded development
 * users: signing in through the development OpenID Connect provider, the caseload at sign-in, a
 * pupil's case, recording a conversation (with the GOV.UK error summary first), signing out, and
 * what the pages refuse. axe-core checks every page for WCAG 2.2 AA; one journey is completed with
 * the keyboard alone; screenshots go to test-output/screenshots. Without chromium this FAILS.
 */
import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pupilBody } from '../support/pupils';
import { upnFor } from '../support/register-files';
import { expectAccessible, launchBrowser, newPage, screenshot, signInAs, tabTo } from './browser';
import { startWebServer, WebServer } from './web-server';

jest.setTimeout(120_000);

describe('the web front end, in headless chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let pupilId: string;
  let otherPupilId: string;
  let referredPupilId: string;

  const api = () => request(server.url);

  const signIn = (page: Page, user: string) => signInAs(page, server.url, user);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const worker = await server.token('link-worker', 'worker-1', ['school-1']);
    const registered = await api()
      .post('/pupils')
      .set('Authorization', `Bearer ${worker}`)
      .send(pupilBody('WEB-PUPIL-1', 'school-1'))
      .expect(201);
    pupilId = registered.body.pupilId;
    await api()
      .put(`/pupils/${pupilId}/lead-practitioner`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ practitionerId: 'worker-1' })
      .expect(200);
    referredPupilId = (
      await api()
        .post('/pupils')
        .set('Authorization', `Bearer ${worker}`)
        .send(pupilBody('WEB-REFERRED-1', 'school-1'))
        .expect(201)
    ).body.pupilId;
    await api()
      .post(`/pupils/${referredPupilId}/panel-referrals`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ reason: 'Support offered twice and not taken up' })
      .expect(201);
    const familyId = (
      await api()
        .post('/families')
        .set('Authorization', `Bearer ${worker}`)
        .send({ reference: 'F-WEB-1' })
        .expect(201)
    ).body.familyId;
    await api()
      .post(`/families/${familyId}/pupils`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ pupilId })
      .expect((r) => expect([200, 201]).toContain(r.status));
    const officer = await server.token('attendance-officer', 'officer-1');
    otherPupilId = (
      await api()
        .post('/pupils')
        .set('Authorization', `Bearer ${officer}`)
        .send(pupilBody('WEB-PUPIL-ELSEWHERE', 'school-9'))
        .expect(201)
    ).body.pupilId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a link worker signs in through the development provider and lands on their caseload', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await expectAccessible(page, '01-start');
    await Promise.all([page.waitForNavigation(), page.click('a.govuk-button--start')]);
    expect(page.url()).toContain('/dev-oidc/interaction/');
    await expectAccessible(page, '02-dev-sign-in');

    // Choosing nobody is refused the GOV.UK way.
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(await page.$eval('.govuk-error-summary', (e) => e.textContent)).toContain(
      'Select who you want to sign in as',
    );
    await expectAccessible(page, '03-dev-sign-in-error');

    await page.click('input[name="user"][value="worker-1"]');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe('/my-caseload');
    const body = await page.$eval('main', (e) => e.textContent ?? '');
    expect(body).toContain('WEB-PUPIL-1');
    expect(body).not.toContain('WEB-PUPIL-ELSEWHERE');
    expect(await page.$eval('.app-signed-in', (e) => e.textContent)).toContain('Alex Morgan');
    await expectAccessible(page, '04-caseload');
    await page.close();
  });

  it('records a conversation on a case: errors first, then the case shows it', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/cases/${pupilId}"]`)]);
    expect(await page.$eval('h1', (e) => e.textContent)).toContain('WEB-PUPIL-1');
    expect(await page.$eval('main', (e) => e.textContent)).toContain('No contact recorded');
    await expectAccessible(page, '05-case');

    await Promise.all([page.waitForNavigation(), page.click('a[href$="/conversations/new"]')]);
    await expectAccessible(page, '06-conversation-form');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    const summary = await page.$eval('.govuk-error-summary', (e) => e.textContent ?? '');
    expect(summary).toContain('Enter the date of the conversation');
    expect(summary).toContain('Select who the conversation was with');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, '07-conversation-errors');

    await page.type('#heldOn-day', '3');
    await page.type('#heldOn-month', '3');
    await page.type('#heldOn-year', '2025');
    await page.click('input[name="withWhom"][value="pupil"]');
    await page.click('input[name="barriers"][value="anxiety"]');
    await page.type('#pupilVoice', 'Corridors are too crowded');
    await page.type('#agreedNextSteps', 'Morning check-in\nQuiet room at lunch');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${pupilId}`);
    const caseText = await page.$eval('main', (e) => e.textContent ?? '');
    expect(caseText).toContain('The conversation was recorded.');
    expect(caseText).toContain('3 March 2025');
    // The conversation itself is in the case file on the page, not only the date of contact.
    expect(await page.$eval('.app-case-file', (e) => e.textContent ?? '')).toContain(
      'Conversation held with pupil; barriers identified: anxiety; 2 next steps agreed.',
    );
    await expectAccessible(page, '08-case-after-conversation');

    // The same fact the API records: one conversation with what was typed.
    const officer = await server.token('attendance-officer', 'officer-1');
    const journey = await api()
      .get(`/pupils/${pupilId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(journey.body.lastContactOn).toBe('2025-03-03');
    await page.close();
  });

  it('a panel chair decides a referral from the queue: errors first, then it leaves the queue', async () => {
    const page = await newPage(browser);
    await signIn(page, 'chair-1');
    await Promise.all([page.waitForNavigation(), page.click('a[href="/panel"]')]);
    const queue = await page.$eval('main', (e) => e.textContent ?? '');
    expect(queue).toContain('WEB-REFERRED-1');
    expect(queue).toContain('Support offered twice and not taken up');
    await expectAccessible(page, '12-panel-queue');

    await Promise.all([
      page.waitForNavigation(),
      page.click(`a[href^="/panel/${referredPupilId}/"]`),
    ]);
    await expectAccessible(page, '13-panel-decision');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    const summary = await page.$eval('.govuk-error-summary', (e) => e.textContent ?? '');
    expect(summary).toContain('Select the panel’s decision');
    expect(summary).toContain('Enter the reasons for the decision');
    await expectAccessible(page, '14-panel-decision-errors');

    await page.click('input[name="decision"][value="attendance-contract"]');
    await page.type('#rationale', 'Parents willing to commit to a contract');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe('/panel');
    const after = await page.$eval('main', (e) => e.textContent ?? '');
    expect(after).toContain('The panel’s decision was recorded.');
    expect(after).not.toContain('WEB-REFERRED-1');
    await expectAccessible(page, '15-panel-queue-after-decision');

    const officer = await server.token('attendance-officer', 'officer-1');
    const journey = await api()
      .get(`/pupils/${referredPupilId}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
    expect(journey.body.openItems.pendingPanelReferral).toBeNull();
    await page.close();
  });

  it('a link worker has no panel queue: not in their navigation, and refused if they go there', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    expect(await page.$('a[href="/panel"]')).toBeNull();
    const response = await page.goto(`${server.url}/panel`);
    expect(response?.status()).toBe(403);
    await page.close();
  });

  it('an auditor reads a family history for a stated purpose (recorded), and the case as of a date', async () => {
    const page = await newPage(browser);
    await signIn(page, 'auditor-1');
    await page.goto(`${server.url}/cases/${pupilId}`);
    await Promise.all([page.waitForNavigation(), page.click('a[href^="/audit/families/"]')]);
    await expectAccessible(page, '16-audit-purpose');

    await page.type('#purpose', 'too short');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(await page.$eval('.govuk-error-summary', (e) => e.textContent)).toMatch(/purpose/i);
    await expectAccessible(page, '17-audit-purpose-error');

    const purpose = 'Annual audit of case recording, December';
    await page.$eval('#purpose', (e) => ((e as HTMLTextAreaElement).value = ''));
    await page.type('#purpose', purpose);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    const history = await page.$eval('main', (e) => e.textContent ?? '');
    expect(history).toContain('Family history F-WEB-1');
    expect(history).toContain(purpose);
    expect(history).toContain('worker-1');
    await expectAccessible(page, '18-family-history');

    // The read is in the access log, with its purpose, before anything was shown.
    const auditor = await server.token('auditor', 'auditor-1');
    const log = await api()
      .get('/audit/access-log')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(JSON.stringify(log.body)).toContain(purpose);

    // Long before the case was entered: nothing known, nothing happened.
    await page.type('input[name="at-day"]', '1');
    await page.type('input[name="at-month"]', '1');
    await page.type('input[name="at-year"]', '2020');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    const asOf = await page.$eval('main', (e) => e.textContent ?? '');
    expect(asOf).toContain('as of 1 January 2020');
    expect(asOf).toContain('Not yet registered as far as this view goes.');
    await expectAccessible(page, '19-as-of');
    await page.close();
  });

  it('an attendance officer imports a register and reads its rejects by line', async () => {
    const page = await newPage(browser);
    await signIn(page, 'officer-1');
    await Promise.all([page.waitForNavigation(), page.click('a[href="/register-imports"]')]);
    await expectAccessible(page, '20-register-import-form');

    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(await page.$eval('.govuk-error-summary', (e) => e.textContent)).toContain(
      'Choose a CSV file',
    );
    await expectAccessible(page, '21-register-import-error');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'web-register-')), 'week.csv');
    fs.writeFileSync(
      file,
      [
        'upn,school,date,am,pm',
        `${upnFor(7)},school-1,2025-03-03,/,\\`,
        'not-a-upn,school-1,2025-03-03,/,\\',
        '',
      ].join('\n'),
    );
    const input = await page.$('input[type="file"]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toMatch(/^\/register-imports\/register-[0-9a-f]{32}$/);
    for (let i = 0; i < 60; i++) {
      if ((await page.$eval('main', (e) => e.textContent ?? '')).includes('Completed')) break;
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    const report = await page.$eval('main', (e) => e.textContent ?? '');
    expect(report).toContain('Completed');
    const rows = await page.$$eval('main table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim())),
    );
    expect(rows.map((r) => r[0])).toEqual(['2', '3']);
    expect(rows[0][1]).toMatch(/registered/i);
    expect(rows[1][1]).toMatch(/UPN/i);
    await expectAccessible(page, '22-register-import-report');
    await page.close();
  });

  it('signs in and opens a case with the keyboard alone', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await tabTo(page, 'a.govuk-button--start');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await tabTo(page, 'input[name="user"]');
    // Arrow keys move through a radio group; the first is worker-1.
    await page.keyboard.press('Space');
    await tabTo(page, 'main form button[type="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/my-caseload');
    await tabTo(page, `a[href="/cases/${pupilId}"]`, 120);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.$eval('h1', (e) => e.textContent)).toContain('WEB-PUPIL-1');
    await page.close();
  });

  it('reflows at 400% zoom (320 CSS pixels wide) without scrolling sideways', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    await page.setViewport({ width: 320, height: 640 });
    for (const path of [`/cases/${pupilId}`, `/cases/${pupilId}/conversations/new`]) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await screenshot(page, '09-case-at-400-percent');
    await page.close();
  });

  it('sends a visitor without a session to sign in, and refuses a case outside their schools', async () => {
    await api()
      .get('/my-caseload')
      .expect(303)
      .expect('Location', '/sign-in?returnTo=%2Fmy-caseload');
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    const response = await page.goto(`${server.url}/cases/${otherPupilId}`);
    expect(response?.status()).toBe(403);
    expect(await page.$eval('h1', (e) => e.textContent)).toContain('You cannot open this page');
    await expectAccessible(page, '10-forbidden');
    await page.close();
  });

  it('refuses a form posted without the session’s CSRF token, and records nothing', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === 'casework_session')!;
    const officer = await server.token('attendance-officer', 'officer-1');
    const before = (await api().get(`/pupils/${pupilId}`).set('Authorization', `Bearer ${officer}`))
      .headers.etag;
    await api()
      .post(`/cases/${pupilId}/conversations`)
      .set('Cookie', `casework_session=${session.value}`)
      .type('form')
      .send({ 'heldOn-day': '4', 'heldOn-month': '3', 'heldOn-year': '2025', withWhom: 'pupil' })
      .expect(403);
    const after = (await api().get(`/pupils/${pupilId}`).set('Authorization', `Bearer ${officer}`))
      .headers.etag;
    expect(after).toBe(before);
    await page.close();
  });

  it('signs out: the session cookie is gone and pages ask to sign in again', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    await Promise.all([page.waitForNavigation(), page.click('form.app-sign-out button')]);
    expect(new URL(page.url()).pathname).toBe('/signed-out');
    await expectAccessible(page, '11-signed-out');
    expect((await page.cookies()).some((c) => c.name === 'casework_session')).toBe(false);
    await page.goto(`${server.url}/my-caseload`);
    expect(new URL(page.url()).pathname).toMatch(/^\/dev-oidc\/interaction\//);
    await page.close();
  });
});
