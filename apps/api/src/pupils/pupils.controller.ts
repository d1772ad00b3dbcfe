import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import { GetPupilJourney, PersonalDetailsReader, Principal } from '@app/application';
import type { Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor } from '../common/command-context';
import { etagOf } from '../common/revision-headers';
import { PupilCommandSender } from './pupil-command-sender';
import { PupilIdParam, PupilItemParam } from './pupil.params';
import * as dto from './pupil.dto';

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
    private readonly people: PersonalDetailsReader,
  ) {}

  @Post()
  @ApiWriteResult(['pupilId'])
  @RequireCapability('case.record')
  @ApiOperation({ summary: 'Register a pupil (expect)' })
  async register(@Body() body: dto.RegisterPupilDto, @Call() call: CommandCall) {
    const pupilId = call.newId();
    call.response.header('Location', `/pupils/${pupilId}`);
    return this.sender.send(
      call,
      pupilId,
      { type: 'RegisterPupil', pupilId, ...body },
      { pupilId },
    );
  }

  @Get(':pupilId')
  @RequireCapability('journey.read')
  @ApiOperation({
    summary: "A pupil's journey as it stands: stage, attendance, threshold, open items",
  })
  async get(
    @Param() { pupilId }: PupilIdParam,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.queries.execute(new GetPupilJourney(pupilId, accessFor(p)));
    res.header('ETag', etagOf(view.revision));
    return {
      ...view.summary,
      people: await this.people.peopleIn({ pupilId, summary: view.summary }),
    };
  }

  @Post(':pupilId/flags')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  flags(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.UpdateFlagsDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'UpdateVulnerabilityFlags',
      flags: body.flags,
      updatedOn: body.updatedOn,
    });
  }

  @Post(':pupilId/school-changes')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  changeSchool(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ChangeSchoolDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'ChangeSchool', ...body });
  }

  @Post(':pupilId/marks')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Record a batch of register marks from one school (monitor); a re-coded session is recorded as a correction',
  })
  marks(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordMarksDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'RecordMarks', ...body });
  }

  @Post(':pupilId/mark-corrections')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  correctMark(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.CorrectMarkDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'CorrectMark', ...body });
  }

  @Post(':pupilId/concerns')
  @ApiWriteResult(['concernId'])
  @RequireCapability('school.request')
  concern(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RaiseConcernDto,
    @Call() call: CommandCall,
  ) {
    const concernId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'RaiseConcern', concernId, ...body },
      { concernId },
    );
  }

  @Post(':pupilId/conversations')
  @ApiWriteResult(['conversationId'])
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Record a conversation: barriers, the pupil’s voice, agreed next steps (listen and understand)',
  })
  conversation(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordConversationDto,
    @Call() call: CommandCall,
  ) {
    const conversationId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'RecordConversation', conversationId, ...body },
      { conversationId },
    );
  }

  @Put(':pupilId/lead-practitioner')
  @ApiWriteResult()
  @RequireCapability('case.record')
  leadPractitioner(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.AssignLeadPractitionerDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'AssignLeadPractitioner', ...body });
  }

  @Post(':pupilId/support-actions')
  @ApiWriteResult(['supportId'])
  @RequireCapability('case.record')
  support(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RecordSupportActionDto,
    @Call() call: CommandCall,
  ) {
    const supportId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'RecordSupportAction', supportId, ...body },
      { supportId },
    );
  }

  @Post(':pupilId/support-actions/:itemId/outcome')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  supportOutcome(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.RecordSupportOutcomeDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordSupportOutcome',
      supportId: itemId,
      ...body,
    });
  }

  @Post(':pupilId/support-not-appropriate')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  supportNotAppropriate(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.SupportNotAppropriateDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'RecordSupportNotAppropriate', ...body });
  }

  @Post(':pupilId/panel-referrals')
  @ApiWriteResult(['referralId'])
  @RequireCapability('case.record')
  refer(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ReferToPanelDto,
    @Call() call: CommandCall,
  ) {
    const referralId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'ReferToPanel', referralId, ...body },
      { referralId },
    );
  }

  @Post(':pupilId/panel-referrals/:itemId/decision')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('panel.decide')
  panelDecision(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.PanelDecisionDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'RecordPanelDecision',
      referralId: itemId,
      ...body,
    });
  }

  @Post(':pupilId/attendance-contracts')
  @ApiWriteResult(['contractId'])
  @RequireCapability('case.record')
  contract(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.AgreeContractDto,
    @Call() call: CommandCall,
  ) {
    const contractId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'AgreeAttendanceContract', contractId, ...body },
      { contractId },
    );
  }

  /** An attendance contract offered and declined: recorded, and counted by the census as offered. */
  @Post(':pupilId/declined-attendance-contracts')
  @ApiWriteResult(['offerId'])
  @RequireCapability('case.record')
  declinedContract(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.DeclinedContractDto,
    @Call() call: CommandCall,
  ) {
    const offerId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'RecordAttendanceContractDeclined', offerId, ...body },
      { offerId },
    );
  }

  @Post(':pupilId/attendance-contracts/:itemId/reviews')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  review(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.ReviewContractDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'ReviewAttendanceContract',
      contractId: itemId,
      ...body,
    });
  }

  @Post(':pupilId/attendance-contracts/:itemId/end')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  endContract(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.EndContractDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'EndAttendanceContract',
      contractId: itemId,
      ...body,
    });
  }

  @Post(':pupilId/step-downs')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.step-down')
  stepDown(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.StepDownDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'StepDown', ...body });
  }

  @Post(':pupilId/closure')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.step-down')
  close(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.CloseCaseDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'CloseCase', ...body });
  }

  @Post(':pupilId/reopening')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  reopen(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ReopenCaseDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'ReopenCase', ...body });
  }
}
