import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, verifyStore, verifyStream } from '@app/application';
import type { EventStore } from '@app/event-store';
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
  @ApiPropertyOptional({ enum: ['pupil-', 'family-', 'settings-', 'audit-'] })
  @IsOptional()
  @IsIn(['pupil-', 'family-', 'settings-', 'audit-'])
  prefix?: string;
}

/** Tamper evidence: walk the hash chains and report the first broken link of each stream. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/verify')
export class VerifyController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @RequireCapability('audit.access-log')
  all(@Query() { prefix }: VerifyQuery) {
    return verifyStore(this.store, prefix ? [prefix] : []);
  }

  @Get(':streamId')
  @RequireCapability('audit.history')
  stream(@Param() { streamId }: StreamParam) {
    return verifyStream(this.store, streamId);
  }
}
