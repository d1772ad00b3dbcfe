import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { DateField, HappenedOnField, IdField, TextField } from '../common/validators';

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
