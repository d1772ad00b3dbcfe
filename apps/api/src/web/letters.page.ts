/**
 * A penalty notice printed from the formal-measures page: the same letter as the API's
 * (LetterComposer, recorded in the access log), as an A4 PDF from headless Chromium, or the
 * printable page with `?format=html`. A notice whose service is not yet recorded prints as a
 * draft, "not to be served".
 */
import { Get, Param, Req, Res } from '@nestjs/common';
import { LetterComposer, LetterPrinter } from '@app/application';
import type { Response } from 'express';
import { RequireCapability } from '../auth/auth.decorators';
import { letterResponse } from '../letters/letter-response';
import { PupilItemParam } from '../pupils/pupil.params';
import { WebRequest } from './web-auth.guard';
import { queryParam } from './web-http';
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
    @Res({ passthrough: true }) res: Response,
  ) {
    const letter = await this.composer.penaltyNotice(req.webSession!.principal, itemId, {
      pupilId,
      correlationId: typeof req.id === 'string' ? req.id : undefined,
    });
    return letterResponse(
      letter,
      queryParam(req, 'format') === 'html' ? 'html' : 'pdf',
      res,
      this.printer,
    );
  }
}
