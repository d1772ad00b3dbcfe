import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  AuditedReads,
  EvidencePackSubject,
  LetterComposer,
  PersonalDetailsReader,
  Principal,
  renderEvidencePackHtml,
} from '@app/application';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { ID_PATTERN } from '../common/validators';
import { PupilIdParam } from '../pupils/pupil.params';

export class EvidencePackQuery {
  @ApiProperty({
    description:
      'Why you need this pack (10 to 500 characters). Required: every read is recorded in the access log with it.',
    example: 'Prosecution file for the hearing on 12 March 2026',
  })
  @IsOptional()
  @IsString()
  purpose?: string;

  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}

export class PenaltyNoticeParam extends PupilIdParam {
  @ApiProperty() @Matches(ID_PATTERN, { message: 'noticeId must be an id' }) noticeId!: string;
}

export class ProsecutionParam extends PupilIdParam {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'prosecutionId must be an id' })
  prosecutionId!: string;
}

/**
 * Evidence packs (issue 6): everything a court or a panel needs about one penalty notice or one
 * prosecution, as JSON or as a printable HTML document with the attendance chart. A purpose is
 * required; each pack served is recorded in the access log after access was allowed and before
 * the pack leaves, and a refused or invalid read records nothing.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/html')
@Controller('pupils/:pupilId/evidence-packs')
export class EvidencePacksController {
  constructor(
    private readonly reads: AuditedReads,
    private readonly people: PersonalDetailsReader,
    private readonly letters: LetterComposer,
  ) {}

  @Get('penalty-notices/:noticeId')
  @RequireCapability('audit.history')
  @ApiOperation({ summary: 'The evidence pack for a penalty notice (JSON or printable HTML)' })
  penaltyNotice(
    @Param() { pupilId, noticeId }: PenaltyNoticeParam,
    @Query() q: EvidencePackQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.serve(pupilId, { kind: 'penalty-notice', noticeId }, q, principal, request, res);
  }

  @Get('prosecutions/:prosecutionId')
  @RequireCapability('audit.history')
  @ApiOperation({ summary: 'The evidence pack for a prosecution (JSON or printable HTML)' })
  prosecution(
    @Param() { pupilId, prosecutionId }: ProsecutionParam,
    @Query() q: EvidencePackQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.serve(pupilId, { kind: 'prosecution', prosecutionId }, q, principal, request, res);
  }

  private async serve(
    pupilId: string,
    subject: EvidencePackSubject,
    q: EvidencePackQuery,
    principal: Principal,
    request: Request & { id?: unknown },
    res: Response,
  ) {
    const format = q.format ?? 'json';
    res.header('Cache-Control', 'no-store');
    const { pack, purpose } = await this.reads.evidencePack(
      principal,
      pupilId,
      subject,
      q.purpose,
      {
        format,
        access: accessFor(principal),
        enrich: async (read) => {
          const { letters: copies, unavailable } = await this.letters.forEvidencePack(
            principal,
            pupilId,
            {
              noticesToImprove: read.noticesToImprove.map((n) => n.noticeId),
              penaltyNotices: read.penaltyNotices.map((n) => n.noticeId),
              withdrawn: read.penaltyNotices.filter((n) => n.withdrawal).map((n) => n.noticeId),
            },
          );
          return {
            people: await this.people.peopleIn({ pupilId, parents: read.parents }),
            letters: { copies, ...(unavailable ? { unavailable } : {}) },
          };
        },
        correlationId: typeof request.id === 'string' ? request.id : undefined,
      },
    );
    if (format === 'html') {
      res.type('text/html; charset=utf-8');
      res.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      );
      return renderEvidencePackHtml(pack, {
        userId: principal.userId,
        role: principal.role,
        purpose,
      });
    }
    return pack;
  }
}
