/** Request bodies for the people around the child: what a school asks of the LA, a social worker's allocation. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { SCHOOL_REQUEST_ANSWERS, SchoolRequestAnswer } from '@app/domain';
import { HappenedOnField, IdField, TextField } from '../common/validators';
import { OffencePeriodDto } from './pupil.dto';

const REASON = 2000;

export class ReferToLocalAuthorityDto {
  @TextField(REASON, 'Attendance below 80% since September; the family asks for help with mornings')
  reason!: string;
  @HappenedOnField() referredOn?: string;
}

export class RequestPenaltyNoticeDto {
  @TextField(REASON, 'Ten days of term-time holiday without leave, after a warning letter')
  reason!: string;
  @ApiPropertyOptional({
    type: OffencePeriodDto,
    description: 'The absence the school asks a notice for (e.g. the holiday’s dates).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OffencePeriodDto)
  offencePeriod?: OffencePeriodDto;
  @HappenedOnField() requestedOn?: string;
}

export class AllocateSocialWorkerDto {
  @IdField('social-worker-1') socialWorkerId!: string;
  @HappenedOnField() allocatedOn?: string;
}

export class EndSocialWorkerAllocationDto {
  @TextField(REASON, 'Case closed by children’s social care') reason!: string;
  @HappenedOnField() endedOn?: string;
}

export class AnswerSchoolRequestDto {
  @ApiProperty({ enum: SCHOOL_REQUEST_ANSWERS })
  @IsIn(SCHOOL_REQUEST_ANSWERS)
  answer!: SchoolRequestAnswer;
  @TextField(REASON, 'Support first: a notice to improve is the next step') reason!: string;
  @HappenedOnField() answeredOn?: string;
}
