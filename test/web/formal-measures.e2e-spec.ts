/// <reference lib="dom" />
/**
 * Formal measures and evidence packs in a real browser (Debian's chromium, headless), as the
 * seeded development users: an attendance officer reads a pupil's penalty-notice eligibility and
 * why, issues a notice to improve and then a penalty notice, each after a confirmation page showing
 * the amounts and dates the domain worked out, meets a refusal in words and a conflict with a way
 * on, and records a payment; an auditor opens the notice's evidence pack for a stated purpose
 * (recorded); a link worker can neither see nor issue. axe-core checks every page; screenshots go
 * to test-output/screenshots. Without chromium this FAILS.
 */
import {
  NATIONAL_DEFAULTS,
  paymentDeadlines,
  presumedServiceDate,
  prosecuteOrWithdrawDue,
} from '@app/domain';
import type { Browser, Page } from 'puppeteer-core';
import request from 'supertest';
import { janeDetails, recordParent } from '../support/people';
import { pupilBody } from '../support/pupils';
import { addDays, HALF_TERM_WEEK, THRESHOLD_WEEKS, weekOfMarks } from '../support/threshold-weeks';
import { ukDate } from '../../apps/api/src/web/views';
import { expectAccessible, launchBrowser, newPage, signInAs } from './browser';
import { startWebServer, WebServer } from './web-server';

jest.setTimeout(180_000);

