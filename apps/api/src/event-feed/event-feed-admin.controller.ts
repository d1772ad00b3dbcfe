import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { EventFeedAdmin, Principal, ROLES, Role } from '@app/application';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import { ID_PATTERN } from '../common/validators';
import { Idempotent } from '../common/idempotency.interceptor';

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://mis.example-school.org.uk/attendance-events' })
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiProperty({
    enum: ROLES,
    description:
      'The role the subscriber receives events in: it decides whose events (with `schoolIds`) and which personal fields',
  })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    example: ['school-1042'],
    description: 'The schools of a school-scoped role',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(ID_PATTERN, { each: true, message: 'each school id must be an id' })
  schoolIds?: string[];

  @ApiPropertyOptional({
    description: 'The user a role scoped by allocation acts as (a link worker’s allocated cases)',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'userId must be an id' })
  userId?: string;

  @ApiPropertyOptional({ enum: ['now', 'beginning'], default: 'now' })
  @IsOptional()
  @IsIn(['now', 'beginning'])
  startAt?: 'now' | 'beginning';
}

export class SubscriptionParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() subscriptionId!: string;
}

export class DeadLetterParam {
  @ApiProperty({ example: '3f0c…-g0' })
  @Matches(/^[0-9a-f-]{36}-g\d{1,9}$/, { message: 'deadLetterId must be a dead letter’s id' })
  deadLetterId!: string;
}

export class DeadLetterQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() subscriptionId?: string;
}

/**
 * The event feed's webhook subscriptions and dead letters (administrators only). The secret a
 * receiver verifies signatures with is returned once, when the subscription is created.
 */
@ApiTags('event-feed')
@ApiBearerAuth()
@Controller('admin/event-feed')
export class EventFeedAdminController {
  constructor(private readonly admin: EventFeedAdmin) {}

  @Post('subscriptions')
  @Idempotent()
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary:
      'Subscribes a partner system’s webhook: it receives the public events its role and schools may see, signed with the secret returned here (only here).',
  })
  create(@Body() body: CreateSubscriptionDto, @CurrentPrincipal() principal: Principal) {
    return this.admin.create(principal, {
      url: body.url,
      role: body.role,
      schoolIds: body.schoolIds ?? [],
      userId: body.userId,
      startAt: body.startAt ?? 'now',
    });
  }

  @Get('subscriptions')
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary: 'Every subscription, its status and how far delivery has got (no secrets).',
  })
  list() {
    return this.admin.list();
  }

  @Delete('subscriptions/:subscriptionId')
  @Idempotent()
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary: 'Ends a subscription and drops its dead letters: nothing more is delivered to it.',
  })
  async remove(@Param() { subscriptionId }: SubscriptionParam) {
    await this.admin.remove(subscriptionId);
    return { subscriptionId, removed: true };
  }

  @Get('dead-letters')
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary:
      'Events whose delivery failed every attempt; each has suspended its subscription, whose later events wait.',
  })
  deadLetters(@Query() q: DeadLetterQuery) {
    return this.admin.deadLetters(q.subscriptionId);
  }

  @Post('dead-letters/:deadLetterId/replay')
  @Idempotent()
  @HttpCode(200)
  @RequireCapability('admin.configure')
  @ApiOperation({
    summary:
      'Delivers the dead-lettered event again and resumes its subscription from it, in order.',
  })
  replay(@Param() { deadLetterId }: DeadLetterParam) {
    return this.admin.replay(deadLetterId);
  }
}
