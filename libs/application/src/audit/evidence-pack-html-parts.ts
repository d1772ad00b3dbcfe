/** Small pieces the evidence pack's HTML is made of: every value they print is escaped. */
import { escapeHtml as esc } from './html-escape';

export const words = (code: string | null | undefined) => (code ?? '').replace(/-/g, ' ');
export const money = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `£${n}`;
export const pct = (rate: number | null) =>
  rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
export const yesNo = (b: boolean | null) => (b === null ? 'not recorded' : b ? 'yes' : 'no');

/** A table with escaped cells; `empty` is said when there are no rows. */
export function table(
  className: string,
  head: string[],
  rows: (string | number | null)[][],
  empty: string,
  rowClass?: (i: number) => string,
): string {
  if (rows.length === 0) return `<p class="none">${esc(empty)}</p>`;
  return [
    `<table class="${className}"><thead><tr>`,
    ...head.map((h) => `<th scope="col">${esc(h)}</th>`),
    '</tr></thead><tbody>',
    ...rows.map(
      (r, i) =>
        `<tr${rowClass ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => `<td>${esc(c ?? '—')}</td>`).join('')}</tr>`,
    ),
    '</tbody></table>',
  ].join('');
}

export const facts = (pairs: [string, unknown][]) =>
  `<dl class="facts">${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '—')}</dd>`).join('')}</dl>`;
