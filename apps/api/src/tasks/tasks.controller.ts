import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Principal, ReadYourWrites, TaskCommands, TaskQueries, UNASSIGNED } from '@app/application';
import { IsOptional, Matches } from 'class-validator';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { expectedRevisionFrom, writeResult } from '../common/revision-headers';
import { HappenedOnField, IdField, TextField } from '../common/validators';
import { ApiWriteResult } from '../operations/openapi';
import { PageQuery } from '../read-models/read-models.dto';

/** A task's id: the pupil, kind, what it is about and its due day, joined by dots. */
const TASK_ID = /^[A-Za-z0-9_.~-]{1,260}$/;

class TasksQuery extends PageQuery {
  @ApiPropertyOptional({
    description: `Whose tasks (default: yours). Another person's, or \`${UNASSIGNED}\`, for the attendance team only.`,
    example: 'worker-1',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'assignee must be a user id' })
  assignee?: string;
}

export class TaskParam {
  @Matches(TASK_ID, { message: 'taskId must be the id of a task on a work list' })
  taskId!: string;
}

export class CompleteTaskDto {
  @TextField(1000, 'Reviewed with mother at home; next review booked') note!: string;
  @HappenedOnField('2025-03-10') completedOn?: string;
}

class ReassignTaskDto {
  @IdField('worker-2') toUserId!: string;
  @TextField(1000, 'Covering while worker-1 is on leave') reason!: string;
  @HappenedOnField('2025-03-10') reassignedOn?: string;
}

/**
 * Work lists: every dated action that falls to a person (reviews, the end of an improvement
 * period, prosecute-or-withdraw, an ESO's extension window, agreed actions, panel outcomes,
 * overdue N codes), and completing or handing one on, each recorded as an event with who, when
 * and why.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly queries: TaskQueries,
    private readonly commands: TaskCommands,
    private readonly consistency: ReadYourWrites,
  ) {}

  @Get()
  @RequireCapability('tasks.read')
  @ApiOperation({
    summary:
      'Your open tasks, earliest due first, each with its due day, whether it is overdue and a link to the case; the attendance team may ask for anyone’s (`assignee`)',
  })
  async list(@Query() q: TasksQuery, @CurrentPrincipal() p: Principal) {
    await this.consistency.wait(q.position);
    return this.queries.list(p, { assignee: q.assignee }, { cursor: q.cursor, limit: q.limit });
  }

  @Post(':taskId/complete')
  @HttpCode(200)
  @ApiWriteResult()
  @RequireCapability('tasks.read')
  @ApiOperation({
    summary:
      'Record a task as done, with why (a panel outcome: the referrer acknowledges the decision; an agreed action: its outcome on the meeting)',
  })
  async complete(
    @Param() { taskId }: TaskParam,
    @Body() body: CompleteTaskDto,
    @Call() call: CommandCall,
  ) {
    const result = await this.commands.complete(this.callOf(call), taskId, body);
    return writeResult(call.response, result);
  }

  @Post(':taskId/reassign')
  @HttpCode(200)
  @ApiWriteResult()
  @RequireCapability('tasks.read')
  @ApiOperation({ summary: 'Hand a task to someone else, with why' })
  async reassign(
    @Param() { taskId }: TaskParam,
    @Body() body: ReassignTaskDto,
    @Call() call: CommandCall,
  ) {
    const result = await this.commands.reassign(this.callOf(call), taskId, body);
    return writeResult(call.response, result);
  }

  private callOf(call: CommandCall) {
    return {
      principal: call.principal,
      metadata: metadataOf(call.principal, call.request),
      access: accessFor(call.principal),
      expectedRevision: expectedRevisionFrom(call.ifMatch),
    };
  }
}
