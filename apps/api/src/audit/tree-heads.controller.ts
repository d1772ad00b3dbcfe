import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TransparencyLogHost } from '@app/application';
import type { SignedTreeHead } from '@app/transparency-log';
import { RequireCapability } from '../auth/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';

/**
 * Signed tree heads over the transparency log: sign one now (before an export, a hearing, an
 * audit), and export them all with the public key, to be kept where the database's
 * administrators cannot reach (`npm run audit:verify -- --heads <file>` checks the log against them).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/tree-heads')
export class TreeHeadsController {
  constructor(private readonly host: TransparencyLogHost) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @RequireCapability('audit.tree-heads')
  sign(): Promise<SignedTreeHead> {
    return this.host.treeHeads.sign();
  }

  @Get()
  @RequireCapability('audit.tree-heads')
  exported() {
    return this.host.treeHeads.exported();
  }
}
