import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Retention } from '@app/application';
import { DEFAULT_RETENTION_POLICY } from '@app/domain';
import { IsOptional } from 'class-validator';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { metadataOf } from '../common/command-context';
import { IntegerBetween } from '../common/validators';
import { writeResult } from '../common/revision-headers';
import { ApiWriteResult } from '../operations/openapi';
import { PupilIdParam } from '../pupils/pupil.params';
import { Idempotent } from '../common/idempotency.interceptor';

const years = (example: number, description: string) =>
  ApiPropertyOptional({ example, minimum: 1, maximum: 100, description });

export class RetentionPolicyDto {
  @years(DEFAULT_RETENTION_POLICY.closedCasesYears, 'Years after a case is closed')
  @IsOptional()
  @IntegerBetween(1, 100)
  closedCasesYears?: number;
  @years(DEFAULT_RETENTION_POLICY.attendanceRegistersYears, "Years after the pupil's last register")
  @IsOptional()
  @IntegerBetween(1, 100)
  attendanceRegistersYears?: number;
  @years(DEFAULT_RETENTION_POLICY.noticesYears, 'Years after a notice was settled')
  @IsOptional()
  @IntegerBetween(1, 100)
  noticesYears?: number;
  @years(DEFAULT_RETENTION_POLICY.prosecutionsYears, "Years after a prosecution's outcome")
  @IsOptional()
  @IntegerBetween(1, 100)
  prosecutionsYears?: number;
}

/**
 * The LA's retention policy, the review of closed cases past it (a daily job; on demand here), and
 * the erasure an administrator confirms for one case (README, "Personal data").
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/retention')
export class RetentionController {
  constructor(private readonly retention: Retention) {}

  @Get('policy')
  @RequireCapability('admin.configure')
  @ApiOperation({ summary: "The LA's retention periods (the documented defaults until adopted)" })
  async policy() {
    return { policy: await this.retention.policy(), defaults: DEFAULT_RETENTION_POLICY };
  }

  @Put('policy')
  @ApiWriteResult()
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary: "Adopt the LA's retention periods (those left out keep their defaults)",
  })
  async adopt(@Body() body: RetentionPolicyDto, @Call() call: CommandCall) {
    const result = await this.retention.adopt(
      { type: 'AdoptRetentionPolicy', policy: body },
      metadataOf(call.principal, call.request),
    );
    return writeResult(call.response, result);
  }

  @Get('review')
  @RequireCapability('people.erase')
  @ApiOperation({
    summary:
      'The closed cases past retention, as the daily review last listed them, each with whose details confirming would erase and who is kept and why',
  })
  async latest() {
    return (await this.retention.latest()) ?? { reviewedOn: null, cases: [] };
  }

  @Post('review')
  @Idempotent()
  @HttpCode(200)
  @RequireCapability('people.erase')
  @ApiOperation({ summary: 'Review the closed cases against the retention policy now' })
  review() {
    return this.retention.review();
  }

  @Post('cases/:pupilId/erasure')
  @Idempotent()
  @HttpCode(200)
  @RequireCapability('people.erase')
  @ApiOperation({
    summary:
      "Confirm the erasure of a case past retention: the pupil's and its parents' personal details (each a PersonErased event with the policy as its reason)",
  })
  confirm(@Param() { pupilId }: PupilIdParam, @Call() call: CommandCall) {
    return this.retention.confirm(pupilId, metadataOf(call.principal, call.request));
  }
}
