import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CaseFileQueries,
  PersonalDetailsReader,
  Principal,
  ReadYourWrites,
} from '@app/application';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { CaseFileDto, CaseFileQuery } from './case-file.dto';
import { PupilIdParam } from './pupil.params';

/**
 * A pupil's case file: everything recorded about the case, newest first, for every role that may
 * read the case (a link worker: the cases of their schools and the ones allocated to them). Each
 * read is recorded in the access log.
 */
@ApiTags('pupils')
@ApiBearerAuth()
@Controller('pupils/:pupilId')
export class CaseFileController {
  constructor(
    private readonly caseFiles: CaseFileQueries,
    private readonly consistency: ReadYourWrites,
    private readonly people: PersonalDetailsReader,
  ) {}

  @Get('case-file')
  @RequireCapability('case.read')
  @ApiOperation({
    summary:
      "The case file: conversations (who, barriers, the child's voice, next steps), concerns and the rule that raised them, support and its outcome, family plans, panel referrals with the decision and rationale, contracts and reviews, notices, orders, prosecutions, neglect referrals with social care's response, targeting support meeting actions, and the attendance summary with its trend. Newest first; filter by stage or kind; paged. Every read is recorded in the access log.",
  })
  @ApiOkResponse({ type: CaseFileDto })
  async caseFile(
    @Param() { pupilId }: PupilIdParam,
    @Query() q: CaseFileQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseFileDto> {
    await this.consistency.wait(q.position);
    const view = await this.caseFiles.read(principal, pupilId, {
      stage: q.stage,
      kind: q.kind,
      cursor: q.cursor,
      limit: q.limit,
      purpose: q.purpose,
      correlationId: typeof request.id === 'string' ? request.id : undefined,
    });
    // Each read is its own recorded access: no cache may answer a later one.
    res.header('Cache-Control', 'no-store');
    return { ...view, people: await this.people.peopleIn({ pupilId, items: view.items }) };
  }
}
