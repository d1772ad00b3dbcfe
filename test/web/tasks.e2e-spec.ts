/// <reference lib="dom" />
/**
 * Tasks in the web pages, in headless chromium: the caseload says how many tasks are due and
 * shows the panel's decision on the referrer's row; "My tasks" lists them with what to do, the
 * due day and whether it is overdue; completing one asks what was done (the GOV.UK error summary
 * first), records it, and the list and the caseload follow. axe-core checks every page.
 */
import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { addDays, dateOf } from '@app/domain';
import { pupilBody } from '../support/pupils';
import { expectAccessible, launchBrowser, newPage, signInAs } from './browser';
import { startWebServer, WebServer } from './web-server';

jest.setTimeout(120_000);

describe('tasks in the web pages, in headless chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let pupilId: string;
  const api = () => request(server.url);

  const mainText = (page: Page) => page.$eval('main', (e) => e.textContent ?? '');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    const worker = await server.token('link-worker', 'worker-1', ['school-1']);
    const chair = await server.token('panel-chair', 'chair-1');
    const today = dateOf(new Date());
    pupilId = (
      await api()
        .post('/pupils')
        .set('Authorization', `Bearer ${worker}`)
        .send(pupilBody('WEB-TASKS-1', 'school-1'))
        .expect(201)
    ).body.pupilId;
    await api()
      .put(`/pupils/${pupilId}/lead-practitioner`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ practitionerId: 'worker-1' })
      .expect(200);
    const { referralId } = (
      await api()
        .post(`/pupils/${pupilId}/panel-referrals`)
        .set('Authorization', `Bearer ${worker}`)
        .send({ reason: 'Support offered twice and not taken up', referredOn: addDays(today, -21) })
        .expect(201)
    ).body;
    await api()
      .post(`/pupils/${pupilId}/panel-referrals/${referralId}/decision`)
      .set('Authorization', `Bearer ${chair}`)
      .send({
        decision: 'attendance-contract',
        rationale: 'Support not taken up; a contract gives structure',
        decidedOn: addDays(today, -14),
      })
      .expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a link worker sees the panel's decision as a task, and records it done", async () => {
    const page = await newPage(browser);
    await signInAs(page, server.url, 'worker-1');

    // The caseload: how many tasks are due, and the decision on the referrer's row.
    expect(new URL(page.url()).pathname).toBe('/my-caseload');
    expect(await page.$eval('.app-tasks-due', (e) => e.textContent ?? '')).toMatch(
      /1 task due\s*, 1 overdue/,
    );
    expect(await mainText(page)).toMatch(/Panel decided: attendance contract\s*To acknowledge/);
    await expectAccessible(page, 'tasks-01-caseload');

    // My tasks, from the service navigation.
    await Promise.all([
      page.waitForNavigation(),
      page.click('.govuk-service-navigation a[href="/my-tasks"]'),
    ]);
    expect(
      await page.$eval('.govuk-service-navigation__item--active', (e) => e.textContent ?? ''),
    ).toContain('My tasks');
    const list = await mainText(page);
    expect(list).toContain('Panel outcome');
    expect(list).toContain("Read the panel's decision on your referral and act on it.");
    expect(list).toContain('Overdue');
    expect(list).toContain('WEB-TASKS-1');
    await expectAccessible(page, 'tasks-02-my-tasks');

    // Completing it asks what was done first.
    await Promise.all([page.waitForNavigation(), page.click('a[href$="/complete"]')]);
    await expectAccessible(page, 'tasks-03-complete-form');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(await page.$eval('.govuk-error-summary', (e) => e.textContent ?? '')).toContain(
      'Enter what was done, or why the task is closed',
    );
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'tasks-04-complete-errors');

    await page.type('#note', 'Read the decision; contract meeting booked with the family');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe('/my-tasks');
    const after = await mainText(page);
    expect(after).toContain('The task was recorded as done.');
    expect(after).toContain('You have no open tasks.');
    await expectAccessible(page, 'tasks-05-done');

    // The caseload follows: nothing due, the decision acknowledged.
    await Promise.all([page.waitForNavigation(), page.click('a[href="/my-caseload"]')]);
    expect(await page.$eval('.app-tasks-due', (e) => e.textContent ?? '')).toContain(
      'No tasks due today.',
    );
    const row = await mainText(page);
    expect(row).toContain('Panel decided: attendance contract');
    expect(row).not.toContain('To acknowledge');
    await page.close();
  });

  it('answers a task no longer open with a "Page not found" page', async () => {
    const page = await newPage(browser);
    await signInAs(page, server.url, 'chair-1');
    const response = await page.goto(
      `${server.url}/my-tasks/${pupilId}.panel-outcome.x.2025-01-01/complete`,
    );
    expect(response?.status()).toBe(404);
    expect(await page.$eval('h1', (e) => e.textContent)).toContain('Page not found');
    await expectAccessible(page, 'tasks-06-not-found');
    await page.close();
  });
});
