/**
 * A letter as one self-contained, printable HTML document (inline CSS with an A4 print sheet, no
 * script, no external asset), like the evidence pack: what is printed, posted and kept is exactly
 * what was produced. Every value is escaped. A draft says so across the top of every page.
 */
import { ukDate, type Letter } from '@app/domain';
import { escapeHtml as esc } from '../audit/html-escape';

const STYLE = `
:root { color-scheme: light; }
body { font: 11pt/1.45 Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0; background: #fff; }
main { max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
header.letterhead { border-bottom: 2px solid #0b0c0c; padding-bottom: 4mm; margin-bottom: 6mm; }
p.logo { font-size: 16pt; font-weight: 700; margin: 0 0 2mm; }
p.from, p.to, p.meta { margin: 0 0 4mm; white-space: pre-line; }
p.draft { border: 3px solid #d4351c; color: #d4351c; font-weight: 700; padding: 3mm; margin: 0 0 6mm; }
h1 { font-size: 15pt; margin: 6mm 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
h2 span.particular { font-weight: 400; color: #505a5f; }
section p { margin: 0 0 2mm; }
footer { margin-top: 10mm; }
@page { size: A4; margin: 15mm 15mm; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: avoid; page-break-inside: avoid; }
  p.draft { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

/** The policy the document carries and the API sends with it: its own inline style, nothing else. */
export const LETTER_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const lines = (values: string[]) => values.map(esc).join('\n');

/** The letter itself (letterhead to signature): the whole of a letter page, or a copy in a pack. */
export function letterArticleHtml(letter: Letter): string {
  const { from, to } = letter;
  return [
    `<article class="letter" id="letter-${esc(letter.kind)}-${esc(letter.reference)}">`,
    letter.draft
      ? `<p class="draft" role="alert">DRAFT — not to be served. ${esc(letter.draft)}</p>`
      : '',
    '<header class="letterhead">',
    `<p class="logo">${esc(from.logoText)}</p>`,
    `<p class="from">${lines([from.authorityName, ...from.address, `Telephone ${from.telephone}`, from.email])}</p>`,
    '</header>',
    `<p class="to">${lines([to.name, ...to.address])}</p>`,
    `<p class="meta">${lines([`Date: ${ukDate(letter.date)}`, `Reference: ${letter.reference}`, `Regarding: ${letter.child.name}, ${letter.schoolName}`])}</p>`,
    `<h1>${esc(letter.title)}</h1>`,
    ...letter.sections.map(
      (s) =>
        `<section><h2>${esc(s.heading)}${s.particular ? ` <span class="particular">(${esc(s.particular)})</span>` : ''}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</section>`,
    ),
    letter.signatory
      ? `<footer><p>Yours faithfully,</p><p>${lines([letter.signatory.name, letter.signatory.officialParticulars, from.authorityName])}</p></footer>`
      : '',
    '</article>',
  ].join('\n');
}

export function renderLetterHtml(letter: Letter): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${LETTER_CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`${letter.title} — ${letter.reference}`)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body><main>${letterArticleHtml(letter)}</main></body></html>`,
  ].join('\n');
}
