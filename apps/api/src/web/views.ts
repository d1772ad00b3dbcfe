/**
 * Server-rendered pages: nunjucks templates (one per page, named after it) over the GOV.UK Design
 * System's own templates and macros, which `govuk-frontend` ships. Autoescaping is on: everything a
 * person typed is text, never markup.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nunjucks from 'nunjucks';
import { ukDate } from '@app/domain';

/** Where govuk-frontend keeps its templates, styles, scripts, fonts and images. */
export const GOVUK_FRONTEND_DIST = path.join(
  path.dirname(require.resolve('govuk-frontend/package.json')),
  'dist',
);
export const VIEWS_DIR = path.join(__dirname, 'views');
export const WEB_ASSETS_DIR = path.join(__dirname, 'assets');

export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_FRONTEND_DIST], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('percent', (rate: number | null | undefined) =>
    rate === null || rate === undefined ? 'no sessions yet' : `${(rate * 100).toFixed(1)}%`,
  );
  env.addFilter('ukDate', (iso: string | null | undefined) => (iso ? ukDate(iso) : ''));
  return env;
}

/** 2025-03-07 → 7 March 2025 (one rule for pages and letters, in the domain). */
export { ukDate };

/**
 * The one inline script the GOV.UK page template carries (it marks the body as JavaScript-enabled
 * before anything paints). The Content-Security-Policy allows exactly that script by its hash and
 * nothing else inline; the hash is read from the installed template, so an upgrade cannot leave a
 * stale one behind.
 */
export function govukInlineScriptHash(): string {
  const template = fs.readFileSync(path.join(GOVUK_FRONTEND_DIST, 'govuk', 'template.njk'), 'utf8');
  const m = /<script[^>]*>([^<]*)<\/script>/.exec(template);
  if (!m) throw new Error('The GOV.UK page template has no inline script to pin.');
  return `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`;
}
