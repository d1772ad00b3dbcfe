/// <reference lib="dom" />
/**
 * Debian's chromium, driven headless through puppeteer-core (which never downloads a browser of
 * its own), with axe-core's WCAG 2.2 AA rules run on each page and a screenshot of each page
 * written to test-output/screenshots for a reviewer to look at.
 */
import axe from 'axe-core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Debian's chromium is needed at ${CHROMIUM} (.ci/run installs it).`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI and containers: chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * A page in a fresh browser context (no cookies: a new person at a new browser) that records every
 * Content-Security-Policy violation it meets.
 */
export async function newPage(browser: Browser): Promise<Page & { cspViolations: string[] }> {
  const context = await browser.createBrowserContext();
  const page = (await context.newPage()) as Page & { cspViolations: string[] };
  page.cspViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) page.cspViolations.push(message.text());
  });
  await page.setViewport({ width: 1280, height: 900 });
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const matches = await page.evaluate(
      (s) => document.activeElement?.matches(s) ?? false,
      selector,
    );
    if (matches) return;
  }
  throw new Error(`Tabbing ${limit} times never reached ${selector}`);
}

/** A screenshot of the page, then no axe-core violations and no Content-Security-Policy refusals. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
  expect((page as Page & { cspViolations: string[] }).cspViolations).toEqual([]);
}

/** Signs in from the start page through the development provider as one of its seeded users. */
export async function signInAs(page: Page, baseUrl: string, user: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await Promise.all([page.waitForNavigation(), page.click('a.govuk-button--start')]);
  await page.click(`input[name="user"][value="${user}"]`);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
}
