/** My caseload: what a caseworker sees at sign-in (the caseload read model, filtered as the API's). */
import { Get, Query, Req, Res } from '@nestjs/common';
import { CaseworkQueries, hasCapability, Principal, TaskQueries } from '@app/application';
import { STAGES } from '@app/domain';
import { RequireCapability } from '../auth/auth.decorators';
import { CASELOAD_FLAGS } from '../read-models/read-models.dto';
import { WebRequest } from './web-auth.guard';
import type { WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

const PAGE_SIZE = 50;
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

/** Whose cases the page lists, as the query scopes them (scopeFacet). */
function scopeLabel(principal: Principal, schoolId: string | undefined): string {
  switch (principal.role) {
    case 'link-worker':
      return schoolId ? `Pupils at ${schoolId}` : 'Cases allocated to you';
    case 'school-staff':
      return `Pupils at ${schoolId ?? principal.schoolIds[0] ?? 'your school'}`;
    case 'social-worker':
      return 'Children allocated to you as their social worker';
    case 'virtual-school-head':
      return 'Looked-after children';
    default:
      return 'All open cases in the local authority';
  }
}

@WebPage('my-caseload')
export class CaseloadPage {
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly tasks: TaskQueries,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @RequireCapability('journey.read')
  async show(
    @Query() q: Record<string, unknown>,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    const principal = session.principal;
    const schoolId =
      typeof q.school === 'string' && principal.schoolIds.includes(q.school) ? q.school : undefined;
    const stage = oneOf(q.stage, STAGES);
    const flag = stage ? undefined : oneOf(q.flag, CASELOAD_FLAGS);
    const cursor = typeof q.cursor === 'string' && q.cursor ? q.cursor : undefined;
    const result = await this.queries.caseload(
      principal,
      { schoolId, stage, flag },
      { cursor, limit: PAGE_SIZE },
    );
    const tasksDue = hasCapability(principal, 'tasks.read')
      ? await this.tasks.dueCount(principal)
      : null;
    this.pages.render(
      res,
      'caseload',
      {
        section: '/my-caseload',
        result,
        tasksDue,
        filters: { school: schoolId, stage, flag },
        schools: principal.schoolIds,
        stages: STAGES,
        flags: CASELOAD_FLAGS,
        scope: scopeLabel(principal, schoolId),
      },
      session,
    );
  }
}
