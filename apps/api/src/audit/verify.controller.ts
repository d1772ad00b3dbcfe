import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  AuditReport,
  EVENT_STORE,
  TRANSPARENCY_LOG,
  TREE_HEAD_SIGNER,
  verifyAudit,
  verifyStream,
} from '@app/application';
import type { EventStore } from '@app/event-store';
import type { SqliteTransparencyLog, TreeHeadSigner } from '@app/transparency-log';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RequireCapability } from '../auth/auth.decorators';

export class StreamParam {
  @ApiProperty({ example: 'pupil-3f0c…' })
  @Matches(/^(pupil|family|settings|audit)-[A-Za-z0-9_-]{1,64}$/, {
    message: 'streamId must be a pupil-, family-, settings- or audit- stream',
  })
  streamId!: string;
}

export class VerifyQuery {
  @ApiPropertyOptional({
    enum: ['pupil-', 'family-', 'settings-', 'audit-'],
    description: "Report only these streams' findings (and the log's own).",
  })
  @IsOptional()
  @IsIn(['pupil-', 'family-', 'settings-', 'audit-'])
  prefix?: string;
}

/**
 * Tamper evidence: the whole store against the transparency log and its signed tree heads, and
 * each stream's hash chain (`npm run audit:verify` does the same from the command line).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/verify')
export class VerifyController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSPARENCY_LOG) private readonly log: SqliteTransparencyLog,
    @Inject(TREE_HEAD_SIGNER) private readonly signer: TreeHeadSigner,
  ) {}

  @Get()
  @RequireCapability('audit.access-log')
  async all(@Query() { prefix }: VerifyQuery): Promise<AuditReport> {
    const report = await verifyAudit(this.store, this.log, {
      publicKeyPem: this.signer.publicKeyPem,
    });
    if (!prefix) return report;
    const mine = (streamId: string | undefined) => !streamId || streamId.startsWith(prefix);
    const findings = report.findings.filter((f) => mine(f.streamId));
    const brokenLinks = report.brokenLinks.filter((b) => mine(b.streamId));
    return { ...report, findings, brokenLinks, ok: !findings.length && !brokenLinks.length };
  }

  /** One stream's hash chain (the transparency log is checked whole, above). */
  @Get(':streamId')
  @RequireCapability('audit.history')
  stream(@Param() { streamId }: StreamParam) {
    return verifyStream(this.store, streamId);
  }
}
