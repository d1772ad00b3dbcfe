/**
 * The work lists: each person's open tasks, earliest due first, with whether each is overdue on
 * the day asked and where the case is. A person sees their own; a manager (`tasks.manage`) anyone's.
 */
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { dateOf, IsoDate, isDue, isOverdue } from '@app/domain';
import {
  DocumentStore,
  ProjectionReader,
  QueryResult,
  TaskRow,
  taskRows,
  tasksProjection,
} from '@app/read-models';
import { hasCapability } from '../auth/access-policy';
import type { Principal } from '../auth/roles';
import { CLOCK, Clock, DOCUMENT_STORE } from '../tokens';
import type { Page, Paged } from '../read-models/casework-queries';

/** Asks for the tasks nobody holds yet. */
export const UNASSIGNED = 'unassigned';

export type TaskItem = Omit<TaskRow, 'facets'> & {
  overdue: boolean;
  /** The case in the API and in the web pages. */
  links: { case: string; page: string };
};

export const taskItem = (row: TaskRow, today: IsoDate): TaskItem => {
  const { facets: _facets, ...rest } = row;
  return {
    ...rest,
    overdue: isOverdue(row.dueOn, today),
    links: { case: `/pupils/${row.pupilId}`, page: `/cases/${row.pupilId}` },
  };
};

@Injectable()
export class TaskQueries {
  private readonly reader: ProjectionReader;

  constructor(
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.reader = new ProjectionReader(documents, tasksProjection);
  }

  today(): IsoDate {
    return dateOf(this.clock());
  }

  /** Whose list the caller may read: their own unless they manage the lists. */
  assigneeFor(principal: Principal, assignee?: string): string {
    const who = assignee ?? principal.userId;
    if (who !== principal.userId && !hasCapability(principal, 'tasks.manage'))
      throw new ForbiddenException(
        "You can see your own tasks; a colleague's list is for the attendance team to see.",
      );
    return who;
  }

  async list(
    principal: Principal,
    filter: { assignee?: string },
    page: Page,
  ): Promise<Paged<TaskItem> & { assignee: string }> {
    const assignee = this.assigneeFor(principal, filter.assignee);
    const result = await this.rows(`assignee:${assignee}`, page);
    const today = this.today();
    return {
      asOf: today,
      assignee,
      items: result.items.map((r) => taskItem(r, today)),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
  }

  /** How many of the caller's own tasks are due (today or before) and how many of those overdue. */
  async dueCount(principal: Principal): Promise<{ due: number; overdue: number }> {
    const today = this.today();
    const page = await this.rows(`assignee:${principal.userId}`, { limit: 1000 });
    const due = page.items.filter((r) => isDue(r.dueOn, today));
    return { due: due.length, overdue: due.filter((r) => isOverdue(r.dueOn, today)).length };
  }

  /** One index value's open tasks (`assignee:<id>`, or `all`), earliest due first. */
  rows(facet: string, page: Page): Promise<QueryResult<TaskRow>> {
    return this.reader.query(taskRows, {
      index: { field: 'facets', value: facet },
      sort: { field: 'dueOn' },
      ...page,
    });
  }

  async get(taskId: string): Promise<TaskRow> {
    const row = await this.reader.get(taskRows, taskId);
    if (!row)
      throw new NotFoundException(
        `No open task ${taskId}: it was completed, or what it waited for has been recorded or has changed.`,
      );
    return row;
  }
}
