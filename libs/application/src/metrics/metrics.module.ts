import {
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Scheduler } from '@app/jobs';
import type { Projector } from '@app/read-models';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/config';
import { REGISTER_IMPORTS_QUEUE } from '../imports/register-imports';
import { MEETINGS_QUEUE } from '../meetings/targeting-support-meetings';
import { DEADLINES_QUEUE } from '../process-managers/deadlines.process-manager';
import { EVENT_FEED_QUEUE } from '../event-feed/webhook-delivery';
import { APP_CONFIG, PROJECTOR, SCHEDULER } from '../tokens';
import { Metrics, outcomeOf } from './metrics';

/** The queues whose depth is reported. */
const QUEUES = [REGISTER_IMPORTS_QUEUE, DEADLINES_QUEUE, MEETINGS_QUEUE, EVENT_FEED_QUEUE];

/**
 * Counts every command sent through the CommandBus by outcome: the bus has no hook of its own, so
 * its `execute` is wrapped once, here, for the whole process (HTTP commands and jobs alike).
 */
@Injectable()
export class CommandOutcomes implements OnModuleInit {
  constructor(
    private readonly bus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus);
    const counter = this.metrics.commands;
    this.bus.execute = (async (command: object) => {
      // The domain command (RegisterPupil, IssuePenaltyNotice…) where the bus command carries one.
      const inner = (command as { command?: { type?: unknown } }).command?.type;
      const name = typeof inner === 'string' ? inner : command.constructor.name;
      try {
        const result = await execute(command as never);
        counter.inc({ command: name, outcome: 'accepted' });
        return result;
      } catch (error) {
        counter.inc({ command: name, outcome: outcomeOf(error) });
        throw error;
      }
    }) as CommandBus['execute'];
  }
}

/**
 * GET /metrics on METRICS_PORT (METRICS_HOST, default 127.0.0.1), unauthenticated: a listener of
 * its own that the API's port never serves, so publishing the API does not publish the metrics.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: http.Server | undefined;
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const where = this.config.operations.metrics;
    if (!where) return;
    const registry = this.metrics.registry;
    const server = http.createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where.port, where.host, () => resolve());
    });
    this.server = server;
    this.logger.log({ port: this.port, host: where.host }, 'metrics served at /metrics');
  }

  /** The port listened on (METRICS_PORT; tests may ask for an ephemeral one). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

@Module({
  providers: [
    {
      provide: Metrics,
      inject: [PROJECTOR, SCHEDULER],
      useFactory: (projector: Projector, scheduler: Scheduler) =>
        new Metrics({
          projectionLags: async () =>
            (await projector.status()).map((s) => ({
              projection: s.projection,
              lag: Number(s.lag),
            })),
          queueDepths: () =>
            Promise.all(
              QUEUES.map(async (queue) => ({ queue, depth: await scheduler.depth(queue) })),
            ),
        }),
    },
    CommandOutcomes,
    MetricsServer,
  ],
  exports: [Metrics, MetricsServer],
})
export class MetricsModule {}
