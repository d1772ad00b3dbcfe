import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { ApiWriteResult } from '../operations/openapi';
import * as dto from './people.dto';
import { PupilCommandSender } from './pupil-command-sender';
import { PupilIdParam, PupilItemParam } from './pupil.params';

/**
 * The people around the child: what the pupil's school asks of the LA (a referral to its
 * attendance service, a request that a penalty notice be issued: the LA decides), and who the
 * child's social worker is (their access to the child's attendance and journey follows from it).
 */
@ApiTags('pupils')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a command safely: the first response is returned again.',
})
@Controller('pupils')
export class PeopleAroundTheChildController {
  constructor(private readonly sender: PupilCommandSender) {}

  @Post(':pupilId/local-authority-referrals')
  @ApiWriteResult(['referralId'])
  @RequireCapability('school.request')
  @ApiOperation({
    summary: "The school refers the pupil to the LA's attendance service, saying why",
  })
  referToLocalAuthority(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.ReferToLocalAuthorityDto,
    @Call() call: CommandCall,
  ) {
    const referralId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'ReferToLocalAuthority', referralId, ...body },
      { referralId },
    );
  }

  @Post(':pupilId/penalty-notice-requests')
  @ApiWriteResult(['requestId'])
  @RequireCapability('school.request')
  @ApiOperation({
    summary:
      'The school asks the LA to issue a penalty notice; the attendance officer sees it on the journey and the case file and decides',
  })
  requestPenaltyNotice(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.RequestPenaltyNoticeDto,
    @Call() call: CommandCall,
  ) {
    const requestId = call.newId();
    return this.sender.send(
      call,
      pupilId,
      { type: 'RequestPenaltyNotice', requestId, ...body },
      { requestId },
    );
  }

  @Post(':pupilId/school-requests/:itemId/answer')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('school.answer')
  @ApiOperation({
    summary:
      "The LA's answer to a school's referral or penalty notice request (accepted or declined, and why): it leaves the caseload's actions",
  })
  answerSchoolRequest(
    @Param() { pupilId, itemId }: PupilItemParam,
    @Body() body: dto.AnswerSchoolRequestDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, {
      type: 'AnswerSchoolRequest',
      requestId: itemId,
      ...body,
    });
  }

  @Put(':pupilId/social-worker')
  @ApiWriteResult()
  @RequireCapability('workload.manage')
  @ApiOperation({
    summary:
      "Allocate the child's social worker: they may then read the child's attendance and journey",
  })
  allocateSocialWorker(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.AllocateSocialWorkerDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'AllocateSocialWorker', ...body });
  }

  @Post(':pupilId/social-worker/end')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('workload.manage')
  @ApiOperation({ summary: "End the social worker's allocation: their access to the child ends" })
  endSocialWorkerAllocation(
    @Param() { pupilId }: PupilIdParam,
    @Body() body: dto.EndSocialWorkerAllocationDto,
    @Call() call: CommandCall,
  ) {
    return this.sender.send(call, pupilId, { type: 'EndSocialWorkerAllocation', ...body });
  }
}
