import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  AccessLog,
  parseAuditInstant,
  parseCursor,
  parseLimit,
  SENSITIVE_READ_KINDS,
  SensitiveReadKind,
} from '@app/application';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { RequireCapability } from '../auth/auth.decorators';
import { PageQuery } from './page.query';
import { ID_PATTERN } from '../common/validators';

export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Who read (user id)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'userId must be an id' })
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() familyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() pupilId?: string;

  @ApiPropertyOptional({ enum: SENSITIVE_READ_KINDS })
  @IsOptional()
  @IsIn(SENSITIVE_READ_KINDS)
  kind?: SensitiveReadKind;

  @ApiPropertyOptional({
    description: 'Reads at or after: a date (from its start) or an ISO instant',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    description: 'Reads at or before: a date (to its end) or an ISO instant',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ enum: ['newest-first', 'oldest-first'], default: 'newest-first' })
  @IsOptional()
  @IsIn(['newest-first', 'oldest-first'])
  order?: 'newest-first' | 'oldest-first';
}

/** Who looked: the access log of sensitive reads, for auditors only (link workers get 403). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get()
  @RequireCapability('audit.access-log')
  @ApiOperation({
    summary:
      'Who read a family history, a state as of a date or an evidence pack: newest first unless order=oldest-first',
  })
  list(@Query() q: AccessLogQuery) {
    return this.log.query(
      {
        userId: q.userId,
        familyId: q.familyId,
        pupilId: q.pupilId,
        kind: q.kind,
        from: parseAuditInstant(q.from, 'from', 'start'),
        to: parseAuditInstant(q.to, 'to', 'end'),
      },
      { cursor: parseCursor(q.cursor), limit: parseLimit(q.limit), order: q.order },
    );
  }
}
