/** Request bodies for the pupil journey, validated at the edge (400 naming each failing field). */
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ATTENDANCE_CODES,
  BARRIERS,
  CLOSURE_REASONS,
  CONTRACT_REVIEW_OUTCOMES,
  ESO_DISCHARGE_APPLICANTS,
  ESO_END_REASONS,
  ESO_PROSECUTION_RELATIONS,
  NEGLECT_ROUTES,
  SOCIAL_CARE_RESPONSES,
  PANEL_DECISIONS,
  PARENTING_ORDER_NOT_IMPLEMENTED_REASONS,
  PENALTY_NOTICE_ISSUERS,
  PENALTY_NOTICE_REASONS,
  PROSECUTION_OUTCOMES,
  PROSECUTION_SECTIONS,
  SCHOOL_TYPES,
  STAGES,
  SUPPORT_KINDS,
  SUPPORT_NOT_APPROPRIATE_REASONS,
  SUPPORT_OUTCOMES,
  WITHDRAWAL_GROUNDS,
  SERVICE_METHODS,
} from '@app/domain';
import type {
  ServiceMethod,
  AttendanceCode,
  Barrier,
  ClosureReason,
  ContractReviewOutcome,
  EsoDischargeApplicant,
  EsoEndReason,
  EsoProsecutionRelation,
  NeglectRoute,
  PanelDecision,
  ParentingOrderNotImplementedReason,
  PenaltyNoticeIssuer,
  PenaltyNoticeReason,
  ProsecutionOutcome,
  ProsecutionSection,
  SchoolType,
  SocialCareResponse,
  Stage,
  SupportKind,
  SupportNotAppropriateReason,
  SupportOutcome,
  WithdrawalGround,
} from '@app/domain';
import {
  DateField,
  HappenedOnField,
  IdField,
  IntegerBetween,
  OptionalDateField,
  OptionalTextField,
  TextField,
} from '../common/validators';

const TEXT = 2000;
const SHORT = 200;

export class FlagsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() ehcp?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() senSupport?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() fsm?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() childInNeed?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() childProtectionPlan?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lookedAfter?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() youngCarer?: boolean;
}

export class RegisterPupilDto {
  @TextField(64, 'P-004211') reference!: string;
  @ApiPropertyOptional({ example: 'U820200101001' })
  @IsOptional()
  @IsString()
  @MaxLength(13)
  upn?: string;
  @DateField('2012-05-10') dateOfBirth!: string;
  @IdField() schoolId!: string;
  @ApiProperty({ enum: SCHOOL_TYPES }) @IsIn(SCHOOL_TYPES) schoolType!: SchoolType;
  @ApiProperty({ example: 8 }) @IntegerBetween(0, 14) yearGroup!: number;
  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;
  @HappenedOnField('2024-09-02') registeredOn?: string;
}

