import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, REDIS } from '@app/application';
import type { EventStore } from '@app/event-store';
import type Redis from 'ioredis';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: the event store answers a read, and Redis a PING when it is configured. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () =>
        this.check('eventStore', async () => {
          for await (const _ of this.store.readAll({ direction: 'backwards', maxCount: 1 })) break;
        }),
      ...(this.redis
        ? [() => this.check('redis', async () => void (await this.redis!.ping()))]
        : []),
    ]);
  }

  private async check(key: string, probe: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await probe();
      return indicator.up();
    } catch (error) {
      // The error's class only: messages from drivers can carry connection strings.
      return indicator.down({ error: (error as Error).name });
    }
  }
}
