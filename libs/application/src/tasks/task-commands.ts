/**
 * Completing and reassigning tasks: the task is found on the work list, the caller must hold it
 * or manage the lists, and the command goes to the stream that keeps the task (the pupil's
 * journey; a meeting's agreed action is completed on the meeting). The stream's decider checks
 * the task is still open, so a stale list refuses rather than records.
 */
import { ForbiddenException, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { IsoDate, PupilCommand, PupilCommandOf } from '@app/domain';
import type { TaskRow } from '@app/read-models';
import { hasCapability } from '../auth/access-policy';
import type { Principal } from '../auth/roles';
import type { CommandMetadata } from '../commands/command-metadata';
import type { ExecuteResult } from '../commands/stream-executor';
import { TargetingSupportMeetings } from '../meetings/targeting-support-meetings';
import { CaseAccessCheck, CaseAccessDenied } from '../pupils/case-access';
import { ExecutePupilCommand } from '../pupils/pupil-commands';
import { TaskQueries } from './task-queries';

export interface TaskCall {
  principal: Principal;
  metadata: CommandMetadata;
  access: CaseAccessCheck;
  expectedRevision?: bigint;
}

@Injectable()
export class TaskCommands {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TaskQueries,
    private readonly meetings: TargetingSupportMeetings,
  ) {}

  /** The open task, if the caller holds it or manages the lists (and may work on the case). */
  private async taskFor(call: TaskCall, taskId: string): Promise<TaskRow> {
    const task = await this.queries.get(taskId);
    if (task.assignee !== call.principal.userId && !hasCapability(call.principal, 'tasks.manage'))
      throw new ForbiddenException(
        'This task is not yours: its holder, or the attendance team, can complete or hand it on.',
      );
    return task;
  }

  async complete(
    call: TaskCall,
    taskId: string,
    body: { note: string; completedOn?: IsoDate },
  ): Promise<ExecuteResult<unknown>> {
    const task = await this.taskFor(call, taskId);
    if (task.kind === 'targeting-support-action' && task.meetingId) {
      // The meeting's stream does not check case access (the journey's does): check it here.
      if (!call.access({ schoolId: task.schoolId, leadPractitionerId: undefined }))
        throw new CaseAccessDenied();
      return this.meetings.execute(
        task.meetingId,
        {
          type: 'CompleteTargetingSupportAction',
          actionId: task.ref,
          completedOn: body.completedOn ?? this.queries.today(),
          outcome: body.note,
        },
        call.metadata,
      );
    }
    return this.onJourney(call, task, { type: 'CompleteTask', ...body });
  }

  async reassign(
    call: TaskCall,
    taskId: string,
    body: { toUserId: string; reason: string; reassignedOn?: IsoDate },
  ): Promise<ExecuteResult<unknown>> {
    const task = await this.taskFor(call, taskId);
    return this.onJourney(call, task, { type: 'ReassignTask', ...body });
  }

  /** A task command on the pupil's journey, naming the task as the list showed it. */
  private onJourney(
    call: TaskCall,
    task: TaskRow,
    command:
      | ({ type: 'CompleteTask' } & Pick<PupilCommandOf<'CompleteTask'>, 'note' | 'completedOn'>)
      | ({ type: 'ReassignTask' } & Pick<
          PupilCommandOf<'ReassignTask'>,
          'toUserId' | 'reason' | 'reassignedOn'
        >),
  ): Promise<ExecuteResult<unknown>> {
    const { taskId, kind, ref, dueOn } = task;
    return this.commands.execute(
      new ExecutePupilCommand(
        task.pupilId,
        { ...command, taskId, kind, ref, dueOn } as PupilCommand,
        call.metadata,
        { access: call.access, expectedRevision: call.expectedRevision },
      ),
    );
  }
}