export class UpdateFlagsDto {
  @ApiProperty({ type: FlagsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags!: FlagsDto;
  @HappenedOnField() updatedOn?: string;
}

export class ChangeSchoolDto {
  @IdField() schoolId!: string;
  @ApiProperty({ enum: SCHOOL_TYPES }) @IsIn(SCHOOL_TYPES) schoolType!: SchoolType;
  @ApiProperty({ example: 9 }) @IntegerBetween(0, 14) yearGroup!: number;
  @OptionalDateField() changedOn?: string;
}

export class SessionMarkDto {
  @DateField() date!: string;
  @ApiProperty({ enum: ['AM', 'PM'] }) @IsIn(['AM', 'PM']) session!: 'AM' | 'PM';
  @ApiProperty({ enum: ATTENDANCE_CODES, example: '/' })
  @IsIn(ATTENDANCE_CODES, { message: 'code must be an attendance code of the 2024 regulations' })
  code!: AttendanceCode;
}

export class RecordMarksDto {
  @IdField() schoolId!: string;
  @DateField('2025-03-03') from!: string;
  @DateField('2025-03-07') to!: string;
  @ApiProperty({ type: [SessionMarkDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => SessionMarkDto)
  marks!: SessionMarkDto[];
}

export class CorrectMarkDto {
  @IdField() schoolId!: string;
  @DateField() date!: string;
  @ApiProperty({ enum: ['AM', 'PM'] }) @IsIn(['AM', 'PM']) session!: 'AM' | 'PM';
  @ApiProperty({ enum: ATTENDANCE_CODES })
  @IsIn(ATTENDANCE_CODES, { message: 'code must be an attendance code of the 2024 regulations' })
  code!: AttendanceCode;
  @TextField(SHORT, 'Medical evidence received') reason!: string;
}

export class RaiseConcernDto {
  @TextField(TEXT, 'Attendance has fallen below 90% this half term') summary!: string;
  @HappenedOnField() raisedOn?: string;
}

export class RecordConversationDto {
  @DateField() heldOn!: string;
  @ApiProperty({ example: ['pupil', 'mother'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(SHORT, { each: true })
  withWhom!: string[];
  @ApiProperty({ enum: BARRIERS, isArray: true })
  @IsArray()
  @ArrayMaxSize(BARRIERS.length)
  @IsIn(BARRIERS, { each: true })
  barriers!: Barrier[];
  @OptionalTextField(TEXT, 'Worried about the bus journey') barrierNotes?: string;
  @OptionalTextField(TEXT, 'I get anxious in crowded corridors') pupilVoice?: string;
  @OptionalTextField(TEXT, 'We cannot afford the bus fare every day') parentVoice?: string;
  @ApiProperty({ example: ['Morning check-in with pastoral lead'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  agreedNextSteps!: string[];
}

export class AssignLeadPractitionerDto {
  @IdField('worker-7') practitionerId!: string;
  @HappenedOnField() assignedOn?: string;
}

export class RecordSupportActionDto {
  @ApiProperty({ enum: SUPPORT_KINDS }) @IsIn(SUPPORT_KINDS) kind!: SupportKind;
  @TextField(TEXT, 'Early help assessment started') description!: string;
  @DateField() startedOn!: string;
}

export class RecordSupportOutcomeDto {
  @ApiProperty({ enum: SUPPORT_OUTCOMES }) @IsIn(SUPPORT_OUTCOMES) outcome!: SupportOutcome;
  @ApiProperty() @IsBoolean() familyEngaged!: boolean;
  @OptionalDateField() recordedOn?: string;
}

export class OffencePeriodDto {
  @DateField('2025-01-06') from!: string;
  @DateField('2025-03-14') to!: string;
}

export class SupportNotAppropriateDto {
  @ApiProperty({ enum: SUPPORT_NOT_APPROPRIATE_REASONS })
  @IsIn(SUPPORT_NOT_APPROPRIATE_REASONS)
  reason!: SupportNotAppropriateReason;
  @TextField(TEXT, 'Two weeks abroad in term time without leave') explanation!: string;
  @ApiPropertyOptional({
    type: OffencePeriodDto,
    description:
      'The offence it concerns (e.g. the dates of a term-time holiday): only offences overlapping it skip support first and the notice to improve. Omitted: the whole case.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OffencePeriodDto)
  offencePeriod?: OffencePeriodDto;
  @HappenedOnField() recordedOn?: string;
}

export class ReferToPanelDto {
  @TextField(TEXT, 'Support not engaged with; attendance falling') reason!: string;
  @HappenedOnField() referredOn?: string;
}

export class PanelDecisionDto {
  @ApiProperty({ enum: PANEL_DECISIONS }) @IsIn(PANEL_DECISIONS) decision!: PanelDecision;
  @TextField(TEXT, 'Parents willing to commit to a contract') rationale!: string;
  @ApiPropertyOptional({
    example: ['Review at the panel of 12 May', 'Family to take up the early help offer'],
    description: 'What the decision is subject to',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  conditions?: string[];
  @HappenedOnField() decidedOn?: string;
}

export class AgreeContractDto {
  @ApiProperty({ example: ['parent-1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  parentIds!: string[];
  @ApiProperty({ example: ['Ensure Sam is up by 7:30'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  parentCommitments!: string[];
  @ApiProperty({ example: ['Bus pass from the LA'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(TEXT, { each: true })
  supportCommitments!: string[];
  @DateField() startsOn!: string;
  @DateField('2025-05-30') endsOn!: string;
  @ApiPropertyOptional({ example: ['2025-04-14'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  reviewDates?: string[];
}

/** An attendance contract offered to the parents named and declined (the same parents as a contract). */
export class DeclinedContractDto extends PickType(AgreeContractDto, ['parentIds'] as const) {
  @DateField() offeredOn!: string;
  @TextField(TEXT, 'Parents did not want a written agreement') reason!: string;
}

export class ReviewContractDto {
  @DateField() reviewedOn!: string;
  @ApiProperty({ enum: CONTRACT_REVIEW_OUTCOMES })
  @IsIn(CONTRACT_REVIEW_OUTCOMES)
  outcome!: ContractReviewOutcome;
  @OptionalTextField(TEXT, 'Two late marks; otherwise on track') notes?: string;
}

export class EndContractDto {
  @DateField() endedOn!: string;
  @ApiProperty({ enum: ['completed', 'ended-early', 'not-kept'] })
  @IsIn(['completed', 'ended-early', 'not-kept'])
  reason!: 'completed' | 'ended-early' | 'not-kept';
}

export class SocialCareConsultationDto {
  @DateField() consultedOn!: string;
  @TextField(TEXT, 'No objection to an ESO') outcome!: string;
}

export class ApplyEsoDto {
  @DateField() appliedOn!: string;
  @ApiPropertyOptional({
    enum: ESO_PROSECUTION_RELATIONS,
    description:
      'Whether the LA applies instead of prosecuting or as well as prosecuting (EA 1996 s447); the Parental Responsibility Measures census counts both',
  })
  @IsOptional()
  @IsIn(ESO_PROSECUTION_RELATIONS)
  prosecution?: EsoProsecutionRelation;
}
export class GrantEsoDto {
  @DateField() courtDate!: string;
  @IdField('officer-3') supervisorId!: string;
}
export class EsoDirectionDto {
  @TextField(TEXT, 'Attend a weekly meeting with the supervisor') direction!: string;
  @DateField() givenOn!: string;
}
export class EsoNonComplianceDto {
  @DateField() recordedOn!: string;
  @TextField(TEXT, 'Missed three meetings') details!: string;
}
export class EsoExtensionDto {
  @DateField() appliedOn!: string;
  @ApiProperty({ example: 1, minimum: 1, maximum: 3 })
  @IntegerBetween(1, 3)
  extensionYears!: number;
}
export class EsoExtendedDto {
  @DateField() grantedOn!: string;
}
export class EsoDischargeDto {
  @DateField() dischargedOn!: string;
  @ApiProperty({ enum: ESO_DISCHARGE_APPLICANTS })
  @IsIn(ESO_DISCHARGE_APPLICANTS)
  applicant!: EsoDischargeApplicant;
}
export class EsoEndDto {
  @DateField() endedOn!: string;
  @ApiProperty({ enum: ESO_END_REASONS }) @IsIn(ESO_END_REASONS) reason!: EsoEndReason;
}

export class NeglectReferralDto {
  @ApiProperty({ enum: NEGLECT_ROUTES }) @IsIn(NEGLECT_ROUTES) route!: NeglectRoute;
  @TextField(TEXT, 'Continued severe absence after all support') reason!: string;
  @HappenedOnField() referredOn?: string;
}

export class SocialCareResponseDto {
  @ApiProperty({
    enum: SOCIAL_CARE_RESPONSES,
    description:
      'accepted (for assessment), s17 (child in need), s47 (child protection enquiry), no-further-action',
  })
  @IsIn(SOCIAL_CARE_RESPONSES)
  response!: SocialCareResponse;
  @HappenedOnField() respondedOn?: string;
  @OptionalTextField(TEXT, 'Child in need plan agreed; social worker allocated') notes?: string;
}

export class NoticeToImproveDto {
  @IdField('parent-1') parentId!: string;
  @DateField() issuedOn!: string;
  @ApiPropertyOptional({ example: 6, minimum: 3, maximum: 6 })
  @IsOptional()
  @IntegerBetween(3, 6)
  improvementWeeks?: number;
  @TextField(TEXT, 'No unauthorised absence during the improvement period')
  sufficientImprovement!: string;
}
export class NoticeToImproveOutcomeDto {
  @ApiProperty({ enum: ['improved', 'not-improved'] })
  @IsIn(['improved', 'not-improved'])
  outcome!: 'improved' | 'not-improved';
  @DateField() recordedOn!: string;
}

export class IssuePenaltyNoticeDto {
  @IdField('parent-1') parentId!: string;
  @DateField() issuedOn!: string;
  @ApiProperty({ type: OffencePeriodDto })
  @IsObject()
  @ValidateNested()
  @Type(() => OffencePeriodDto)
  offencePeriod!: OffencePeriodDto;
  @ApiProperty({ enum: PENALTY_NOTICE_ISSUERS })
  @IsIn(PENALTY_NOTICE_ISSUERS)
  issuedBy!: PenaltyNoticeIssuer;
  @ApiPropertyOptional({
    enum: PENALTY_NOTICE_REASONS,
    description:
      "The main reason for issue, as the Parental Responsibility Measures census asks it; when left out, a term-time holiday recorded as why support was not appropriate, else what most of the threshold's sessions were coded for (G holiday, U late, N or O other)",
  })
  @IsOptional()
  @IsIn(PENALTY_NOTICE_REASONS)
  reason?: PenaltyNoticeReason;
}
export class PaymentDto {
  @DateField() paidOn!: string;
  @ApiProperty({ example: 80 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10000)
  amount!: number;
}
export class PenaltyNoticeServiceDto {
  @ApiProperty({
    enum: SERVICE_METHODS,
    description:
      'post: received on the working day the code of conduct presumes (2 by default); hand: received that day',
  })
  @IsIn(SERVICE_METHODS)
  method!: ServiceMethod;
  @DateField('2025-09-05') sentOn!: string;
}
export class WithdrawalDto {
  @DateField() withdrawnOn!: string;
  @ApiProperty({ enum: WITHDRAWAL_GROUNDS }) @IsIn(WITHDRAWAL_GROUNDS) ground!: WithdrawalGround;
  @TextField(TEXT, 'The notice named the wrong dates') explanation!: string;
}

export class StartProsecutionDto {
  @ApiProperty({ enum: PROSECUTION_SECTIONS })
  @IsIn(PROSECUTION_SECTIONS)
  section!: ProsecutionSection;
  @ApiProperty({ example: ['parent-1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  parentIds!: string[];
  @ApiProperty({ type: OffencePeriodDto })
  @IsObject()
  @ValidateNested()
  @Type(() => OffencePeriodDto)
  offencePeriod!: OffencePeriodDto;
  @DateField() laidOn!: string;
  @OptionalTextField(TEXT, 'Social care advised an ESO would not help')
  esoNotAppliedForReason?: string;
}
export class ProsecutionOutcomeDto {
  @ApiProperty({ enum: PROSECUTION_OUTCOMES })
  @IsIn(PROSECUTION_OUTCOMES)
  outcome!: ProsecutionOutcome;
  @DateField() recordedOn!: string;
  @OptionalTextField(TEXT, 'Fine of £200') sentence?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() parentingOrder?: boolean;
}

export class ParentingOrderImplementationDto {
  @ApiProperty({ example: false }) @IsBoolean() implemented!: boolean;
  @ApiPropertyOptional({
    enum: PARENTING_ORDER_NOT_IMPLEMENTED_REASONS,
    description: 'Why the order was not implemented (only when implemented is false)',
  })
  @IsOptional()
  @IsIn(PARENTING_ORDER_NOT_IMPLEMENTED_REASONS)
  reasonNotImplemented?: ParentingOrderNotImplementedReason;
  @DateField() recordedOn!: string;
}

export class StepDownDto {
  @ApiProperty({ enum: STAGES }) @IsIn(STAGES) toStage!: Stage;
  @TextField(TEXT, 'Attendance above 95% for a half term') reason!: string;
  @HappenedOnField() steppedDownOn?: string;
}
export class CloseCaseDto {
  @ApiProperty({ enum: CLOSURE_REASONS }) @IsIn(CLOSURE_REASONS) reason!: ClosureReason;
  @OptionalTextField(TEXT, 'Sustained improvement') explanation?: string;
  @HappenedOnField() closedOn?: string;
}
export class ReopenCaseDto {
  @TextField(TEXT, 'Absence has returned') reason!: string;
  @HappenedOnField() reopenedOn?: string;
}
