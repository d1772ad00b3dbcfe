import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import {
  canAccessCase,
  CaseAccessDenied,
  ExecuteFamilyCommand,
  ExecutePupilCommand,
  GetFamily,
  GetPupilJourney,
  PersonalDetailsReader,
  Principal,
} from '@app/application';
import type { FamilyCommand, FamilyState } from '@app/domain';
import type { Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { etagOf, expectedRevisionFrom, writeResult } from '../common/revision-headers';
import * as dto from './family.dto';

/** Families: parents and carers (with ids, since penalty notices are per parent per child), pupils, plans. */
@ApiTags('families')
@ApiBearerAuth()
@Controller('families')
export class FamiliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly people: PersonalDetailsReader,
  ) {}

  /**
   * A link worker sees a family only through a pupil in their scope, or, before any pupil is
   * linked, if they registered it themselves.
   */
  private async checkAccess(
    principal: Principal,
    { family, registeredBy }: { family: FamilyState; registeredBy: string },
  ): Promise<void> {
    if (principal.role !== 'link-worker') return;
    if (family.pupilIds.length === 0 && registeredBy === principal.userId) return;
    for (const pupilId of family.pupilIds) {
      try {
        await this.queries.execute(new GetPupilJourney(pupilId, accessFor(principal)));
        return;
      } catch (error) {
        if (!(error instanceof CaseAccessDenied)) throw error;
      }
    }
    throw new CaseAccessDenied();
  }

  private async send(
    call: CommandCall,
    familyId: string,
    command: FamilyCommand,
    created?: Record<string, string>,
  ) {
    if (command.type !== 'RegisterFamily')
      await this.checkAccess(call.principal, await this.queries.execute(new GetFamily(familyId)));
    const result = await this.commands.execute(
      new ExecuteFamilyCommand(familyId, command, metadataOf(call.principal, call.request), {
        expectedRevision: expectedRevisionFrom(call.ifMatch),
      }),
    );
    return { ...created, ...writeResult(call.response, result) };
  }

  @Post()
  @ApiWriteResult(['familyId'])
  @RequireCapability('case.record')
  register(@Body() body: dto.RegisterFamilyDto, @Call() call: CommandCall) {
    const familyId = call.newId();
    call.response.header('Location', `/families/${familyId}`);
    return this.send(call, familyId, { type: 'RegisterFamily', familyId, ...body }, { familyId });
  }

  @Get(':familyId')
  @RequireCapability('case.read')
  async get(
    @Param() { familyId }: dto.FamilyIdParam,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const found = await this.queries.execute(new GetFamily(familyId));
    await this.checkAccess(p, found);
    const { family, revision } = found;
    res.header('ETag', etagOf(revision));
    return family;
  }

  @Post(':familyId/parents')
  @ApiWriteResult(['parentId'])
  @RequireCapability('case.record')
  async addParent(
    @Param() { familyId }: dto.FamilyIdParam,
    @Body() body: dto.AddParentDto,
    @Call() call: CommandCall,
  ) {
    const { personId, ...parent } = body;
    if (personId) await this.people.parentOrCarer(personId);
    const parentId = personId ?? call.newId();
    return this.send(
      call,
      familyId,
      { type: 'AddParent', parentId, ...parent },
      {
        parentId,
      },
    );
  }

  @Put(':familyId/parents/:parentId')
  @ApiWriteResult()
  @RequireCapability('case.record')
  updateParent(
    @Param() { familyId, parentId }: dto.FamilyParentParam,
    @Body() body: dto.UpdateParentDto,
    @Call() call: CommandCall,
  ) {
    return this.send(call, familyId, { type: 'UpdateParent', parentId, ...body });
  }

  @Post(':familyId/parents/:parentId/removal')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  removeParent(
    @Param() { familyId, parentId }: dto.FamilyParentParam,
    @Body() body: dto.RemoveParentDto,
    @Call() call: CommandCall,
  ) {
    return this.send(call, familyId, { type: 'RemoveParent', parentId, ...body });
  }

  @Post(':familyId/pupils')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  @ApiOperation({
    summary: 'Link a pupil to the family (recorded on both the family and the pupil)',
  })
  async linkPupil(
    @Param() { familyId }: dto.FamilyIdParam,
    @Body() { pupilId, linkedOn }: dto.LinkPupilDto,
    @Call() call: CommandCall,
  ) {
    // The caller must be able to work on the family and the pupil. The pupil records the link
    // first: its rule (one family at a time) is the one that can refuse, so a refusal leaves
    // nothing written. Then the family; both are idempotent, so sending the link again completes
    // one cut short between the two writes.
    await this.checkAccess(call.principal, await this.queries.execute(new GetFamily(familyId)));
    await this.queries.execute(
      new GetPupilJourney(pupilId, (scope) => canAccessCase(call.principal, scope)),
    );
    const metadata = metadataOf(call.principal, call.request);
    const pupil = await this.commands.execute(
      new ExecutePupilCommand(pupilId, { type: 'LinkToFamily', familyId, linkedOn }, metadata, {
        access: accessFor(call.principal),
      }),
    );
    const family = await this.commands.execute(
      new ExecuteFamilyCommand(familyId, { type: 'LinkPupil', pupilId, linkedOn }, metadata),
    );
    // The pupil's revision; the later of the two positions, for read-your-writes.
    return writeResult(call.response, {
      revision: pupil.revision,
      position: family.position ?? pupil.position,
    });
  }

  @Post(':familyId/plans')
  @ApiWriteResult(['planId'])
  @RequireCapability('case.record')
  plan(
    @Param() { familyId }: dto.FamilyIdParam,
    @Body() body: dto.FamilyPlanDto,
    @Call() call: CommandCall,
  ) {
    const planId = call.newId();
    return this.send(
      call,
      familyId,
      { type: 'RecordFamilyPlan', planId, ...body },
      {
        planId,
      },
    );
  }

  @Post(':familyId/plans/:planId/targets')
  @ApiWriteResult(['targetId'])
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Set a SMART attendance target in a plan for a child of the family: a rate to reach by a date, from the rate now, with actions each owned and due',
  })
  target(
    @Param() { familyId, planId }: dto.PlanParam,
    @Body() body: dto.SetPlanTargetDto,
    @Call() call: CommandCall,
  ) {
    const targetId = call.newId();
    return this.send(
      call,
      familyId,
      { type: 'SetPlanTarget', planId, targetId, ...body },
      { targetId },
    );
  }

  @Post(':familyId/plans/:planId/targets/:targetId/reviews')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('case.record')
  @ApiOperation({
    summary:
      'Review a target with the attendance measured: met, partly met or not met is worked out from the figures',
  })
  reviewTarget(
    @Param() { familyId, planId, targetId }: dto.PlanTargetParam,
    @Body() body: dto.ReviewPlanTargetDto,
    @Call() call: CommandCall,
  ) {
    return this.send(call, familyId, { type: 'ReviewPlanTarget', planId, targetId, ...body });
  }
}