describe('formal measures and evidence packs, in headless chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let officer: string;
  let pupilId: string;
  let familyId: string;
  let mumId: string;

  const api = () => request(server.url);
  const post = async (url: string, body: object, status: number) => {
    const res = await api().post(url).set('Authorization', `Bearer ${officer}`).send(body);
    if (res.status !== status)
      throw new Error(`${url}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const journey = async () =>
    (await api().get(`/pupils/${pupilId}`).set('Authorization', `Bearer ${officer}`).expect(200))
      .body;

  const signIn = (page: Page, user: string) => signInAs(page, server.url, user);
  const submit = (page: Page, selector = 'main form button[type="submit"]') =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);
  const typeDate = async (page: Page, name: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    for (const [part, value] of [
      ['day', String(Number(d))],
      ['month', String(Number(m))],
      ['year', y],
    ]) {
      await page.$eval(`#${name}-${part}`, (e) => ((e as HTMLInputElement).value = ''));
      await page.type(`#${name}-${part}`, value);
    }
  };
  const text = (page: Page, selector = 'main') => page.$eval(selector, (e) => e.textContent ?? '');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
    officer = await server.token('attendance-officer', 'officer-1');
    familyId = (await post('/families', { reference: 'F-MEASURES-1' }, 201)).familyId;
    mumId = (
      await post(
        `/families/${familyId}/parents`,
        {
          reference: 'M',
          relationship: 'mother',
          hasParentalResponsibility: true,
          hasDayToDayCare: true,
          // Her personal details, held outside the event store: the evidence pack names her.
          personId: await recordParent(server.url, officer),
        },
        201,
      )
    ).parentId;
    pupilId = (await post('/pupils', pupilBody('WEB-MEASURES-1', 'school-1'), 201)).pupilId;
    await api()
      .post(`/families/${familyId}/pupils`)
      .set('Authorization', `Bearer ${officer}`)
      .send({ pupilId })
      .expect((r) => expect([200, 201]).toContain(r.status));
    for (let week = 0; week < THRESHOLD_WEEKS; week += 1)
      if (week !== HALF_TERM_WEEK)
        await post(`/pupils/${pupilId}/marks`, weekOfMarks(week, 'school-1'), 200);
    const { supportId } = await post(
      `/pupils/${pupilId}/support-actions`,
      {
        kind: 'early-help-assessment',
        description: 'Early help assessment',
        startedOn: '2025-01-27',
      },
      201,
    );
    const { position } = await post(
      `/pupils/${pupilId}/support-actions/${supportId}/outcome`,
      { outcome: 'did-not-help', familyEngaged: false, recordedOn: '2025-02-24' },
      200,
    );
    // The eligibility view has seen all of it before the officer looks.
    await api()
      .get(`/penalty-notice-eligibility?position=${position}`)
      .set('Authorization', `Bearer ${officer}`)
      .expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an officer reads eligibility, issues a notice to improve and a penalty notice after checking their terms, and records a payment', async () => {
    const page = await newPage(browser);
    await signIn(page, 'officer-1');
    await page.goto(`${server.url}/cases/${pupilId}`);
    await submit(page, `a[href="/cases/${pupilId}/measures"]`);
    let measures = await text(page);
    expect(measures).toContain('Penalty notice eligibility');
    expect(measures).toContain('M (mother)');
    // The first refusal, in words: support was tried, so a notice to improve comes first.
    expect(measures).toMatch(/Cannot be issued: .*notice to improve/i);
    await expectAccessible(page, 'm01-measures-eligibility');

    // A penalty notice now is refused by the domain, in words, before anything is recorded.
    await submit(page, `a[href="/cases/${pupilId}/measures/penalty-notice/new"]`);
    await expectAccessible(page, 'm02-penalty-notice-form');
    await page.click(`input[name="parentId"][value="${mumId}"]`);
    await typeDate(page, 'issuedOn', '2025-04-22');
    await submit(page);
    expect(await text(page, '.govuk-error-summary')).toMatch(/notice to improve/i);
    await expectAccessible(page, 'm03-penalty-notice-refused');
    expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([]);

    // A notice to improve: the form's own errors first, then its terms to confirm.
    await page.goto(`${server.url}/cases/${pupilId}/measures/notice-to-improve/new`);
    for (const part of ['day', 'month', 'year'])
      await page.$eval(`#issuedOn-${part}`, (e) => ((e as HTMLInputElement).value = ''));
    await submit(page);
    const errors = await text(page, '.govuk-error-summary');
    expect(errors).toContain('Select who the notice is to');
    expect(errors).toContain('Enter the date the notice is issued');
    expect(errors).toContain('Enter what sufficient improvement means');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'm04-notice-to-improve-errors');
    await page.click(`input[name="parentId"][value="${mumId}"]`);
    await typeDate(page, 'issuedOn', '2025-04-22');
    await page.type('#sufficientImprovement', 'No unauthorised absence in the period');
    await submit(page);
    const nti = await text(page, '.app-notice-terms');
    // 6 weeks (the national default code of conduct) from 22 April 2025.
    expect(nti).toContain('6 weeks, ending on 3 June 2025');
    await expectAccessible(page, 'm05-notice-to-improve-confirm');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(`/cases/${pupilId}/measures`);
    expect(await text(page)).toContain('The notice to improve was issued.');

    // Its outcome: not improved.
    await submit(page, `a[href*="/measures/notice-to-improve-outcome/"]`);
    await page.click('input[name="outcome"][value="not-improved"]');
    await typeDate(page, 'recordedOn', '2025-06-03');
    await expectAccessible(page, 'm06-notice-to-improve-outcome');
    await submit(page);
    measures = await text(page);
    expect(measures).toContain('The outcome of the notice to improve was recorded.');
    expect(measures).toMatch(
      /Can be issued: the first notice in 3 years, £160, or £80 if paid within 21 days/,
    );
    await expectAccessible(page, 'm07-measures-eligible');

    // The penalty notice: its terms are shown before it is recorded, as the domain works them out.
    const issuedOn = '2025-06-05';
    const receivedOn = presumedServiceDate(issuedOn, NATIONAL_DEFAULTS);
    const { reducedRateEnds, paymentEnds } = paymentDeadlines(receivedOn, 1);
    expect([receivedOn, reducedRateEnds, paymentEnds]).toEqual([
      '2025-06-09',
      '2025-06-29',
      '2025-07-06',
    ]);
    await submit(page, `a[href="/cases/${pupilId}/measures/penalty-notice/new"]`);
    await page.click(`input[name="parentId"][value="${mumId}"]`);
    await typeDate(page, 'issuedOn', issuedOn);
    // The offence period comes filled in from the eligibility view: the threshold's sessions.
    expect(await page.$eval('#offenceFrom-day', (e) => (e as HTMLInputElement).value)).toBe('20');
    await submit(page);
    const terms = await text(page, '.app-notice-terms');
    expect(terms).toMatch(new RegExp(`Presumed received on\\s*${ukDate(receivedOn)}`));
    expect(terms).toContain(
      `£80 if paid by ${ukDate(reducedRateEnds!)}, or £160 if paid by ${ukDate(paymentEnds)}`,
    );
    expect(terms).toContain(ukDate(prosecuteOrWithdrawDue(paymentEnds)));
    expect(terms).toContain('The first to this parent for this pupil in 3 years');
    await expectAccessible(page, 'm08-penalty-notice-confirm');
    expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([]);

    // Someone records something on the case meanwhile: confirming records nothing and says why.
    await post(
      `/pupils/${pupilId}/conversations`,
      { heldOn: '2025-06-04', withWhom: ['pupil'], barriers: [], agreedNextSteps: [] },
      201,
    );
    await submit(page);
    expect(await text(page, '.govuk-error-summary')).toContain(
      'The case changed after you checked this notice',
    );
    await expectAccessible(page, 'm09-penalty-notice-conflict');
    expect((await journey()).openItems.unpaidPenaltyNotices).toEqual([]);

    // Checked again against the case as it is now, and confirmed: issued.
    await submit(page);
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(`/cases/${pupilId}/measures`);
    measures = await text(page);
    expect(measures).toContain('The penalty notice was issued.');
    const row = await text(page, '.app-penalty-notices tbody');
    expect(row).toContain(`£80 by ${ukDate(reducedRateEnds!)}, £160 by ${ukDate(paymentEnds)}`);
    expect(row).toContain('Issued');
    await expectAccessible(page, 'm10-measures-notice-issued');
    const issued = (await journey()).openItems.unpaidPenaltyNotices;
    expect(issued).toEqual([
      expect.objectContaining({ parentId: mumId, receivedOn, reducedRateEnds, paymentEnds }),
    ]);

    // On the case: the case file holds the notice.
    await page.goto(`${server.url}/cases/${pupilId}`);
    expect(await text(page, '.app-case-file')).toMatch(/penalty notice/i);

    // The notice printed from the page: a draft until its service is recorded, then the served
    // notice with the dates from the day the mother received it (the same letter as the API's).
    const admin = await server.token('admin', 'admin-1');
    await api()
      .put('/admin/letter-settings')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        authorityName: 'Exampleshire County Council',
        address: ['County Hall', 'Exampletown', 'EX1 1AA'],
        logoText: 'Exampleshire County Council',
        telephone: '0300 123 4567',
        email: 'attendance@exampleshire.gov.uk',
        payee: 'Exampleshire County Council',
        paymentMethods: ['Online at https://pay.exampleshire.gov.uk'],
        signatories: [],
      })
      .expect(200);
    await post('/people', { kind: 'pupil', pupilId, ...janeDetails('-child') }, 201);
    await page.goto(`${server.url}/cases/${pupilId}/measures`);
    const letterPath = `/cases/${pupilId}/measures/penalty-notices/${issued[0].noticeId}/letter`;
    expect(await text(page, `a[href="${letterPath}"]`)).toContain('See the draft notice');
    await page.goto(`${server.url}${letterPath}?format=html`);
    expect(await text(page, 'body')).toContain('DRAFT — not to be served');
    await page.goto(`${server.url}/cases/${pupilId}/measures`);
    await submit(page, 'a[href*="/measures/service/"]');
    await page.click('input[name="method"][value="hand"]');
    await typeDate(page, 'sentOn', issuedOn);
    await expectAccessible(page, 'm11a-service-form');
    await submit(page);
    expect(await text(page)).toContain('How the notice was sent was recorded');
    expect(await text(page, '.app-penalty-notices tbody')).toContain(
      `received ${ukDate(issuedOn)}`,
    );
    expect(await text(page, `a[href="${letterPath}"]`)).toContain('Print the notice');
    await page.goto(`${server.url}${letterPath}?format=html`);
    const served = await text(page, 'body');
    expect(served).not.toContain('DRAFT');
    const handed = paymentDeadlines(issuedOn, 1);
    expect(served).toContain(`by ${ukDate(handed.reducedRateEnds!)}`);
    expect(served).toContain(`handed to you on ${ukDate(issuedOn)}`);
    // Fetched from the measures page (the letter's own page allows no connections).
    await page.goto(`${server.url}/cases/${pupilId}/measures`);
    const pdf = await page.evaluate(async (path) => {
      const r = await fetch(path);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return {
        type: r.headers.get('content-type'),
        head: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, letterPath);
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });

    // A payment within the 21 days.
    await page.goto(`${server.url}/cases/${pupilId}/measures`);
    await submit(page, 'a[href*="/measures/payment/"]');
    await typeDate(page, 'paidOn', '2025-06-20');
    await page.$eval('#amount', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#amount', '80');
    await expectAccessible(page, 'm11b-payment-form');
    await submit(page);
    expect(await text(page, '.app-penalty-notices tbody')).toContain('Paid on 20 June 2025 (£80)');
    await page.close();
  });

  it('an auditor opens the evidence pack from the family history, for a stated purpose that is recorded', async () => {
    const page = await newPage(browser);
    await signIn(page, 'auditor-1');
    await page.goto(
      `${server.url}/audit/families/${familyId}?purpose=${encodeURIComponent('Audit of enforcement decisions')}`,
    );
    await submit(page, `a[href="/audit/pupils/${pupilId}/evidence-packs"]`);
    expect(await text(page)).toContain('Penalty notice issued 5 June 2025');
    await expectAccessible(page, 'm12-evidence-packs');
    await submit(page, 'a[href*="/evidence-packs/penalty-notices/"]');
    expect(await page.$eval('h1, label h1, .govuk-label--l', (e) => e.textContent ?? '')).toContain(
      'Why do you need this evidence pack?',
    );
    await expectAccessible(page, 'm13-evidence-pack-purpose');
    await page.type('#purpose', 'short');
    await submit(page);
    expect(await text(page, '.govuk-error-summary')).toMatch(/purpose/i);
    await expectAccessible(page, 'm14-evidence-pack-purpose-error');

    const purpose = 'Court bundle for the hearing on 12 August';
    await page.$eval('#purpose', (e) => ((e as HTMLTextAreaElement).value = ''));
    await page.type('#purpose', purpose);
    await submit(page);
    const pack = await text(page);
    expect(pack).toContain('Evidence pack: penalty notice');
    expect(pack).toContain(purpose);
    expect(pack).toContain('M (mother)');
    expect(pack).toContain(janeDetails().familyName);
    expect(
      await page.$$eval('svg.attendance-chart rect.bar', (bars) => bars.length),
    ).toBeGreaterThan(0);
    expect(await page.$$eval('.app-chronology tbody tr', (rows) => rows.length)).toBeGreaterThan(
      10,
    );
    await expectAccessible(page, 'm15-evidence-pack');

    const auditor = await server.token('auditor', 'auditor-1');
    const log = await api()
      .get('/audit/access-log?kind=evidence-pack')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(JSON.stringify(log.body)).toContain(purpose);
    await page.close();
  });

  it('an officer records an attendance contract and its review, and an education supervision order from application to order', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const page = await newPage(browser);
    await signIn(page, 'officer-1');
    await page.goto(`${server.url}/cases/${pupilId}/measures`);

    await submit(page, `a[href="/cases/${pupilId}/measures/attendance-contract/new"]`);
    await expectAccessible(page, 'm17-contract-form');
    await submit(page);
    const errors = await text(page, '.govuk-error-summary');
    expect(errors).toContain('Select the parents who agreed it');
    expect(errors).toContain('Enter what the parents will do');
    expect(errors).toContain('Enter the date it ends');
    await expectAccessible(page, 'm18-contract-errors');
    await page.click(`input[name="parentIds"][value="${mumId}"]`);
    await page.type('#parentCommitments', 'Up by 7:30\nWalk to the bus stop');
    await page.type('#supportCommitments', 'Bus pass from the LA');
    await typeDate(page, 'endsOn', addDays(today, 56));
    await submit(page);
    expect(await text(page)).toContain('The attendance contract was recorded.');
    const contract = await text(page, '#attendance-contracts + table');
    expect(contract).toContain('M (mother)');
    expect(contract).toContain(`${ukDate(today)} to ${ukDate(addDays(today, 56))}`);

    await submit(page, 'a[href*="/measures/contract-review/"]');
    await page.click('input[name="outcome"][value="on-track"]');
    await expectAccessible(page, 'm19-contract-review');
    await submit(page);
    expect(await text(page)).toContain('The review was recorded.');
    expect(await text(page, '#attendance-contracts + table')).toContain(
      `last reviewed ${ukDate(today)}`,
    );

    // The rules' refusal, in words: children's social care must be consulted first (s36 CA 1989).
    await submit(page, `a[href="/cases/${pupilId}/measures/supervision-order/new"]`);
    await submit(page);
    expect(await text(page, '.govuk-error-summary')).toMatch(/social care/i);
    await expectAccessible(page, 'm20-supervision-order-refused');
    await post(
      `/pupils/${pupilId}/social-care-consultations`,
      { consultedOn: today, outcome: 'No objection to an application' },
      200,
    );
    await submit(page);
    expect(await text(page)).toContain(
      'The application for an education supervision order was recorded.',
    );
    await submit(page, 'a[href*="/measures/supervision-order-granted/"]');
    await page.type('#supervisorId', 'officer-3');
    await expectAccessible(page, 'm21-supervision-order-granted');
    await submit(page);
    expect(await text(page)).toContain('The education supervision order was recorded.');
    const order = await text(page, '#supervision-orders + table');
    expect(order).toContain('In force');
    expect(order).toContain('officer-3');
    await expectAccessible(page, 'm22-measures-contract-and-order');

    // The paid notice, withdrawn for a material error: the page says so, with the ground.
    await submit(page, 'a[href*="/measures/withdrawal/"]');
    await page.click('input[name="ground"][value="material-error"]');
    await page.type('#explanation', 'The notice named the wrong offence dates');
    await expectAccessible(page, 'm23-withdrawal-form');
    await submit(page);
    expect(await text(page)).toContain('The penalty notice was withdrawn.');
    expect(await text(page, '.app-penalty-notices tbody')).toContain(
      `Withdrawn on ${ukDate(today)}: material error`,
    );
    await page.close();
  });

  it('a link worker on the case can neither see formal measures nor issue a notice', async () => {
    const page = await newPage(browser);
    await signIn(page, 'worker-1');
    await page.goto(`${server.url}/cases/${pupilId}`);
    expect(await text(page)).toContain('WEB-MEASURES-1');
    expect(await page.$(`a[href="/cases/${pupilId}/measures"]`)).toBeNull();
    expect((await page.goto(`${server.url}/cases/${pupilId}/measures`))?.status()).toBe(403);
    expect(
      (await page.goto(`${server.url}/cases/${pupilId}/measures/penalty-notice/new`))?.status(),
    ).toBe(403);
    expect(await text(page)).toContain('may not open this page');
    await expectAccessible(page, 'm16-link-worker-refused');

    // A post with the session's own CSRF token is refused too, and records nothing.
    const before = (await journey()).openItems;
    const status = await page.evaluate(
      async (url, parentId) => {
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const body = new URLSearchParams({
          _csrf: csrf,
          parentId,
          'issuedOn-day': '1',
          'issuedOn-month': '7',
          'issuedOn-year': '2025',
          'offenceFrom-day': '20',
          'offenceFrom-month': '1',
          'offenceFrom-year': '2025',
          'offenceTo-day': '31',
          'offenceTo-month': '3',
          'offenceTo-year': '2025',
          issuedBy: 'authorised-la-officer',
          confirm: 'yes',
        });
        return (await fetch(url, { method: 'POST', body })).status;
      },
      `${server.url}/cases/${pupilId}/measures/penalty-notice`,
      mumId,
    );
    expect(status).toBe(403);
    expect((await journey()).openItems).toEqual(before);
    await page.close();
  });
});
