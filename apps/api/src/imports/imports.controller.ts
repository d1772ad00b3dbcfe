import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  PayloadTooLargeException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig, type Principal } from '@app/application';
import { ImportReports } from '@app/application/imports/import-reports';
import {
  EmptyRegisterFile,
  RegisterFileTooLarge,
  RegisterImports,
} from '@app/application/imports/register-imports';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { ID_PATTERN } from '../common/validators';
import { bodyStream } from '../common/request-body';
import { Idempotent } from '../common/idempotency.interceptor';

export class ImportParam {
  @Matches(/^register-[0-9a-f]{32}$/, { message: 'importId must be an import id' })
  importId!: string;
}

export class RegisterImportQuery {
  @IsOptional() @Matches(ID_PATTERN, { message: 'school must be a school id' }) school?: string;
}

export class RejectsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_=+/-]{1,500}$/) cursor?: string;
}

/** Rejects shown inline in an import's report; the rest are paged at /rejects. */
const INLINE_REJECTS = 1000;

/** School registers in, reports out (docs/imports.md). */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  private readonly maxBytes: number;

  constructor(
    private readonly imports: RegisterImports,
    private readonly reports: ImportReports,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxBytes = config.operations.maxRegisterUploadBytes;
  }

  @Post('registers')
  @Idempotent()
  @HttpCode(202)
  @RequireCapability('imports.run')
  @ApiOperation({
    summary: 'Import a school register (CSV, one row per pupil per day); returns the import id',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'upn,school,date,am,pm\n...' } })
  async register(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query() query: RegisterImportQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/xml' || type === 'text/xml')
      throw new UnsupportedMediaTypeException(
        'Common Transfer File (CTF) registers are not imported yet: the attendance section of the current DfE CTF specification could not be obtained, so no format is guessed under its name. Send the register as text/csv (docs/imports.md).',
      );
    if (type !== 'text/csv')
      throw new UnsupportedMediaTypeException(
        'Send the register as text/csv, one row per pupil per day (docs/imports.md).',
      );
    const declared = Number(request.headers['content-length']);
    if (declared > this.maxBytes)
      throw new PayloadTooLargeException(new RegisterFileTooLarge(this.maxBytes).message);
    try {
      const received = await this.imports.receive(bodyStream(request), {
        actor: principal.userId,
        role: principal.role,
        schoolId: query.school ?? null,
      });
      response.header('Location', `/imports/${received.importId}`);
      return {
        importId: received.importId,
        created: received.created,
        status: received.report.status,
      };
    } catch (error) {
      if (error instanceof EmptyRegisterFile) throw new BadRequestException(error.message);
      if (error instanceof RegisterFileTooLarge) {
        // The rest of the body is not read: close the connection once the answer is sent.
        response.header('Connection', 'close');
        throw new PayloadTooLargeException(error.message);
      }
      throw error;
    }
  }

  @Get(':importId')
  @RequireCapability('imports.run')
  @ApiOperation({ summary: "An import's status, progress, counts and rejects" })
  async report(@Param() { importId }: ImportParam) {
    const report = await this.reports.get(importId);
    if (!report) throw new NotFoundException(`There is no import ${importId}.`);
    const rejects = await this.reports.rejects(importId, INLINE_REJECTS);
    return {
      ...report,
      rejects: rejects.items.map(({ line, kind, reason }) => ({ line, kind, reason })),
      moreRejects: rejects.nextCursor !== undefined,
    };
  }

  @Get(':importId/rejects')
  @RequireCapability('imports.run')
  @ApiOperation({ summary: "An import's rejects in line order, paged" })
  async rejects(@Param() { importId }: ImportParam, @Query() query: RejectsQuery) {
    if (!(await this.reports.get(importId)))
      throw new NotFoundException(`There is no import ${importId}.`);
    const page = await this.reports.rejects(importId, query.limit ?? 100, query.cursor);
    return {
      items: page.items.map(({ line, kind, reason }) => ({ line, kind, reason })),
      nextCursor: page.nextCursor ?? null,
    };
  }
}
