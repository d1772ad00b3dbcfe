import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  AccessLog,
  APP_CONFIG,
  AppConfig,
  CloudEvent,
  FEED_DEFAULT_LIMIT,
  FEED_MAX_LIMIT,
  FeedReader,
  personalClassesFor,
  Principal,
  toCloudEvent,
} from '@app/application';
import { FEED_SEQ_PATTERN } from '@app/read-models';
import { Inject } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';

export class FeedQuery {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page (also every event’s `sequence`); left out, the feed from its beginning',
    example: '00000000000000000042-0',
  })
  @IsOptional()
  @Matches(FEED_SEQ_PATTERN, {
    message: 'after must be a cursor this feed gave (nextCursor or an event’s sequence)',
  })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT })
  @IsOptional()
  // 1 to 500 (FEED_MAX_LIMIT), as digits.
  @Matches(/^(?:[1-9]\d?|[1-4]\d\d|500)$/, {
    message: `limit must be a whole number from 1 to ${FEED_MAX_LIMIT}`,
  })
  limit?: string;
}

export const FEED_PURPOSE = 'Following the public event feed (GET /feed) for a partner system';

/**
 * The pull form of the event feed, for partner systems that cannot receive webhooks: the same
 * CloudEvents as the webhooks, the same scoping by the caller's role and schools, paged by cursor.
 */
@ApiTags('event-feed')
@ApiBearerAuth()
@Controller('feed')
export class FeedController {
  constructor(
    private readonly reader: FeedReader,
    private readonly accessLog: AccessLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireCapability('feed.read')
  @ApiOperation({
    summary:
      'The public events of the pupils your role and schools may see, as CloudEvents 1.0, in feed order after `after`. A page may hold fewer than `limit` events (even none) and still not be the end: go on with `nextCursor` until `caughtUp` is true, then poll with it. Personal fields your role may not see are left out. Every page with events is recorded in the access log.',
  })
  async feed(
    @Query() q: FeedQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request & { id?: unknown },
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: CloudEvent[]; nextCursor: string | null; caughtUp: boolean }> {
    const limit = q.limit === undefined ? FEED_DEFAULT_LIMIT : Number(q.limit);
    const page = await this.reader.page(principal, q.after ?? null, limit);
    if (page.entries.length > 0)
      await this.accessLog.record(
        principal,
        {
          kind: 'event-feed',
          purpose: FEED_PURPOSE,
          details: {
            from: page.entries[0].seq,
            to: page.entries[page.entries.length - 1].seq,
            events: String(page.entries.length),
          },
        },
        typeof request.id === 'string' ? request.id : undefined,
      );
    res.header('Cache-Control', 'no-store');
    const classes = personalClassesFor(principal);
    return {
      items: page.entries.map((e) => toCloudEvent(e, this.config.eventFeed.source, classes)),
      nextCursor: page.cursor,
      caughtUp: page.caughtUp,
    };
  }
}
