/** The case file over HTTP: its query and, for the OpenAPI document, the shape of its answer. */
import { STAGES, Stage } from '@app/domain';
import { CASE_FILE_ITEM_KINDS, CaseFileItemKind } from '@app/read-models';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../read-models/read-models.dto';

export class CaseFileQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STAGES, description: 'Only what was recorded at this stage' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({ enum: CASE_FILE_ITEM_KINDS, description: 'Only items of this kind' })
  @IsOptional()
  @IsIn(CASE_FILE_ITEM_KINDS)
  kind?: CaseFileItemKind;

  @ApiPropertyOptional({
    description:
      'Why you are reading the case file (10 to 500 characters), recorded in the access log; when left out, the access log records casework on a case you have access to.',
    example: 'Preparing for the review meeting on 12 March',
  })
  @IsOptional()
  @IsString()
  purpose?: string;
}

class RecordedByDto {
  @ApiProperty({ nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String }) role!: string | null;
}

export class CaseFileEntryDto {
  @ApiProperty({ example: 'PanelDecisionRecorded' }) type!: string;
  @ApiProperty({ example: 'Panel decided on referral ref-1: attendance contract.' })
  summary!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'When it happened' })
  happenedOn!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why, where one was given: a rationale, notes, an explanation',
  })
  reason!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded' }) recordedAt!: string;
  @ApiProperty({ type: RecordedByDto }) recordedBy!: RecordedByDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "What was recorded, field by field (who was there, barriers, the child's voice, next steps, a decision and its conditions, a response)",
  })
  details!: Record<string, unknown>;
}

export class CaseFileItemDto {
  @ApiProperty({ enum: CASE_FILE_ITEM_KINDS }) kind!: CaseFileItemKind;
  @ApiProperty({ description: "The record's own id within its kind (a referral's, a notice's)" })
  ref!: string;
  @ApiProperty({ enum: STAGES, description: 'The stage the case was at once it was recorded' })
  stage!: Stage;
  @ApiProperty({ description: 'What opened the item, in words' }) summary!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) happenedOn!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({
    type: [CaseFileEntryDto],
    description:
      'What opened the item, then what followed it: outcome, decision, reviews, response',
  })
  entries!: CaseFileEntryDto[];
}

class PeriodFiguresDto {
  @ApiProperty({ example: '2024/25 autumn' }) label!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty() possible!: number;
  @ApiProperty() attended!: number;
  @ApiProperty() unauthorisedAbsence!: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.873 }) rate!: number | null;
}

class CaseFileAttendanceDto {
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Latest register' })
  asOf!: string | null;
  @ApiProperty({ type: PeriodFiguresDto, nullable: true }) term!: PeriodFiguresDto | null;
  @ApiProperty({ type: PeriodFiguresDto, nullable: true }) year!: PeriodFiguresDto | null;
  @ApiProperty({ nullable: true, type: Number }) lastFourWeeksRate!: number | null;
  @ApiProperty() persistentAbsence!: boolean;
  @ApiProperty() severeAbsence!: boolean;
  @ApiProperty() thresholdMet!: boolean;
  @ApiProperty({ enum: ['improving', 'declining', 'steady', 'unknown'] }) trend!: string;
}

export class CaseFileDto {
  @ApiProperty({ format: 'uuid' }) pupilId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ nullable: true, type: String }) leadPractitionerId!: string | null;
  @ApiProperty({ type: CaseFileAttendanceDto, nullable: true })
  attendance!: CaseFileAttendanceDto | null;
  @ApiProperty({ type: [CaseFileItemDto], description: 'Newest first (as recorded)' })
  items!: CaseFileItemDto[];
  @ApiPropertyOptional({ description: 'Pass as cursor for the next page' }) nextCursor?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The pupil and the parents the file names, by id: name, address and contact details opened at read time, "[erased]" once erased',
  })
  people!: Record<string, object>;
}
