/**
 * A penalty notice printed from the formal-measures page: the same letter as the API's
 * (LetterComposer, recorded in the access log), as an A4 PDF from headless Chromium, or the
 * printable page with `?format=html`. A notice whose service is not yet recorded prints as a
 * draft, "not to be served".
 */
import { Get, Param, Req, Res } from '@nestjs/common';
import {
  LETTER_CONTENT_SECURITY_POLICY,
  LetterComposer,
  LetterPrinter,
  renderLetterHtml,
} from '@app/application';
import type { Response } from 'express';
import { RequireCapability } from '../auth/auth.decorators';
import { PupilItemParam } from '../pupils/pupil.params';
import { WebRequest } from './web-auth.guard';
import { WebPage } from './web-page.decorator';

@WebPage('cases')
export class LettersPage {
  constructor(
    private readonly composer: LetterComposer,
    private readonly printer: LetterPrinter,
  ) {}

  @Get(':pupilId/measures/penalty-notices/:itemId/letter')
  @RequireCapability('case.enforce')
  async penaltyNotice(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Req() req: WebRequest & { id?: unknown },
    @Res() res: Response,
  ) {
    const letter = await this.composer.penaltyNotice(req.webSession!.principal, itemId, {
      pupilId,
      correlationId: typeof req.id === 'string' ? req.id : undefined,
    });
    const html = renderLetterHtml(letter);
    res.setHeader('Cache-Control', 'no-store');
    if (req.query.format === 'html') {
      res.setHeader('Content-Security-Policy', LETTER_CONTENT_SECURITY_POLICY);
      res.type('text/html; charset=utf-8').send(html);
      return;
    }
    const pdf = await this.printer.pdf(html);
    res
      .type('application/pdf')
      .setHeader(
        'Content-Disposition',
        `inline; filename="penalty-notice-${letter.reference}${letter.draft ? '-draft' : ''}.pdf"`,
      )
      .send(pdf);
  }
}
