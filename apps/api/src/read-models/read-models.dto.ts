import { STAGES } from '@app/domain';
import { COHORTS } from '@app/read-models';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Paging and read-your-writes, shared by every read-model query. */
export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'The position a command returned: the answer waits until the read models include it.',
    example: '1234',
  })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'position must be the digits a command returned' })
  position?: string;
}

export class ScopeQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One school (a link worker: one of theirs)' })
  @IsOptional()
  @Matches(ID, { message: 'schoolId must be an id' })
  schoolId?: string;

  @ApiPropertyOptional({
    description: "One link worker's allocated cases (a link worker: their own)",
  })
  @IsOptional()
  @Matches(ID, { message: 'workerId must be an id' })
  workerId?: string;
}

export const CASELOAD_FLAGS = ['persistent', 'severe', 'threshold'] as const;

export class CaseloadQuery extends ScopeQuery {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: (typeof STAGES)[number];

  @ApiPropertyOptional({ enum: CASELOAD_FLAGS })
  @IsOptional()
  @IsIn(CASELOAD_FLAGS)
  flag?: (typeof CASELOAD_FLAGS)[number];

  @ApiPropertyOptional({ enum: ['open', 'closed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export const CONTRACT_STATUSES = ['active', 'due-for-review', 'not-kept', 'ended'] as const;

export class ContractsQuery extends ScopeQuery {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: (typeof CONTRACT_STATUSES)[number];
}

export const ORDER_STATUSES = [
  'applied',
  'in-force',
  'extension-applied',
  'discharged',
  'ended',
] as const;

export class SupervisionOrdersQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'schoolId must be an id' })
  schoolId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'supervisorId must be an id' })
  supervisorId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: (typeof ORDER_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only orders whose extension window is open today' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'extensionWindowOpen must be true or false' })
  extensionWindowOpen?: boolean;
}

export class SchoolPageQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'schoolId must be an id' })
  schoolId?: string;
}

export class CohortParam {
  @IsIn(COHORTS)
  cohort!: (typeof COHORTS)[number];
}

const YEAR = /^\d{4}\/\d{2}$/;

export class StatisticsQuery {
  @ApiPropertyOptional({ example: '2024/25', description: 'Academic year (default: this one)' })
  @IsOptional()
  @Matches(YEAR, { message: 'year must be an academic year like 2024/25' })
  year?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'position must be the digits a command returned' })
  position?: string;
}

export class CohortSummaryQuery extends StatisticsQuery {
  @ApiPropertyOptional({ enum: COHORTS })
  @IsOptional()
  @IsIn(COHORTS)
  cohort?: (typeof COHORTS)[number];
}
