import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseworkQueries, Reallocations, ReadYourWrites, workloadOf } from '@app/application';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { ApiWriteResult } from '../operations/openapi';
import { ReallocateCasesDto, WorkloadQuery } from './allocation.dto';

/**
 * Allocation and workload, the manager's part (capability `workload.manage`, held by attendance
 * officers): move cases from one worker to another with a reason, and see each worker's open cases.
 */
@ApiTags('allocation')
@ApiBearerAuth()
@Controller()
export class AllocationController {
  constructor(
    private readonly reallocations: Reallocations,
    private readonly queries: CaseworkQueries,
    private readonly consistency: ReadYourWrites,
  ) {}

  @Post('reallocations')
  @HttpCode(200)
  @ApiWriteResult([], {
    reallocated: {
      type: 'array',
      description: 'Each case moved, with its stream revision and position',
      items: {
        type: 'object',
        properties: {
          pupilId: { type: 'string' },
          revision: { type: 'string', nullable: true },
          position: { type: 'string', nullable: true },
        },
      },
    },
  })
  @RequireCapability('workload.manage')
  @ApiOperation({
    summary:
      'Reallocate one case or many from one worker to another, with a reason (an event on each case); if any case named is not the worker’s, none is moved (409 naming each)',
  })
  async reallocate(@Body() body: ReallocateCasesDto, @Call() call: CommandCall) {
    const result = await this.reallocations.reallocate(
      body,
      metadataOf(call.principal, call.request),
      accessFor(call.principal),
    );
    return { reallocated: result.reallocated, revision: null, position: result.position };
  }

  @Get('workload')
  @RequireCapability('workload.manage')
  @ApiOperation({
    summary:
      "Each worker's open cases by stage, flag and attendance trend, busiest first, and the open cases no one is allocated to",
  })
  async workload(@Query() q: WorkloadQuery) {
    await this.consistency.wait(q.position);
    const la = (await this.queries.statistics('current')).find((d) => d.schoolId === '*');
    return {
      asOf: this.queries.today(),
      ...workloadOf(await this.queries.statistics('current-worker'), la),
    };
  }
}
