import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsUUID,
  Matches,
} from 'class-validator';
import { HappenedOnField, IdField, TextField } from '../common/validators';

/** The most cases one request moves (a leaver's caseload; more goes in several requests). */
export const MAX_CASES_PER_REALLOCATION = 500;

export class ReallocateCasesDto {
  @IdField('worker-1') fromWorkerId!: string;
  @IdField('worker-2') toWorkerId!: string;
  @TextField(2000, 'Worker-1 leaves the team at half term') reason!: string;
  @ApiProperty({
    description: `The cases to move (1 to ${MAX_CASES_PER_REALLOCATION}), each allocated to fromWorkerId: GET /caseloads?workerId= lists them`,
    type: [String],
    format: 'uuid',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CASES_PER_REALLOCATION)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  pupilIds!: string[];
  @HappenedOnField() reallocatedOn?: string;
}

export class WorkloadQuery {
  @ApiPropertyOptional({ description: 'Read your writes: a position a command returned' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'position must be the digits a command returned' })
  position?: string;
}
