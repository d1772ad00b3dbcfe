import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  CaseNotFound,
  ERASED,
  ExecutePersonCommand,
  GetPupilJourney,
  PersonalDetailsReader,
  PersonMembershipsReader,
  PersonRequest,
  PersonView,
  Principal,
  renderSubjectAccessHtml,
  requirePurpose,
  SubjectAccess,
} from '@app/application';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { etagOf, expectedRevisionFrom, writeResult } from '../common/revision-headers';
import { ApiWriteResult } from '../operations/openapi';
import { PersonAccess } from './person-access';
import * as dto from './people.dto';
import { preferredType } from '../common/http-headers';

const detailsOf = (body: dto.PersonalDetailsDto) => ({
  givenName: body.givenName,
  familyName: body.familyName,
  address: { lines: body.address.lines, town: body.address.town, postcode: body.address.postcode },
  ...(body.email !== undefined && { email: body.email }),
  ...(body.phone !== undefined && { phone: body.phone }),
});

/**
 * People: pupils and parents or carers with their names, addresses and contact details, held
 * encrypted under a key of their own (README, "Personal data"). A pupil's person id is their
 * pupil id; a parent's is the id the families know them by (`POST /families/{id}/parents` with
 * `personId` puts the same person in another family).
 */
@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: PersonAccess,
    private readonly people: PersonalDetailsReader,
    private readonly memberships: PersonMembershipsReader,
    private readonly subjectAccess: SubjectAccess,
  ) {}

  private async send(call: CommandCall, request: PersonRequest, created?: Record<string, string>) {
    const result = await this.commands.execute(
      new ExecutePersonCommand(request, metadataOf(call.principal, call.request), {
        expectedRevision: expectedRevisionFrom(call.ifMatch),
      }),
    );
    return { ...created, ...writeResult(call.response, result) };
  }

  @Post()
  @ApiWriteResult(['personId'])
  @RequireCapability('case.record')
  @ApiOperation({ summary: 'Record a pupil or a parent or carer with their personal details' })
  async record(@Body() body: dto.RecordPersonDto, @Call() call: CommandCall) {
    let personId: string;
    if (body.kind === 'pupil') {
      personId = body.pupilId!;
      await this.queries.execute(new GetPupilJourney(personId, accessFor(call.principal)));
    } else personId = call.newId();
    call.response.header('Location', `/people/${personId}`);
    return this.send(
      call,
      {
        type: 'RecordPerson',
        personId,
        kind: body.kind,
        details: detailsOf(body),
        recordedOn: body.recordedOn,
      },
      { personId },
    );
  }

  @Get(':personId')
  @RequireCapability('case.read')
  @ApiOperation({
    summary: "A person's details, opened at read time ([erased] once erased), and their families",
  })
  async get(
    @Param() { personId }: dto.PersonIdParam,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const person = await this.access.check(p, personId);
    res.header('ETag', etagOf(person.revision));
    return { ...personJson(person), families: await this.memberships.familiesOf(personId) };
  }

  @Put(':personId/details')
  @ApiWriteResult()
  @RequireCapability('case.record')
  @ApiOperation({ summary: "Correct a person's details (the correction and its reason are kept)" })
  async correct(
    @Param() { personId }: dto.PersonIdParam,
    @Body() body: dto.CorrectPersonDto,
    @Call() call: CommandCall,
  ) {
    await this.access.check(call.principal, personId);
    return this.send(call, {
      type: 'CorrectPersonDetails',
      personId,
      details: detailsOf(body),
      reason: body.reason,
      correctedOn: body.correctedOn,
    });
  }

  @Post(':personId/erasure')
  @ApiWriteResult()
  @HttpCode(200)
  @RequireCapability('people.erase')
  @ApiOperation({
    summary:
      "Erase a person's details: the erasure is recorded with its reason, then their key destroyed",
  })
  async erase(
    @Param() { personId }: dto.PersonIdParam,
    @Body() body: dto.ErasePersonDto,
    @Call() call: CommandCall,
  ) {
    if (!(await this.people.of(personId))) throw new CaseNotFound('person');
    return this.send(call, { type: 'ErasePerson', personId, ...body });
  }

  @Get(':personId/subject-access')
  @RequireCapability('people.subject-access')
  @ApiProduces('application/json', 'text/html')
  @ApiOperation({
    summary:
      'Subject access (UK GDPR art 15): everything held about a person (their record, families, every event that mentions them, every read of their family’s history), as JSON or, with Accept: text/html, a readable page; recorded in the access log with its purpose',
  })
  async subjectAccessExport(
    @Param() { personId }: dto.PersonIdParam,
    @Query() q: dto.SubjectAccessQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ) {
    const purpose = requirePurpose(q.purpose);
    const html = preferredType(request, ['application/json', 'text/html']) === 'text/html';
    const sar = await this.subjectAccess.export(
      principal,
      personId,
      purpose,
      typeof request.id === 'string' ? request.id : undefined,
    );
    res.header('Cache-Control', 'no-store');
    res.header('Vary', 'Accept');
    if (!html) return sar;
    res.type('text/html; charset=utf-8');
    res.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return renderSubjectAccessHtml(sar);
  }
}

/** A person as the API shows them: each personal field, or "[erased]". */
export function personJson(person: PersonView) {
  const { personId, kind, status, recordedOn } = person;
  if (person.status === 'erased')
    return {
      personId,
      kind,
      status,
      recordedOn,
      givenName: ERASED,
      familyName: ERASED,
      address: ERASED,
      email: ERASED,
      phone: ERASED,
      ...(person.erasure && { erasure: person.erasure }),
    };
  return {
    personId,
    kind,
    status,
    recordedOn,
    ...(person.correctedOn && { correctedOn: person.correctedOn }),
    ...person.details,
  };
}
