import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { LetterComposer, LetterPrinter, Principal } from '@app/application';
import type { Letter } from '@app/domain';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { DateField, IdField } from '../common/validators';
import { PupilIdParam, PupilItemParam } from '../pupils/pupil.params';
import { LETTER_FORMATS, LetterFormat, letterResponse } from './letter-response';

export class LetterQuery {
  @ApiPropertyOptional({
    enum: LETTER_FORMATS,
    default: 'html',
    description: 'html: a printable page; pdf: A4, printed by headless Chromium; json: the content',
  })
  @IsOptional()
  @IsIn(LETTER_FORMATS)
  format?: LetterFormat;
}

export class WarningLetterQuery extends LetterQuery {
  @IdField('00000000-0000-4000-8000-000000000001') parentId!: string;
  @DateField('2025-03-10', 'The date of the letter; the absence counted is up to it') date!: string;
}

type WebRequest = Request & { id?: unknown };

/**
 * Letters to parents (SI 2007/1867 reg 3 for penalty notices): HTML to print, PDF, or the content
 * as JSON. Each names a child and a parent, so each read is recorded in the access log. A penalty
 * notice is a draft until its service is recorded (POST .../penalty-notices/{id}/service).
 */
@ApiTags('letters')
@ApiBearerAuth()
@ApiProduces('text/html', 'application/pdf', 'application/json')
@Controller('pupils/:pupilId')
export class LettersController {
  constructor(
    private readonly composer: LetterComposer,
    private readonly printer: LetterPrinter,
  ) {}

  @Get('penalty-notices/:itemId/letter')
  @RequireCapability('case.enforce')
  @ApiOperation({
    summary: 'The penalty notice to serve on the parent, with every reg 3 particular',
  })
  async penaltyNotice(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Query() q: LetterQuery,
    @CurrentPrincipal() p: Principal,
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send(
      await this.composer.penaltyNotice(p, itemId, this.request(pupilId, req)),
      q,
      res,
    );
  }

  @Get('notices-to-improve/:itemId/letter')
  @RequireCapability('case.enforce')
  @ApiOperation({ summary: 'The notice to improve to serve on the parent' })
  async noticeToImprove(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Query() q: LetterQuery,
    @CurrentPrincipal() p: Principal,
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send(
      await this.composer.noticeToImprove(p, itemId, this.request(pupilId, req)),
      q,
      res,
    );
  }

  @Get('penalty-notices/:itemId/withdrawal-letter')
  @RequireCapability('case.enforce')
  @ApiOperation({ summary: 'The notice telling the parent a penalty notice is withdrawn' })
  async withdrawal(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Query() q: LetterQuery,
    @CurrentPrincipal() p: Principal,
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send(await this.composer.withdrawal(p, itemId, this.request(pupilId, req)), q, res);
  }

  @Get('warning-letter')
  @RequireCapability('case.enforce')
  @ApiOperation({ summary: "A warning to a parent about their child's attendance" })
  async warning(
    @Param() { pupilId }: PupilIdParam,
    @Query() q: WarningLetterQuery,
    @CurrentPrincipal() p: Principal,
    @Req() req: WebRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.send(
      await this.composer.warning(p, q.parentId, q.date, this.request(pupilId, req)),
      q,
      res,
    );
  }

  private request(pupilId: string, req: WebRequest) {
    return { pupilId, correlationId: typeof req.id === 'string' ? req.id : undefined };
  }

  private send(letter: Letter, q: LetterQuery, res: Response) {
    return letterResponse(letter, q.format ?? 'html', res, this.printer);
  }
}
