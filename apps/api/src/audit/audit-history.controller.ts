import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  AuditedReads,
  PersonalDetailsReader,
  CLOCK,
  Clock,
  familyHistoryHtml,
  parseAuditInstant,
  parseCursor,
  parseLimit,
  Principal,
} from '@app/application';
import { Stage, STAGES } from '@app/domain';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { IsCalendarDate } from '../common/validators';
import { FamilyIdParam } from '../families/family.dto';
import { PupilIdParam } from '../pupils/pupil.params';
import { PageQuery } from './page.query';

const PURPOSE_DOC = {
  description:
    'Why you need this record (10 to 500 characters). Required: every read is recorded in the access log with it.',
  example: 'Panel hearing 12 March 2026: review of the case file',
};

export class FamilyHistoryQuery extends PageQuery {
  @ApiProperty(PURPOSE_DOC) @IsOptional() @IsString() purpose?: string;

  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';

  @ApiPropertyOptional({ format: 'date', description: 'Happened on or after (business date)' })
  @IsOptional()
  @IsCalendarDate()
  happenedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Happened on or before (business date)' })
  @IsOptional()
  @IsCalendarDate()
  happenedTo?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after: a date (from its start) or instant' })
  @IsOptional()
  @IsString()
  recordedFrom?: string;

  @ApiPropertyOptional({ description: 'Recorded at or before: a date (to its end) or instant' })
  @IsOptional()
  @IsString()
  recordedTo?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() pupilId?: string;

  @ApiPropertyOptional({ enum: STAGES, description: "The pupil's stage after the event" })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({
    description: 'Event types, comma-separated, e.g. PenaltyNoticeIssued,PenaltyNoticePaid',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}(,[A-Za-z]{1,64}){0,49}$/, {
    message: 'kind must be event types separated by commas',
  })
  kind?: string;
}

export class StateAsOfQuery {
  @ApiProperty({
    description:
      'The moment: a date (to the end of that day, UTC) or an ISO instant with a time zone',
    example: '2026-03-03',
  })
  @IsOptional()
  @IsString()
  at?: string;

  @ApiProperty(PURPOSE_DOC) @IsOptional() @IsString() purpose?: string;
}

const FILTER_KEYS = [
  'happenedFrom',
  'happenedTo',
  'recordedFrom',
  'recordedTo',
  'pupilId',
  'stage',
  'kind',
  'cursor',
  'limit',
] as const;

/**
 * Audit reads over the streams (issue 6): a family's history and a pupil's state as of a moment.
 * Each needs a stated purpose, and each read is recorded in the access log after it was allowed
 * and before any data leaves; a refused or invalid read records nothing.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditHistoryController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: AuditedReads,
    private readonly people: PersonalDetailsReader,
  ) {}

  @Get('families/:familyId/history')
  @RequireCapability('audit.history')
  @ApiOperation({
    summary:
      "A family's history: every event of the family and its children in the store's order, oldest first; JSON or a printable HTML chronology",
  })
  async familyHistory(
    @Param() { familyId }: FamilyIdParam,
    @Query() q: FamilyHistoryQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ) {
    const parse = () => ({
      filter: {
        happenedFrom: q.happenedFrom,
        happenedTo: q.happenedTo,
        recordedFrom: parseAuditInstant(q.recordedFrom, 'recordedFrom', 'start'),
        recordedTo: parseAuditInstant(q.recordedTo, 'recordedTo', 'end'),
        pupilId: q.pupilId,
        stage: q.stage,
        kinds: q.kind?.split(','),
      },
      paging: { cursor: parseCursor(q.cursor), limit: parseLimit(q.limit) },
    });
    const format = q.format ?? 'json';
    const given = Object.fromEntries(
      FILTER_KEYS.filter((k) => q[k] !== undefined).map((k) => [k, String(q[k])]),
    );
    const correlationId = typeof request.id === 'string' ? request.id : undefined;
    const { history, page, purpose } = await this.reads.familyHistory(
      principal,
      familyId,
      q.purpose,
      parse,
      { format, ...given },
      correlationId,
    );
    // Every read is its own recorded access: no cache may answer a later one.
    res.header('Cache-Control', 'no-store');
    // Names and addresses opened now, at read time: "[erased]" for anyone erased since.
    const people = await this.people.peopleIn({
      pupilIds: history.pupils.map((p) => p.pupilId),
      parents: history.family.parents,
      entries: page.entries,
    });
    if (format === 'html') {
      res.type('text/html; charset=utf-8');
      res.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      return familyHistoryHtml({
        history,
        entries: page.entries,
        nextCursor: page.nextCursor,
        readBy: {
          userId: principal.userId,
          role: principal.role,
          purpose,
          at: this.clock().toISOString(),
        },
        filters: given,
        people,
      });
    }
    return {
      familyId,
      reference: history.family.reference,
      pupils: history.pupils,
      parents: history.family.parents.map(({ parentId, reference, relationship }) => ({
        parentId,
        reference,
        relationship,
      })),
      people,
      order: 'global position, oldest first',
      ...page,
    };
  }

  @Get('pupils/:pupilId/as-of')
  @RequireCapability('audit.history')
  @ApiOperation({
    summary:
      "A pupil's journey as known by a moment (events recorded by then) and as happened by it (events whose dates fall by then, later corrections applied)",
  })
  async stateAsOf(
    @Param() { pupilId }: PupilIdParam,
    @Query() q: StateAsOfQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ) {
    const correlationId = typeof request.id === 'string' ? request.id : undefined;
    const view = await this.reads.pupilStateAsOf(
      principal,
      pupilId,
      q.at,
      q.purpose,
      accessFor(principal),
      correlationId,
    );
    res.header('Cache-Control', 'no-store');
    return view;
  }
}
