import { Body, Controller, Get, Headers, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiWriteResult } from '../operations/openapi';
import { AdoptCodeOfConduct, GetCodeOfConduct, Principal } from '@app/application';
import { SCHOOL_WEEK_BASES, SchoolWeekBasis } from '@app/domain';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  Matches,
  Max,
  Min,
  IsIn,
  IsOptional,
} from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { metadataOf } from '../common/command-context';
import { etagOf, expectedRevisionFrom, writeResult } from '../common/revision-headers';
import { IntegerBetween, IsCalendarDate } from '../common/validators';

export class CodeOfConductDto {
  @ApiProperty({ example: 'kent-2025-09-01' })
  @Matches(/^[a-z0-9][a-z0-9.-]{2,63}$/, {
    message: 'version must be 3 to 64 lower-case letters, digits, dots or hyphens',
  })
  version!: string;
  @ApiProperty({ example: 6, minimum: 3, maximum: 6 })
  @IntegerBetween(3, 6)
  noticeToImproveWeeks!: number;
  @ApiProperty({ example: 2 }) @IntegerBetween(0, 10) presumedServiceWorkingDays!: number;
  @ApiProperty({ example: 5 }) @IntegerBetween(1, 20) nCodeReplacementSchoolDays!: number;
  @ApiProperty({ example: 6 }) @IntegerBetween(1, 12) contractReviewWeeks!: number;
  @ApiProperty({ example: 0.9 }) @IsNumber() @Min(0.01) @Max(0.99) lowAttendanceRate!: number;
  @ApiProperty({
    example: ['2025-12-24'],
    description:
      'Local closures that are not working days, added to the England and Wales bank holidays (which always apply)',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsCalendarDate({ each: true })
  bankHolidays!: string[];
  @ApiPropertyOptional({
    enum: SCHOOL_WEEK_BASES,
    description: 'What makes a week a school week for the national threshold',
  })
  @IsOptional()
  @IsIn(SCHOOL_WEEK_BASES)
  schoolWeekBasis?: SchoolWeekBasis;
}

/** The local code of conduct: what an LA decides within the national framework (administrators only). */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/code-of-conduct')
export class CodeOfConductController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequireCapability('admin.configure')
  async get(@Res({ passthrough: true }) res: Response) {
    const { codeOfConduct, revision } = await this.queries.execute(new GetCodeOfConduct());
    if (revision !== undefined) res.header('ETag', etagOf(revision));
    return codeOfConduct;
  }

  @Put()
  @ApiWriteResult()
  @RequireCapability('admin.configure')
  async adopt(
    @Body() body: CodeOfConductDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.execute(
      new AdoptCodeOfConduct(body, metadataOf(p, req), expectedRevisionFrom(ifMatch)),
    );
    return writeResult(res, result);
  }
}
