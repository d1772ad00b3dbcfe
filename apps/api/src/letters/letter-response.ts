import { StreamableFile } from '@nestjs/common';
import { LETTER_CONTENT_SECURITY_POLICY, LetterPrinter, renderLetterHtml } from '@app/application';
import type { Letter } from '@app/domain';
import type { Response } from 'express';

export const LETTER_FORMATS = ['html', 'pdf', 'json'] as const;
export type LetterFormat = (typeof LETTER_FORMATS)[number];

/**
 * A letter as the reader asked for it, for a handler with `@Res({ passthrough: true })`: its
 * content as JSON, the printable page under the letter's own Content-Security-Policy, or an A4 PDF.
 * Never cached. The API's letter endpoints and the web pages answer through this one function.
 */
export async function letterResponse(
  letter: Letter,
  format: LetterFormat,
  res: Response,
  printer: LetterPrinter,
): Promise<Letter | string | StreamableFile> {
  res.header('Cache-Control', 'no-store');
  if (format === 'json') return letter;
  const html = renderLetterHtml(letter);
  if (format === 'html') {
    res.type('text/html; charset=utf-8');
    res.header('Content-Security-Policy', LETTER_CONTENT_SECURITY_POLICY);
    return html;
  }
  return new StreamableFile(await printer.pdf(html), {
    type: 'application/pdf',
    disposition: `inline; filename="${letter.kind}-${letter.reference}${letter.draft ? '-draft' : ''}.pdf"`,
  });
}
