import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  HttpException,
  Inject,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock, validationPipe } from '@app/application';
import {
  CaseImporter,
  CaseImportStep,
  CaseImportStepRefused,
} from '@app/application/imports/case-import';
import { toProblem } from '@app/application/http/problem-details.filter';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { metadataOf } from '../common/command-context';
import { ID_PATTERN } from '../common/validators';
import { CaseImportDto, CaseImportStepDto, FAMILY_STEPS, PUPIL_STEPS } from './case-import.dto';
import { Idempotent } from '../common/idempotency.interceptor';

const invalid = (step: number, field: string, message: string) =>
  new BadRequestException({
    type: 'urn:attendance-casework:problem:validation',
    title: 'The request is not valid',
    detail: `Step ${step}: ${message}`,
    code: 'validation',
    errors: [{ field: `steps[${step - 1}].${field}`, messages: [message] }],
  });

/**
 * Bringing an existing case across with its dated history (docs/case-import.md). Every step is
 * checked as the request that records it would be before any is sent, so a malformed document
 * records nothing; then the steps run in order through the command handlers.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports/cases')
export class CaseImportController {
  constructor(
    private readonly importer: CaseImporter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(200)
  @RequireCapability('imports.run')
  @ApiOperation({
    summary:
      'Import an existing case: its commands, each dated the day it happened, run in order; sending it again records nothing twice',
  })
  async import(@Body() body: CaseImportDto, @Call() call: CommandCall) {
    const steps: CaseImportStep[] = [];
    for (const [index, step] of body.steps.entries())
      steps.push(await this.checked(index + 1, step));
    const { actor, role, correlationId } = metadataOf(call.principal, call.request);
    try {
      return await this.importer.run(
        { caseReference: body.caseReference, steps },
        { actor, role, correlationId },
      );
    } catch (error) {
      if (!(error instanceof CaseImportStepRefused)) throw error;
      const problem = toProblem(error.reason);
      throw new HttpException(
        { ...problem, detail: error.message, code: problem.code },
        problem.status >= 500 ? 422 : problem.status,
      );
    }
  }

  /** A step as the endpoint recording its command would take it: the same body, the same checks. */
  private async checked(number: number, step: CaseImportStepDto): Promise<CaseImportStep> {
    if ((step.pupil === undefined) === (step.family === undefined))
      throw invalid(number, 'pupil', 'name either the pupil or the family the command is for.');
    if (step.recordedAt !== undefined && Date.parse(step.recordedAt) > this.clock().getTime())
      throw invalid(
        number,
        'recordedAt',
        `recordedAt (${step.recordedAt}) cannot be in the future.`,
      );
    const { type, ...rest } = step.command;
    const table = step.pupil !== undefined ? PUPIL_STEPS : FAMILY_STEPS;
    const shape = typeof type === 'string' ? table[type] : undefined;
    if (!shape)
      throw invalid(
        number,
        'command.type',
        `a ${step.pupil !== undefined ? 'pupil' : 'family'} step's command.type is one of: ${Object.keys(table).join(', ')}.`,
      );
    const keys: Record<string, string> = {};
    for (const field of shape.keys) {
      const key = rest[field];
      if (typeof key !== 'string' || !ID_PATTERN.test(key))
        throw invalid(
          number,
          `command.${field}`,
          `${type} needs ${field}, a key of letters, digits, - or _.`,
        );
      keys[field] = key;
      delete rest[field];
    }
    let checkedBody: object;
    try {
      checkedBody = (await validationPipe().transform(rest, {
        type: 'body',
        metatype: shape.body,
      })) as object;
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const response = error.getResponse() as {
        detail?: string;
        errors?: { field: string; messages: string[] }[];
      };
      const errors = (response.errors ?? []).map((e) => ({
        ...e,
        field: `steps[${number - 1}].command.${e.field}`,
      }));
      throw new BadRequestException({
        ...response,
        detail: `Step ${number} (${type}): ${errors[0]?.messages[0] ?? response.detail}.`,
        errors,
      });
    }
    const command = { type, ...checkedBody, ...keys } as CaseImportStep['command'];
    return step.pupil !== undefined
      ? { pupil: step.pupil, command: command as never, recordedAt: step.recordedAt }
      : { family: step.family as string, command: command as never, recordedAt: step.recordedAt };
  }
}
