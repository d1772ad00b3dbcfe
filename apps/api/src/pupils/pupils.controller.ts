import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetPupilJourney, Principal } from '@app/application';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { etagOf } from '../common/revision-headers';
import { PupilCommandSender } from './pupil-command-sender';
import { PupilIdParam, PupilItemParam } from './pupil.params';
import * as dto from './pupil.dto';

type Req = Request & { id?: unknown };

/**
 * The pupil's journey over HTTP: one endpoint per thing a caseworker records. Every write takes an
 * optional `If-Match` (the ETag read) and `Idempotency-Key`, and returns the new revision and the
 * global position (for read-your-writes).
 */
@ApiTags('pupils')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a command safely: the first response is returned again.',
})
@Controller('pupils')
export class PupilsController {
  constructor(
    private readonly sender: PupilCommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireCapability('case.record')
  @ApiOperation({ summary: 'Register a pupil (expect)' })
  async register(
    @Body() body: dto.RegisterPupilDto,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const pupilId = randomUUID();
    res.location(`/pupils/${pupilId}`);
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RegisterPupil', pupilId, ...body },
      undefined,
      { pupilId },
    );
  }

  @Get(':pupilId')
  @RequireCapability('case.read')
  @ApiOperation({
    summary: "A pupil's journey as it stands: stage, attendance, threshold, open items",
  })
  async get(
    @Param() { pupilId }: PupilIdParam,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetPupilJourney(pupilId, accessFor(p)));
    res.setHeader('ETag', etagOf(view.revision));
    return view.summary;
  }

  @Post(':pupilId/flags')
  @HttpCode(200)
  @RequireCapability('case.record')
  flags(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.UpdateFlagsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'UpdateVulnerabilityFlags', flags: body.flags },
      ifMatch,
    );
  }

  @Post(':pupilId/school-changes')
  @HttpCode(200)
  @RequireCapability('case.record')
  changeSchool(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ChangeSchoolDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'ChangeSchool', ...body }, ifMatch);
  }

  @Post(':pupilId/marks')
  @HttpCode(200)
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Record a batch of register marks from one school (monitor); a re-coded session is recorded as a correction',
  })
  marks(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordMarksDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'RecordMarks', ...body }, ifMatch);
  }

  @Post(':pupilId/mark-corrections')
  @HttpCode(200)
  @RequireCapability('case.record')
  correctMark(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.CorrectMarkDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'CorrectMark', ...body }, ifMatch);
  }

  @Post(':pupilId/concerns')
  @RequireCapability('case.record')
  concern(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RaiseConcernDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const concernId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RaiseConcern', concernId, ...body },
      ifMatch,
      { concernId },
    );
  }

  @Post(':pupilId/conversations')
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Record a conversation: barriers, the pupil’s voice, agreed next steps (listen and understand)',
  })
  conversation(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordConversationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const conversationId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordConversation', conversationId, ...body },
      ifMatch,
      { conversationId },
    );
  }

  @Put(':pupilId/lead-practitioner')
  @RequireCapability('case.record')
  leadPractitioner(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.AssignLeadPractitionerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'AssignLeadPractitioner', ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/support-actions')
  @RequireCapability('case.record')
  support(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordSupportActionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const supportId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupportAction', supportId, ...body },
      ifMatch,
      { supportId },
    );
  }

  @Post(':pupilId/support-actions/:itemId/outcome')
  @HttpCode(200)
  @RequireCapability('case.record')
  supportOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.RecordSupportOutcomeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupportOutcome', supportId: itemId, ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/support-not-appropriate')
  @HttpCode(200)
  @RequireCapability('case.record')
  supportNotAppropriate(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.SupportNotAppropriateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordSupportNotAppropriate', ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/panel-referrals')
  @RequireCapability('case.record')
  refer(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ReferToPanelDto,
    @Headers('if-match') ifMatch: string | undefined,
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
      { type: 'ReferToPanel', referralId, ...body },
      ifMatch,
      { referralId },
    );
  }

  @Post(':pupilId/panel-referrals/:itemId/decision')
  @HttpCode(200)
  @RequireCapability('panel.decide')
  panelDecision(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.PanelDecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'RecordPanelDecision', referralId: itemId, ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/attendance-contracts')
  @RequireCapability('case.record')
  contract(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.AgreeContractDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    const contractId = randomUUID();
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'AgreeAttendanceContract', contractId, ...body },
      ifMatch,
      { contractId },
    );
  }

  @Post(':pupilId/attendance-contracts/:itemId/reviews')
  @HttpCode(200)
  @RequireCapability('case.record')
  review(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.ReviewContractDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'ReviewAttendanceContract', contractId: itemId, ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/attendance-contracts/:itemId/end')
  @HttpCode(200)
  @RequireCapability('case.record')
  endContract(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EndContractDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(
      p,
      req,
      res,
      pupilId,
      { type: 'EndAttendanceContract', contractId: itemId, ...body },
      ifMatch,
    );
  }

  @Post(':pupilId/step-downs')
  @HttpCode(200)
  @RequireCapability('case.step-down')
  stepDown(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.StepDownDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'StepDown', ...body }, ifMatch);
  }

  @Post(':pupilId/closure')
  @HttpCode(200)
  @RequireCapability('case.step-down')
  close(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.CloseCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'CloseCase', ...body }, ifMatch);
  }

  @Post(':pupilId/reopening')
  @HttpCode(200)
  @RequireCapability('case.record')
  reopen(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ReopenCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Req,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.sender.send(p, req, res, pupilId, { type: 'ReopenCase', ...body }, ifMatch);
  }
}
