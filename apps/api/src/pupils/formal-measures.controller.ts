import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { PupilCommandSender } from './pupil-command-sender';
import { PupilIdParam, PupilItemParam } from './pupil.params';
import * as dto from './pupil.dto';

/** Formalise support and enforce: supervision orders, neglect referrals, notices, prosecutions. */
@ApiTags('formal measures')
@ApiBearerAuth()
@Controller('pupils/:pupilId')
export class FormalMeasuresController {
  constructor(private readonly sender: PupilCommandSender) {}

  @Post('social-care-consultations')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  consult(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.SocialCareConsultationDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'RecordSocialCareConsultation', ...body });
  }

  @Post('supervision-orders')
  @ApiWriteResult(['orderId'])
  @RequireCapability('case.formalise')
  @ApiOperation({ summary: 'Apply for an education supervision order (Children Act 1989 s36)' })
  applyEso(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ApplyEsoDto,
    @Call() call: CommandCall,
  ) {
    const orderId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'ApplyForSupervisionOrder', orderId, ...body },
      { orderId },
    );
  }

  @Post('supervision-orders/:itemId/grant')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  grantEso(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.GrantEsoDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupervisionOrderGranted',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/directions')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  direction(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoDirectionDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupervisionDirection',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/non-compliance')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  nonCompliance(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoNonComplianceDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupervisionNonCompliance',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/extension-applications')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  applyExtension(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoExtensionDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'ApplyForSupervisionOrderExtension',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/extension')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  extended(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoExtendedDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupervisionOrderExtended',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/discharge')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  discharge(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoDischargeDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupervisionOrderDischarged',
      orderId: itemId,
      ...body,
    });
  }

  @Post('supervision-orders/:itemId/end')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.formalise')
  endEso(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoEndDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'EndSupervisionOrder',
      orderId: itemId,
      ...body,
    });
  }

  @Post('neglect-referrals')
  @ApiWriteResult(['referralId'])
  @RequireCapability('case.formalise')
  neglect(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.NeglectReferralDto,
    @Call() call: CommandCall,
  ) {
    const referralId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'ReferForEducationNeglect', referralId, ...body },
      { referralId },
    );
  }

  @Post('neglect-referrals/:itemId/responses')
  @HttpCode(200)
  @ApiWriteResult()
  @RequireCapability('case.formalise')
  @ApiOperation({
    summary:
      "Record children's social care's response to an education-neglect referral: accepted, s17, s47 or no further action, with its date",
  })
  neglectResponse(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.SocialCareResponseDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSocialCareResponse',
      referralId: itemId,
      ...body,
    });
  }

  @Post('notices-to-improve')
  @ApiWriteResult(['noticeId'])
  @RequireCapability('case.enforce')
  nti(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.NoticeToImproveDto,
    @Call() call: CommandCall,
  ) {
    const noticeId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'IssueNoticeToImprove', noticeId, ...body },
      { noticeId },
    );
  }

  @Post('notices-to-improve/:itemId/outcome')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  ntiOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.NoticeToImproveOutcomeDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordNoticeToImproveOutcome',
      noticeId: itemId,
      ...body,
    });
  }

  @Post('penalty-notices')
  @ApiWriteResult(['noticeId'])
  @RequireCapability('case.enforce')
  @ApiOperation({ summary: 'Issue a penalty notice to one parent under the national framework' })
  penaltyNotice(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.IssuePenaltyNoticeDto,
    @Call() call: CommandCall,
  ) {
    const noticeId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'IssuePenaltyNotice', noticeId, ...body },
      { noticeId },
    );
  }

  @Post('penalty-notices/:itemId/service')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  @ApiOperation({
    summary: 'Record that the notice was posted or handed to the parent',
    description:
      'The payment periods run from the day the notice is received (SI 2007/1867 reg 4 as amended), so they are worked out again from this. Recorded once, before any payment.',
  })
  service(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.PenaltyNoticeServiceDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordPenaltyNoticeService',
      noticeId: itemId,
      ...body,
    });
  }

  @Post('penalty-notices/:itemId/payments')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  payment(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.PaymentDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordPenaltyNoticePayment',
      noticeId: itemId,
      ...body,
    });
  }

  @Post('penalty-notices/:itemId/withdrawal')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  withdraw(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.WithdrawalDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'WithdrawPenaltyNotice',
      noticeId: itemId,
      ...body,
    });
  }

  @Post('prosecutions')
  @ApiWriteResult(['prosecutionId'])
  @RequireCapability('case.enforce')
  prosecute(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.StartProsecutionDto,
    @Call() call: CommandCall,
  ) {
    const prosecutionId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'StartProsecution', prosecutionId, ...body },
      { prosecutionId },
    );
  }

  @Post('prosecutions/:itemId/outcome')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  prosecutionOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.ProsecutionOutcomeDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordProsecutionOutcome',
      prosecutionId: itemId,
      ...body,
    });
  }

  @Post('prosecutions/:itemId/parenting-order-implementation')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  parentingOrderImplementation(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.ParentingOrderImplementationDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordParentingOrderImplementation',
      prosecutionId: itemId,
      ...body,
    });
  }
}
