import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import {
  Principal,
  ReadYourWrites,
  TargetingSupportMeetings,
  worksWithSchool,
} from '@app/application';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { metadataOf } from '../common/command-context';
import { writeResult } from '../common/revision-headers';
import { DateField, IdField, TextField } from '../common/validators';

class SchoolParam {
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'schoolId must be an id' })
  schoolId!: string;
}

class PositionQuery {
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'position must be the digits a command returned' })
  position?: string;
}

class MeetingParam {
  @Matches(/^tsm-[A-Za-z0-9_.-]{1,160}$/, {
    message: 'meetingId must be a meeting id such as tsm-school-a-autumn-2025-26',
  })
  meetingId!: string;
}

class ActionParam extends MeetingParam {
  @Matches(/^[A-Za-z0-9-]{1,100}$/, { message: 'actionId must be an id' })
  actionId!: string;
}

class MeetingHeldDto {
  @DateField('2025-09-29') heldOn!: string;

  @ApiProperty({
    example: ['school', 'worker-1'],
    description: 'Who took part (ids or roles, no names)',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  attendees!: string[];
}

class AgreeActionDto {
  @IdField('5b1c0f6e-3b1a-4f2e-9d55-0a4f2f3e6a11') pupilId!: string;
  @TextField(1000, 'Meet mother with the school nurse') action!: string;
  @IdField('worker-1') owner!: string;
  @DateField('2025-10-10') dueOn!: string;
}

class CompleteActionDto {
  @DateField('2025-10-08') completedOn!: string;
  @TextField(1000, 'Mother agreed a morning routine') outcome!: string;
}

/**
 * Targeting support meetings: each school's termly list of pupils at risk (prepared by a job 3
 * weeks into the term, or now on request) and the actions agreed for each pupil.
 */
@ApiTags('targeting support meetings')
@ApiBearerAuth()
@Controller()
export class TargetingSupportMeetingsController {
  constructor(
    private readonly meetings: TargetingSupportMeetings,
    private readonly consistency: ReadYourWrites,
  ) {}

  private inScope(principal: Principal, schoolId: string): void {
    if (!worksWithSchool(principal, schoolId))
      throw new ForbiddenException(`You do not work with school ${schoolId}.`);
  }

  private async meetingInScope(principal: Principal, meetingId: string) {
    const meeting = await this.meetings.get(meetingId);
    this.inScope(principal, meeting.schoolId);
    return meeting;
  }

  @Post('schools/:schoolId/targeting-support-meetings')
  @ApiWriteResult(['meetingId'], {
    prepared: {
      type: 'boolean',
      description: 'false when this term’s meeting was already prepared',
    },
  })
  @HttpCode(200)
  @RequireCapability('meetings.record')
  @ApiOperation({
    summary:
      "Prepare this term's meeting for a school now: its list of pupils at risk from the caseload (once a term; again changes nothing)",
  })
  async prepare(
    @Param() { schoolId }: SchoolParam,
    @Query() { position }: PositionQuery,
    @Call() call: CommandCall,
  ) {
    this.inScope(call.principal, schoolId);
    // The list comes from the caseload: let it include the caller's latest writes first.
    await this.consistency.wait(position);
    const result = await this.meetings.prepare(schoolId, metadataOf(call.principal, call.request));
    return {
      meetingId: result.meetingId,
      prepared: result.events.length > 0,
      ...writeResult(call.response, result),
    };
  }

  @Get('targeting-support-meetings/:meetingId')
  @RequireCapability('meetings.read')
  @ApiOperation({
    summary: 'A meeting: its pupils at risk with reasons, and the actions agreed for each',
  })
  async get(@Param() { meetingId }: MeetingParam, @CurrentPrincipal() p: Principal) {
    const meeting = await this.meetingInScope(p, meetingId);
    return {
      ...meeting,
      pupils: meeting.pupils.map((pupil) => ({
        ...pupil,
        actions: meeting.actions.filter((a) => a.pupilId === pupil.pupilId),
      })),
    };
  }

  @Post('targeting-support-meetings/:meetingId/held')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('meetings.record')
  @ApiOperation({ summary: 'Record that the meeting was held, and who took part' })
  async held(
    @Param() { meetingId }: MeetingParam,
    @Body() body: MeetingHeldDto,
    @Call() call: CommandCall,
  ) {
    await this.meetingInScope(call.principal, meetingId);
    const result = await this.meetings.execute(
      meetingId,
      { type: 'RecordTargetingSupportMeetingHeld', ...body },
      metadataOf(call.principal, call.request),
    );
    return writeResult(call.response, result);
  }

  @Post('targeting-support-meetings/:meetingId/actions')
  @ApiWriteResult(['actionId'])
  @RequireCapability('meetings.record')
  @ApiOperation({ summary: 'Record an action agreed for a pupil on the list (owner, due date)' })
  async agree(
    @Param() { meetingId }: MeetingParam,
    @Body() body: AgreeActionDto,
    @Call() call: CommandCall,
  ) {
    await this.meetingInScope(call.principal, meetingId);
    const actionId = call.newId();
    const result = await this.meetings.agree(
      meetingId,
      { actionId, ...body },
      metadataOf(call.principal, call.request),
    );
    return { actionId, ...writeResult(call.response, result) };
  }

  @Post('targeting-support-meetings/:meetingId/actions/:actionId/completion')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('meetings.record')
  @ApiOperation({ summary: 'Record an agreed action as done, with its outcome' })
  async complete(
    @Param() { meetingId, actionId }: ActionParam,
    @Body() body: CompleteActionDto,
    @Call() call: CommandCall,
  ) {
    await this.meetingInScope(call.principal, meetingId);
    const result = await this.meetings.execute(
      meetingId,
      { type: 'CompleteTargetingSupportAction', actionId, ...body },
      metadataOf(call.principal, call.request),
    );
    return writeResult(call.response, result);
  }
}
