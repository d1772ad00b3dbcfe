import {
  BadRequestException,
  Controller,
  HttpCode,
  PayloadTooLargeException,
  Post,
  Req,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaymentsImport, UnreadablePaymentsFile } from '@app/application';
import type { Request } from 'express';
import { readWholeBody } from '../common/request-body';
import { RequireCapability } from '../auth/auth.decorators';
import { Call, CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { Idempotent } from '../common/idempotency.interceptor';

/** A payment provider's file is a few thousand lines at most; 5 MB leaves ample room. */
const MAX_BYTES = 5 * 1024 * 1024;

const tooLarge = (): never => {
  throw new PayloadTooLargeException(
    `A payments file may be at most ${MAX_BYTES / 1024 / 1024} MB; split it and send each part.`,
  );
};

/** Penalty-notice payments from the payment provider (docs/payments-import.md). */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class PaymentsImportController {
  constructor(private readonly payments: PaymentsImport) {}

  @Post('payments')
  @Idempotent()
  @HttpCode(200)
  @RequireCapability('case.enforce')
  @ApiOperation({
    summary:
      "Record the payment provider's penalty-notice payments (CSV: notice_reference,amount,date_paid); the report lists every line not matched, with its line number and why",
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'notice_reference,amount,date_paid\n3f0c9a52-7d7e-4a51-9a8e-1c2b3d4e5f60,80,2025-05-12',
    },
  })
  async import(@Req() request: Request, @Call() call: CommandCall) {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv')
      throw new UnsupportedMediaTypeException(
        'Send the payments file as text/csv with the columns notice_reference,amount,date_paid (docs/payments-import.md).',
      );
    const csv = (await readWholeBody(request, MAX_BYTES, tooLarge)).toString('utf8');
    try {
      return await this.payments.import(
        csv,
        metadataOf(call.principal, call.request),
        accessFor(call.principal),
      );
    } catch (error) {
      if (error instanceof UnreadablePaymentsFile) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
