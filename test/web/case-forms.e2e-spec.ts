/// <reference lib="dom" />
/**
 * A pupil's case in a real browser (Debian's chromium, headless), as the seeded link worker: the
 * attendance chart (the evidence pack's SVG) with its words and table, and the forms that record a
 * concern, a support action and its outcome, a review of an attendance contract and a referral to
 * the panel, each then in the case file; a form's errors the GOV.UK way with nothing recorded; a
 * domain refusal in words; a case changed by someone else meanwhile (412) with a way to reload.
 * axe-core checks every page; screenshots go to test-output/screenshots.
 */
import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { parentBody } from '../support/families';
import { pupilBody } from '../support/pupils';
import { mondays, weekOfMarks } from '../support/registers';
import { axeViolations, launchBrowser, newPage, screenshot } from './browser';
import { startWebServer, WebServer } from './web-server';

jest.setTimeout(180_000);

describe("a pupil's case in headless chromium: the chart and the forms", () => {
  let server: WebServer;
  let browser: Browser;
  let worker: string;
  let pupilId: string;
  let contractId: string;
  let otherPupilId: string;
  /** The eight school weeks of registers the chart draws. */
  const WEEKS = mondays('2025-01-06', 8);

  const api = () => request(server.url);
  const post = (path: string, body: object, status = 201) =>
    api().post(path).set('Authorization', `Bearer ${worker}`).send(body).expect(status);
  const journey = async (id: string) =>
    api().get(`/pupils/${id}`).set('Authorization', `Bearer ${worker}`).expect(200);

  const expectAccessible = async (page: Page, name: string) => {
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
    expect((page as Page & { cspViolations: string[] }).cspViolations).toEqual([]);
  };

  const signIn = async (page: Page) => {
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForNavigation(), page.click('a.govuk-button--start')]);
    await page.click('input[name="user"][value="worker-1"]');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
  };

  const submit = async (page: Page) => {
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.click('main form button[type="submit"]'),
    ]);
    return response?.status();
  };

  const follow = (page: Page, selector: string) =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);

  const typeDate = async (page: Page, id: string, day: string, month: string, year: string) => {
    await page.type(`#${id}-day`, day);
    await page.type(`#${id}-month`, month);
    await page.type(`#${id}-year`, year);
  };

  const text = (page: Page, selector: string) =>
    page.$eval(selector, (e) => e.textContent?.replace(/\s+/g, ' ') ?? '');

  beforeAll(async () => {
    // One after the other, so that a browser that cannot start leaves no server running.
    server = await startWebServer();
    browser = await launchBrowser();
    worker = await server.token('link-worker', 'worker-1', ['school-1']);
    pupilId = (await post('/pupils', pupilBody('WEB-FORMS-1', 'school-1'))).body.pupilId;
    // Two unauthorised sessions a week for eight weeks: the national threshold (10 in 10) is met.
    for (const monday of WEEKS)
      await post(
        `/pupils/${pupilId}/marks`,
        weekOfMarks(monday, { unauthorised: 2, schoolId: 'school-1' }),
        200,
      );
    const familyId = (await post('/families', { reference: 'F-WEB-FORMS' })).body.familyId;
    const mum = (await post(`/families/${familyId}/parents`, parentBody('M-WEB'))).body.parentId;
    await api()
      .post(`/families/${familyId}/pupils`)
      .set('Authorization', `Bearer ${worker}`)
      .send({ pupilId })
      .expect((r) => expect([200, 201]).toContain(r.status));
    contractId = (
      await post(`/pupils/${pupilId}/attendance-contracts`, {
        parentIds: [mum],
        parentCommitments: ['Up by 7:30'],
        supportCommitments: ['Bus pass'],
        startsOn: '2025-03-03',
        endsOn: '2025-05-30',
      })
    ).body.contractId;
    otherPupilId = (await post('/pupils', pupilBody('WEB-FORMS-2', 'school-1'))).body.pupilId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the attendance chart with its figures in words and as a table, within the page at 320 pixels', async () => {
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/cases/${pupilId}`);
    const chart = 'figure.app-attendance-chart';
    // The figure beside the chart is the same register's: 64 of 80 sessions attended.
    expect(await text(page, '.govuk-summary-list')).toContain('Attendance to date 80.0%');
    expect(await page.$eval(`${chart} svg`, (e) => e.getAttribute('role'))).toBe('img');
    expect(await text(page, `${chart} svg title#chart-title`)).toBe(
      'Weekly attendance rate, school year 2024/25 so far',
    );
    expect(await text(page, `${chart} svg desc`)).toContain('Weekly attendance rate for 8 weeks');
    // The band is drawn, and said in words: the threshold is met.
    expect(await page.$(`${chart} svg .threshold-window`)).not.toBeNull();
    const caption = await text(page, `${chart} figcaption`);
    expect(caption).toContain('for the weeks beginning 6 January 2025 to 24 February 2025');
    expect(caption).toContain('The shaded weeks are the school weeks');
    // Every week's figures as text: 10 possible, 8 attended, 2 unauthorised, 80%.
    const rows = await page.$$eval('table.app-attendance-weeks tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent?.trim())),
    );
    expect(rows).toHaveLength(WEEKS.length);
    expect(rows[0]).toEqual(['6 January 2025', '10', '8', '2', '80.0%', 'Yes']);
    await page.click('details.govuk-details summary');
    await expectAccessible(page, 'case-forms-01-case-with-chart');

    await page.setViewport({ width: 320, height: 800 });
    await page.reload();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      chart: document.querySelector('figure.app-attendance-chart svg')!.getBoundingClientRect()
        .width,
    }));
    expect(widths.page).toBeLessThanOrEqual(320);
    expect(widths.chart).toBeLessThan(320);
    await screenshot(page, 'case-forms-02-case-at-320px');
    await page.close();
  });

  it('a link worker records a concern, a support action and its outcome, a review and a referral, and sees each in the case file', async () => {
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/cases/${pupilId}`);
    const caseFile = () => text(page, '.app-case-file');

    // A concern.
    await follow(page, 'a[href$="/concerns/new"]');
    await expectAccessible(page, 'case-forms-03-concern');
    await page.type('#summary', 'Late most mornings since January');
    await typeDate(page, 'raisedOn', '3', '3', '2025');
    expect(await submit(page)).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/cases/${pupilId}`);
    expect(await text(page, 'main')).toContain('The concern was recorded.');
    expect(await caseFile()).toContain('Concern raised by a caseworker.');
    expect(await caseFile()).toContain('Late most mornings since January');

    // A support action.
    await follow(page, 'a[href$="/support-actions/new"]');
    await expectAccessible(page, 'case-forms-04-support-action');
    await page.click('input[name="kind"][value="early-help-assessment"]');
    await page.type('#description', 'Early help assessment with the family support worker');
    await typeDate(page, 'startedOn', '4', '3', '2025');
    expect(await submit(page)).toBe(200);
    expect(await text(page, 'main')).toContain('The support action was recorded.');
    expect(await caseFile()).toContain('Support started: early help assessment');
    expect(await text(page, 'main')).toContain(
      'Early help assessment, started 4 March 2025: Record the outcome',
    );

    // Its outcome, from the support awaiting one.
    await follow(page, 'a[href*="/support-actions/"][href$="/outcome/new"]');
    expect(await text(page, '.govuk-summary-list')).toContain('Early help assessment');
    await expectAccessible(page, 'case-forms-05-support-outcome');
    await page.click('input[name="outcome"][value="partly-helped"]');
    await page.click('input[name="familyEngaged"][value="yes"]');
    expect(await submit(page)).toBe(200);
    expect(await text(page, 'main')).toContain('The outcome of the support was recorded.');
    expect(await caseFile()).toContain('outcome: partly helped; the family engaged.');
    expect(await page.$('a[href$="/outcome/new"]')).toBeNull();

    // A review of the attendance contract.
    await follow(page, `a[href$="/attendance-contracts/${contractId}/reviews/new"]`);
    await expectAccessible(page, 'case-forms-06-contract-review');
    await typeDate(page, 'reviewedOn', '17', '3', '2025');
    await page.click('input[name="outcome"][value="on-track"]');
    await page.type('#notes', 'Two late marks; otherwise on track');
    expect(await submit(page)).toBe(200);
    expect(await text(page, 'main')).toContain(
      'The review of the attendance contract was recorded.',
    );
    expect(await caseFile()).toContain(`Attendance contract ${contractId} reviewed: on track.`);
    expect(await caseFile()).toContain('Two late marks; otherwise on track');

    // A referral to the attendance panel.
    await follow(page, 'a[href$="/panel-referrals/new"]');
    await expectAccessible(page, 'case-forms-07-panel-referral');
    await page.type('#reason', 'Support partly helped; attendance still below 90%');
    expect(await submit(page)).toBe(200);
    expect(await text(page, 'main')).toContain('The case was referred to the attendance panel.');
    expect(await caseFile()).toContain('Referred to the attendance panel');
    expect(await text(page, 'main')).toContain('waiting for its decision');
    await expectAccessible(page, 'case-forms-08-case-after-records');

    // The same facts the API holds.
    const after = (await journey(pupilId)).body;
    expect(after.concerns.map((c: { summary: string }) => c.summary)).toContain(
      'Late most mornings since January',
    );
    expect(after.openItems.supportAwaitingOutcome).toEqual([]);
    expect(after.openItems.pendingPanelReferral).not.toBeNull();
    await page.close();
  });

  it('an invalid submission shows the error summary linked to each field and records nothing', async () => {
    const page = await newPage(browser);
    await signIn(page);
    const before = (await journey(otherPupilId)).headers.etag;
    await page.goto(`${server.url}/cases/${otherPupilId}/support-actions/new`);
    expect(await submit(page)).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('Select the kind of support');
    expect(summary).toContain('Enter what the support is');
    expect(summary).toContain('Enter the date the support started');
    // Each message links to its field, and the field says it too.
    const links = await page.$$eval('.govuk-error-summary a', (as) =>
      as.map((a) => a.getAttribute('href')),
    );
    expect(links).toEqual(['#kind', '#description', '#startedOn-day']);
    for (const href of links) expect(await page.$(href as string)).not.toBeNull();
    expect(await text(page, '#description-error')).toContain('Enter what the support is');
    await expectAccessible(page, 'case-forms-09-support-action-errors');

    // A date that is not one, and what was typed is kept.
    await page.click('input[name="kind"][value="school-nurse"]');
    await page.type('#description', 'School nurse drop-in');
    await typeDate(page, 'startedOn', '31', '2', '2025');
    expect(await submit(page)).toBe(400);
    expect(await text(page, '.govuk-error-summary')).toContain(
      'The date the support started must be a real date, for example 27 3 2025',
    );
    expect(await page.$eval('#description', (e) => (e as HTMLTextAreaElement).value)).toBe(
      'School nurse drop-in',
    );
    expect((await journey(otherPupilId)).headers.etag).toBe(before);
    await page.close();
  });

  it('a refusal is shown in words with the status the API gives it, and records nothing', async () => {
    const page = await newPage(browser);
    await signIn(page);
    // The pupil is already waiting for the panel (referred above): a second referral is refused.
    const before = (await journey(pupilId)).headers.etag;
    await page.goto(`${server.url}/cases/${pupilId}/panel-referrals/new`);
    await page.type('#reason', 'Again');
    expect(await submit(page)).toBe(409);
    expect(await text(page, '.govuk-error-summary')).toContain(
      'This pupil is already waiting for the panel.',
    );
    await expectAccessible(page, 'case-forms-10-referral-refused');
    expect((await journey(pupilId)).headers.etag).toBe(before);
    await page.close();
  });

  it('a new fact is recorded whatever else landed on the case meanwhile', async () => {
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/cases/${otherPupilId}/concerns/new`);
    await page.type('#summary', 'Missed every Monday this half term');
    // Meanwhile a colleague records a concern through the API.
    await post(`/pupils/${otherPupilId}/concerns`, { summary: 'Raised by a colleague' });
    expect(await submit(page)).toBe(200);
    expect(await text(page, '.app-case-file')).toContain('Missed every Monday this half term');
    const concerns = (await journey(otherPupilId)).body.concerns.map(
      (c: { summary: string }) => c.summary,
    );
    expect(concerns).toEqual(['Raised by a colleague', 'Missed every Monday this half term']);
    await page.close();
  });

  it('when someone else records on the item after its form opened, it says so, keeps the answers and links to the case', async () => {
    const { supportId } = (
      await post(`/pupils/${otherPupilId}/support-actions`, {
        kind: 'school-nurse',
        description: 'School nurse drop-in',
        startedOn: '2025-03-03',
      })
    ).body;
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(`${server.url}/cases/${otherPupilId}/support-actions/${supportId}/outcome/new`);
    await page.click('input[name="outcome"][value="did-not-help"]');
    await page.click('input[name="familyEngaged"][value="no"]');
    // Meanwhile a colleague records the outcome of the same support through the API.
    await post(
      `/pupils/${otherPupilId}/support-actions/${supportId}/outcome`,
      { outcome: 'helped', familyEngaged: true },
      200,
    );
    const before = (await journey(otherPupilId)).headers.etag;
    expect(await submit(page)).toBe(412);
    expect(await text(page, '.govuk-notification-banner')).toContain(
      'Someone else recorded something on this case after you opened this form',
    );
    expect(
      await page.$(`.govuk-notification-banner a[href="/cases/${otherPupilId}"]`),
    ).not.toBeNull();
    expect(
      await page.$eval(
        'input[name="outcome"][value="did-not-help"]',
        (e) => (e as HTMLInputElement).checked,
      ),
    ).toBe(true);
    await expectAccessible(page, 'case-forms-11-conflict');
    expect((await journey(otherPupilId)).headers.etag).toBe(before);

    // The case, opened from the banner's link (in another tab), shows the colleague's outcome.
    const href = await page.$eval('.govuk-notification-banner a', (a) => a.getAttribute('href'));
    const tab = await page.browserContext().newPage();
    await tab.goto(`${server.url}${href}`);
    expect(await text(tab, '.app-case-file')).toContain('outcome: helped; the family engaged.');
    await tab.close();
    // Back on the form, they send theirs as a later view of the same support: now it is recorded.
    expect(await submit(page)).toBe(200);
    expect(await text(page, '.app-case-file')).toContain(
      'outcome: did not help; the family did not engage.',
    );
    await page.close();
  });
});
