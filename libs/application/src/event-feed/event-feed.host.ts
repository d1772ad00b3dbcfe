import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import type { Scheduler } from '@app/jobs';
import { AccessLog } from '../audit/access-log';
import type { AppConfig } from '../config/config';
import { APP_CONFIG, CLOCK, Clock, SCHEDULER } from '../tokens';
import { FeedReader } from './feed-reader';
import { Subscriptions } from './subscriptions';
import { DeliveryPayload, EVENT_FEED_QUEUE, WebhookDelivery } from './webhook-delivery';

/**
 * Runs webhook delivery wherever the jobs run (the api on the embedded default, the worker
 * otherwise): registers the delivery jobs' handler, and every EVENT_FEED_POLL_MS looks for active
 * subscriptions with events waiting and no delivery job holding them, and schedules one.
 */
@Injectable()
export class EventFeedHost
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly delivery: WebhookDelivery;
  private readonly logger = new Logger('EventFeed');
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    private readonly subscriptions: Subscriptions,
    reader: FeedReader,
    accessLog: AccessLog,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.delivery = new WebhookDelivery({
      config,
      scheduler,
      subscriptions,
      reader,
      accessLog,
      clock,
      onDeadLetter: (subscriptionId, eventId, sequence) =>
        this.logger.warn({ subscriptionId, eventId, sequence }, 'webhook event dead-lettered'),
    });
  }

  private get runsHere(): boolean {
    return this.config.projections.runInProcess;
  }

  onModuleInit(): void {
    if (!this.runsHere) return;
    this.scheduler.registerHandler<DeliveryPayload>(
      EVENT_FEED_QUEUE,
      (job) => this.delivery.deliver(job.id, job.payload, job.attempt),
      { concurrency: 4 },
    );
  }

  onApplicationBootstrap(): void {
    if (this.runsHere) this.schedulePoll(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  private schedulePoll(ms: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.polling = this.dispatch()
        .catch((error: unknown) =>
          this.logger.warn(
            { err: String(error) },
            'looking for events to deliver failed; retrying',
          ),
        )
        .finally(() => this.schedulePoll(this.config.eventFeed.pollMs));
    }, ms);
  }

  /** For each active subscription with events waiting and no job holding it: a delivery job. */
  async dispatch(): Promise<void> {
    for (const subscription of await this.subscriptions.all()) {
      if (this.stopping) return;
      if (await this.subscriptions.suspended(subscription)) continue;
      const holder = await this.subscriptions.heldBy(subscription.subscriptionId);
      if (holder) {
        const job = await this.scheduler.getJob(EVENT_FEED_QUEUE, holder);
        if (job && (job.state === 'scheduled' || job.state === 'running')) continue;
      }
      const delivered = await this.subscriptions.delivered(subscription.subscriptionId);
      await this.delivery.scheduleFrom(subscription, delivered);
    }
  }
}
