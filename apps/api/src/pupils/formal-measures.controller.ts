import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/application';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { PupilCommandSender } from './pupil-command-sender';
import { PupilIdParam, PupilItemParam } from './pupil.params';
import * as dto from './pupil.dto';

type Req = Request & { id?: unknown };

/** Formalise support and enforce: supervision orders, neglect referrals, notices, prosecutions. */
@ApiTags('formal measures')
@ApiBearerAuth()
@Controller('pupils/:pupilId')
export class FormalMeasuresController {
  constructor(private readonly sender: PupilCommandSender) {}

  @Post('social-care-consultations')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  consult(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.SocialCareConsultationDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSocialCareConsultation', ...body },
      m,
    );
  }

  @Post('supervision-orders')
  @RequireCapability('case.formalise')
  @ApiOperation({ summary: 'Apply for an education supervision order (Children Act 1989 s36)' })
  applyEso(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ApplyEsoDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const orderId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'ApplyForSupervisionOrder', orderId, ...body },
      m,
      { orderId },
    );
  }

  @Post('supervision-orders/:itemId/grant')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  grantEso(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.GrantEsoDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupervisionOrderGranted', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/directions')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  direction(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoDirectionDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupervisionDirection', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/non-compliance')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  nonCompliance(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoNonComplianceDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupervisionNonCompliance', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/extension-applications')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  applyExtension(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoExtensionDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'ApplyForSupervisionOrderExtension', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/extension')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  extended(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoExtendedDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupervisionOrderExtended', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/discharge')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  discharge(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoDischargeDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupervisionOrderDischarged', orderId: itemId, ...body },
      m,
    );
  }

  @Post('supervision-orders/:itemId/end')
  @HttpCode(200)
  @RequireCapability('case.formalise')
  endEso(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EsoEndDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'EndSupervisionOrder', orderId: itemId, ...body },
      m,
    );
  }

  @Post('neglect-referrals')
  @RequireCapability('case.formalise')
  neglect(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.NeglectReferralDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const referralId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'ReferForEducationNeglect', referralId, ...body },
      m,
      { referralId },
    );
  }

  @Post('notices-to-improve')
  @RequireCapability('case.enforce')
  nti(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.NoticeToImproveDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const noticeId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'IssueNoticeToImprove', noticeId, ...body },
      m,
      { noticeId },
    );
  }

  @Post('notices-to-improve/:itemId/outcome')
  @HttpCode(200)
  @RequireCapability('case.enforce')
  ntiOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.NoticeToImproveOutcomeDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordNoticeToImproveOutcome', noticeId: itemId, ...body },
      m,
    );
  }

  @Post('penalty-notices')
  @RequireCapability('case.enforce')
  @ApiOperation({ summary: 'Issue a penalty notice to one parent under the national framework' })
  penaltyNotice(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.IssuePenaltyNoticeDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const noticeId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'IssuePenaltyNotice', noticeId, ...body },
      m,
      { noticeId },
    );
  }

  @Post('penalty-notices/:itemId/payments')
  @HttpCode(200)
  @RequireCapability('case.enforce')
  payment(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.PaymentDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordPenaltyNoticePayment', noticeId: itemId, ...body },
      m,
    );
  }

  @Post('penalty-notices/:itemId/withdrawal')
  @HttpCode(200)
  @RequireCapability('case.enforce')
  withdraw(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.WithdrawalDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'WithdrawPenaltyNotice', noticeId: itemId, ...body },
      m,
    );
  }

  @Post('prosecutions')
  @RequireCapability('case.enforce')
  prosecute(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.StartProsecutionDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const prosecutionId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'StartProsecution', prosecutionId, ...body },
      m,
      { prosecutionId },
    );
  }

  @Post('prosecutions/:itemId/outcome')
  @HttpCode(200)
  @RequireCapability('case.enforce')
  prosecutionOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.ProsecutionOutcomeDto,
    @Headers('if-match') m: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordProsecutionOutcome', prosecutionId: itemId, ...body },
      m,
    );
  }
}
