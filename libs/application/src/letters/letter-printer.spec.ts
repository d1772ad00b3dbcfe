import { toProblem } from '../http/problem-details.filter';
import type { AppConfig } from '../config/config';
import { LetterPrinter, PdfPrinterUnavailable } from './letter-printer';

describe('printing letters to PDF without a browser', () => {
  const printer = new LetterPrinter({
    letters: { chromiumPath: '/nonexistent/chromium' },
  } as AppConfig);

  it('given no chromium at CHROMIUM_PATH, when a PDF is asked for, then it is refused saying what is missing and that the HTML letter works', async () => {
    await expect(printer.pdf('<p>letter</p>')).rejects.toThrow(PdfPrinterUnavailable);
    await expect(printer.pdf('<p>letter</p>')).rejects.toThrow(
      /no browser at \/nonexistent\/chromium\. Install Debian's chromium or set CHROMIUM_PATH; the HTML letter \(format=html\) is available/,
    );
  });

  it('answers that refusal as 503 problem details', () => {
    expect(toProblem(new PdfPrinterUnavailable('there is no browser at /x.'))).toMatchObject({
      status: 503,
      code: 'pdf-printer-unavailable',
    });
  });
});
