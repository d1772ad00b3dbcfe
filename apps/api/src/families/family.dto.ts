import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_ACTIONS_PER_TARGET } from '@app/domain';
import {
  DateField,
  HappenedOnField,
  ID_PATTERN,
  IdField,
  OptionalTextField,
  TextField,
} from '../common/validators';

export class RegisterFamilyDto {
  @TextField(64, 'F-00192') reference!: string;
  @HappenedOnField('2024-09-02') registeredOn?: string;
}

export class ParentDto {
  @TextField(64, 'M-1') reference!: string;
  @TextField(64, 'mother') relationship!: string;
  @ApiProperty() @IsBoolean() hasParentalResponsibility!: boolean;
  @ApiProperty() @IsBoolean() hasDayToDayCare!: boolean;
}
export class AddParentDto extends ParentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A parent or carer already recorded (POST /people), in this family too; left out, a new parent id',
  })
  @IsOptional()
  @IsUUID()
  personId?: string;
  @HappenedOnField('2024-09-02') addedOn?: string;
}
export class UpdateParentDto extends ParentDto {
  @HappenedOnField() updatedOn?: string;
}

export class RemoveParentDto {
  @TextField(500, 'No longer has care of the children') reason!: string;
  @HappenedOnField() removedOn?: string;
}

export class LinkPupilDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() pupilId!: string;
  @HappenedOnField('2024-09-02') linkedOn?: string;
}

export class FamilyPlanDto {
  @ApiProperty({ enum: ['whole-family-plan', 'early-help-plan'] })
  @IsIn(['whole-family-plan', 'early-help-plan'])
  kind!: 'whole-family-plan' | 'early-help-plan';
  @IdField('worker-7') leadPractitionerId!: string;
  @DateField() startsOn!: string;
  @TextField(2000, 'One plan for the family, led by the early help worker') summary!: string;
}

export class FamilyIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() familyId!: string;
}

export class FamilyParentParam extends FamilyIdParam {
  @ApiProperty() @IsUUID() parentId!: string;
}

export class PlanParam extends FamilyIdParam {
  @ApiProperty() @Matches(ID_PATTERN, { message: '$property must be an id' }) planId!: string;
}

export class PlanTargetParam extends PlanParam {
  @ApiProperty() @Matches(ID_PATTERN, { message: '$property must be an id' }) targetId!: string;
}

/** A percentage of possible sessions (the domain also wants at most one decimal place). */
const Percentage = (example: number, description: string) =>
  applyDecorators(
    ApiProperty({ example, minimum: 0, maximum: 100, description }),
    IsNumber({}, { message: '$property must be a number (a percentage)' }),
    Min(0, { message: '$property must be a percentage from 0 to 100' }),
    Max(100, { message: '$property must be a percentage from 0 to 100' }),
  );

export class TargetActionDto {
  @TextField(500, 'Breakfast club place from Monday') action!: string;
  @TextField(100, 'school') owner!: string;
  @DateField('2025-01-20') dueOn!: string;
}

export class SetPlanTargetDto {
  @ApiProperty({ format: 'uuid', description: 'The child of the family the target is for' })
  @IsUUID()
  pupilId!: string;
  @Percentage(82.5, 'Attendance now (% of possible sessions)') baselineRate!: number;
  @Percentage(92, 'Attendance to reach (% of possible sessions), above the baseline')
  targetRate!: number;
  @DateField('2025-03-28', 'The day by which to reach it') by!: string;
  @ApiProperty({
    type: [TargetActionDto],
    description: 'Specific actions, each owned and due by `by`',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ACTIONS_PER_TARGET)
  @ValidateNested({ each: true })
  @Type(() => TargetActionDto)
  actions!: TargetActionDto[];
  @HappenedOnField('2025-01-13') setOn?: string;
}

export class ReviewPlanTargetDto {
  @Percentage(88.4, 'Attendance the reviewer measured since the target was set')
  attendanceRate!: number;
  @OptionalTextField(2000, 'Mornings much better; Mondays still hard') notes?: string;
  @HappenedOnField('2025-03-28') reviewedOn?: string;
}
