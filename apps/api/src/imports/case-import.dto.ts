/**
 * The case-import document over HTTP (docs/case-import.md), and for each command a step may carry,
 * the request body of the endpoint that records it: a step is validated exactly as that request.
 */
import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import * as family from '../families/family.dto';
import * as pupil from '../pupils/pupil.dto';
import { HappenedOnField, ID_PATTERN, IdField } from '../common/validators';

/** A year of a case is some 40 weekly registers and a few dozen other facts; this leaves room. */
export const MAX_CASE_IMPORT_STEPS = 2000;

const KEY = {
  message: '$property must be a key of letters, digits, - or _ (at most 64)',
};

export class CaseImportStepDto {
  @ApiPropertyOptional({
    example: 'sam',
    description: 'The pupil the command is for (a key of this document)',
  })
  @IsOptional()
  @Matches(ID_PATTERN, KEY)
  pupil?: string;
  @ApiPropertyOptional({
    example: 'smith',
    description: 'The family the command is for (a key of this document)',
  })
  @IsOptional()
  @Matches(ID_PATTERN, KEY)
  family?: string;
  @ApiProperty({
    example: {
      type: 'RaiseConcern',
      concernId: 'c1',
      summary: 'Often late',
      raisedOn: '2024-11-04',
    },
    description:
      'The command: its `type`, the keys it names, and the body of the request that records it',
  })
  @IsObject()
  command!: Record<string, unknown>;
  @ApiPropertyOptional({
    example: '2024-11-05T09:30:00Z',
    description:
      'When the system the case comes from recorded this fact ("known by" counts it from then)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  recordedAt?: string;
}

export class CaseImportDto {
  @IdField('LA-CASE-00042') caseReference!: string;
  @ApiProperty({ type: [CaseImportStepDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CASE_IMPORT_STEPS)
  @ValidateNested({ each: true })
  @Type(() => CaseImportStepDto)
  steps!: CaseImportStepDto[];
}

/** Linking a pupil to a family of the document: the family by its key. */
export class CaseLinkToFamilyDto {
  @IdField('smith') familyId!: string;
  @HappenedOnField('2024-09-02') linkedOn?: string;
}

/** A command a step may carry: its body's class, and the fields naming items by document key. */
export interface StepShape {
  body: Class<object>;
  keys: readonly string[];
}

export const PUPIL_STEPS: Readonly<Record<string, StepShape>> = {
  RegisterPupil: { body: pupil.RegisterPupilDto, keys: [] },
  UpdateVulnerabilityFlags: { body: pupil.UpdateFlagsDto, keys: [] },
  ChangeSchool: { body: pupil.ChangeSchoolDto, keys: [] },
  LinkToFamily: { body: CaseLinkToFamilyDto, keys: [] },
  RecordMarks: { body: pupil.RecordMarksDto, keys: [] },
  CorrectMark: { body: pupil.CorrectMarkDto, keys: [] },
  RaiseConcern: { body: pupil.RaiseConcernDto, keys: ['concernId'] },
  RecordConversation: { body: pupil.RecordConversationDto, keys: ['conversationId'] },
  AssignLeadPractitioner: { body: pupil.AssignLeadPractitionerDto, keys: [] },
  RecordSupportAction: { body: pupil.RecordSupportActionDto, keys: ['supportId'] },
  RecordSupportOutcome: { body: pupil.RecordSupportOutcomeDto, keys: ['supportId'] },
  RecordSupportNotAppropriate: { body: pupil.SupportNotAppropriateDto, keys: [] },
  ReferToPanel: { body: pupil.ReferToPanelDto, keys: ['referralId'] },
  RecordPanelDecision: { body: pupil.PanelDecisionDto, keys: ['referralId'] },
  AgreeAttendanceContract: { body: pupil.AgreeContractDto, keys: ['contractId'] },
  ReviewAttendanceContract: { body: pupil.ReviewContractDto, keys: ['contractId'] },
  EndAttendanceContract: { body: pupil.EndContractDto, keys: ['contractId'] },
  RecordSocialCareConsultation: { body: pupil.SocialCareConsultationDto, keys: [] },
  ApplyForSupervisionOrder: { body: pupil.ApplyEsoDto, keys: ['orderId'] },
  RecordSupervisionOrderGranted: { body: pupil.GrantEsoDto, keys: ['orderId'] },
  RecordSupervisionDirection: { body: pupil.EsoDirectionDto, keys: ['orderId'] },
  RecordSupervisionNonCompliance: { body: pupil.EsoNonComplianceDto, keys: ['orderId'] },
  ApplyForSupervisionOrderExtension: { body: pupil.EsoExtensionDto, keys: ['orderId'] },
  RecordSupervisionOrderExtended: { body: pupil.EsoExtendedDto, keys: ['orderId'] },
  RecordSupervisionOrderDischarged: { body: pupil.EsoDischargeDto, keys: ['orderId'] },
  EndSupervisionOrder: { body: pupil.EsoEndDto, keys: ['orderId'] },
  ReferForEducationNeglect: { body: pupil.NeglectReferralDto, keys: ['referralId'] },
  IssueNoticeToImprove: { body: pupil.NoticeToImproveDto, keys: ['noticeId'] },
  RecordNoticeToImproveOutcome: { body: pupil.NoticeToImproveOutcomeDto, keys: ['noticeId'] },
  IssuePenaltyNotice: { body: pupil.IssuePenaltyNoticeDto, keys: ['noticeId'] },
  RecordPenaltyNoticePayment: { body: pupil.PaymentDto, keys: ['noticeId'] },
  WithdrawPenaltyNotice: { body: pupil.WithdrawalDto, keys: ['noticeId'] },
  StartProsecution: { body: pupil.StartProsecutionDto, keys: ['prosecutionId'] },
  RecordProsecutionOutcome: { body: pupil.ProsecutionOutcomeDto, keys: ['prosecutionId'] },
  StepDown: { body: pupil.StepDownDto, keys: [] },
  CloseCase: { body: pupil.CloseCaseDto, keys: [] },
  ReopenCase: { body: pupil.ReopenCaseDto, keys: [] },
};

export const FAMILY_STEPS: Readonly<Record<string, StepShape>> = {
  RegisterFamily: { body: family.RegisterFamilyDto, keys: [] },
  AddParent: { body: family.AddParentDto, keys: ['parentId'] },
  UpdateParent: { body: family.UpdateParentDto, keys: ['parentId'] },
  RemoveParent: { body: family.RemoveParentDto, keys: ['parentId'] },
  RecordFamilyPlan: { body: family.FamilyPlanDto, keys: ['planId'] },
};
