/**
 * My tasks: the signed-in person's work list (the tasks read model, as GET /tasks), and the form
 * to record a task done, which sends the same command as POST /tasks/{id}/complete.
 */
import { ForbiddenException, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  hasCapability,
  ReadYourWrites,
  TaskCommands,
  TaskQueries,
  validateAs,
} from '@app/application';
import { DomainError } from '@app/domain';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor, metadataOf } from '../common/command-context';
import { CompleteTaskDto, TaskParam } from '../tasks/tasks.controller';
import { WebRequest } from './web-auth.guard';
import { commandRequestOf } from './web-call';
import { redirect, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

const PAGE_SIZE = 100;

@WebPage('my-tasks')
export class TasksPage {
  constructor(
    private readonly tasks: TaskQueries,
    private readonly commands: TaskCommands,
    private readonly consistency: ReadYourWrites,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @RequireCapability('tasks.read')
  async show(
    @Query() q: Record<string, unknown>,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    // After a completion the list waits for it to be projected, so the task has left it.
    await this.consistency.wait(typeof q.position === 'string' ? q.position : undefined);
    const cursor = typeof q.cursor === 'string' && q.cursor ? q.cursor : undefined;
    const result = await this.tasks.list(req.principal!, {}, { cursor, limit: PAGE_SIZE });
    this.pages.render(
      res,
      'tasks',
      { section: '/my-tasks', result, completed: q.completed === 'true' },
      req.webSession!,
    );
  }

  @Get(':taskId/complete')
  @RequireCapability('tasks.read')
  async form(@Param() { taskId }: TaskParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    await this.renderForm(res, req, taskId, {}, []);
  }

  @Post(':taskId/complete')
  @RequireCapability('tasks.read')
  async complete(
    @Param() { taskId }: TaskParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const form = req.body as { note?: string };
    const checked = await validateAs(CompleteTaskDto, { note: form.note?.trim() || undefined });
    if (!checked.value) {
      const text = form.note?.trim()
        ? checked.errors[0].messages[0]
        : 'Enter what was done, or why the task is closed';
      return this.renderForm(res, req, taskId, form, [{ field: 'note', text }], 400);
    }
    let position: bigint | undefined;
    try {
      ({ position } = await this.commands.complete(
        {
          principal: req.principal!,
          metadata: metadataOf(req.principal!, commandRequestOf(req)),
          access: accessFor(req.principal!),
        },
        taskId,
        checked.value,
      ));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.renderForm(res, req, taskId, form, [{ field: 'note', text: error.message }], 422);
    }
    redirect(res, `/my-tasks?completed=true${position ? `&position=${position}` : ''}`);
  }

  private async renderForm(
    res: WebHttpResponse,
    req: WebRequest,
    taskId: string,
    form: { note?: string },
    errors: { field: string; text: string }[],
    status = 200,
  ) {
    const task = await this.tasks.get(taskId);
    const principal = req.principal!;
    if (task.assignee !== principal.userId && !hasCapability(principal, 'tasks.manage'))
      throw new ForbiddenException('This task is not yours.');
    this.pages.render(
      res,
      'task-complete',
      {
        section: '/my-tasks',
        task,
        form,
        errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      },
      req.webSession!,
      status,
    );
  }
}
