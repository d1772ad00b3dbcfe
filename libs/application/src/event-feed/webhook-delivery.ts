/**
 * Webhook delivery, as jobs on the scheduler (BullMQ or in-process). One job at a time holds a
 * subscription: it posts the subscriber's next events in feed order, one CloudEvent per request,
 * moving the subscription's checkpoint after each 2xx answer, until it has caught up or its time
 * slice is used, then hands over to the next job. A failure with nothing delivered in the attempt is thrown, so the scheduler retries
 * the job with exponential backoff; after the last attempt the event is dead-lettered and the
 * subscription suspended, its later events waiting (in order) until an administrator replays it.
 * At least once: a crash between a 2xx and the checkpoint sends that event again, with the same
 * `webhook-id` and CloudEvent `id`, for the receiver to recognise.
 */
import type { Scheduler } from '@app/jobs';
import type { FeedEntry } from '@app/read-models';
import type { AppConfig } from '../config/config';
import type { AccessLog } from '../audit/access-log';
import type { Principal } from '../auth/roles';
import { CLOUDEVENTS_CONTENT_TYPE, toCloudEvent } from './cloud-event';
import { personalClassesFor } from './feed-access';
import type { FeedReader } from './feed-reader';
import { deadLetterId, seqToCheckpoint, Subscription, Subscriptions } from './subscriptions';
import { signatureHeaders } from './webhook-signature';

export const EVENT_FEED_QUEUE = 'event-feed';
export const DELIVER_EVENTS = 'deliver-events';
/** Events read from the feed at a time. */
export const DELIVERY_PAGE = 100;
/** How long one job delivers before handing over to the next (so other subscriptions get their turn). */
export const DELIVERY_SLICE_MS = 5_000;
export const WEBHOOK_PURPOSE =
  'Webhook delivery of the public event feed to a partner system an administrator subscribed';

export interface DeliveryPayload {
  subscriptionId: string;
  generation: number;
  /** The last entry delivered when the job was scheduled (null: none yet). */
  after: string | null;
  /** The first entry it is to deliver (or pass over): what makes the job's id new each round. */
  first: string;
}

/**
 * Deterministic, and new for every round of delivery: a subscription's checkpoint only moves
 * forwards, so within one generation a first entry is never pending twice.
 */
export const deliveryJobId = (
  p: Pick<DeliveryPayload, 'subscriptionId' | 'generation' | 'first'>,
): string => `deliver-${p.subscriptionId}-g${p.generation}-${seqToCheckpoint(p.first)}`;

/** The principal a subscription receives events as: its role and scope, never a person. */
export const subscriberPrincipal = (s: Subscription): Principal => ({
  userId: s.userId,
  role: s.role,
  schoolIds: s.schoolIds,
});

export class DeliveryFailed extends Error {
  constructor(reason: string) {
    super(`Webhook delivery failed: ${reason}`);
    this.name = 'DeliveryFailed';
  }
}

export interface DeliveryDeps {
  config: AppConfig;
  scheduler: Scheduler;
  subscriptions: Subscriptions;
  reader: FeedReader;
  accessLog: AccessLog;
  clock: () => Date;
  /** Told of dead letters (ids only). */
  onDeadLetter?: (subscriptionId: string, eventId: string, sequence: string) => void;
}

export class WebhookDelivery {
  constructor(private readonly d: DeliveryDeps) {}

  /**
   * Schedules the job that delivers on from `after` (when the subscriber has anything after it)
   * and marks the subscription held by it. Answers whether there was anything to deliver.
   */
  async scheduleFrom(
    subscription: Subscription,
    after: string | null,
    first?: string,
    runAt?: Date,
  ): Promise<boolean> {
    if (first === undefined) {
      const peek = await this.d.reader.page(subscriberPrincipal(subscription), after, 1);
      const next = peek.entries[0]?.seq ?? (peek.cursor !== after ? peek.cursor : null);
      if (next === null) return false;
      first = next;
    }
    const payload: DeliveryPayload = {
      subscriptionId: subscription.subscriptionId,
      generation: subscription.generation,
      after,
      first,
    };
    const id = deliveryJobId(payload);
    await this.d.subscriptions.hold(subscription.subscriptionId, id);
    await this.d.scheduler.schedule({
      queue: EVENT_FEED_QUEUE,
      name: DELIVER_EVENTS,
      id,
      payload,
      runAt,
      attempts: this.d.config.eventFeed.maxAttempts,
      backoff: { type: 'exponential', delayMs: this.d.config.eventFeed.backoffMs },
    });
    return true;
  }

  /** The job's handler. */
  async deliver(jobId: string, payload: DeliveryPayload, attempt: number): Promise<void> {
    const subscription = await this.d.subscriptions.get(payload.subscriptionId);
    if (
      !subscription ||
      subscription.generation !== payload.generation ||
      (await this.d.subscriptions.suspended(subscription))
    )
      return;
    let delivered = await this.d.subscriptions.delivered(subscription.subscriptionId);
    // Another job has moved on from here: this one has nothing left to do.
    if (delivered !== payload.after) return;
    const principal = subscriberPrincipal(subscription);
    const startedAt = performance.now();
    let sent = 0;
    for (;;) {
      const page = await this.d.reader.page(principal, delivered, DELIVERY_PAGE);
      // Recorded before anything is sent: an attempt the receiver answers with an error may still
      // have reached it.
      await this.recordAccess(subscription, page.entries);
      for (const entry of page.entries) {
        // Deleted meanwhile: nothing more goes to it.
        if (!(await this.d.subscriptions.get(subscription.subscriptionId))) return;
        const failure = await this.post(subscription, entry);
        if (failure !== undefined) {
          if (sent > 0) {
            // Progress was made: the next job starts at the failing event, after the first backoff.
            const runAt = new Date(this.d.clock().getTime() + this.d.config.eventFeed.backoffMs);
            await this.scheduleFrom(subscription, delivered, entry.seq, runAt);
            return;
          }
          if (attempt >= this.d.config.eventFeed.maxAttempts)
            return this.deadLetter(subscription, entry, attempt, failure);
          throw new DeliveryFailed(failure);
        }
        await this.d.subscriptions.markDelivered(subscription.subscriptionId, delivered, entry.seq);
        delivered = entry.seq;
        sent += 1;
      }
      // Entries passed over (not this subscriber's) need not be read again.
      if (page.cursor !== null && page.cursor !== delivered) {
        await this.d.subscriptions.markDelivered(
          subscription.subscriptionId,
          delivered,
          page.cursor,
        );
        delivered = page.cursor;
      }
      if (page.caughtUp) break;
      // Its time slice used up: the next job goes on, so other subscriptions get their turn.
      if (performance.now() - startedAt > DELIVERY_SLICE_MS) {
        if (await this.scheduleFrom(subscription, delivered)) return;
        break;
      }
    }
    await this.d.subscriptions.release(subscription.subscriptionId, jobId);
  }

  /** Posts one event; answers the failure's reason (a status or a network error, never a body). */
  private async post(subscription: Subscription, entry: FeedEntry): Promise<string | undefined> {
    const event = toCloudEvent(
      entry,
      this.d.config.eventFeed.source,
      personalClassesFor(subscriberPrincipal(subscription)),
    );
    const body = JSON.stringify(event);
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': CLOUDEVENTS_CONTENT_TYPE,
          ...signatureHeaders(subscription.secret, event.id, body, this.d.clock()),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.d.config.eventFeed.timeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300
        ? undefined
        : `the receiver answered HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return `the receiver could not be reached (${cause ?? (error as Error).name})`;
    }
  }

  private async deadLetter(
    subscription: Subscription,
    entry: FeedEntry,
    attempts: number,
    lastError: string,
  ): Promise<void> {
    await this.d.subscriptions.putDeadLetter({
      deadLetterId: deadLetterId(subscription),
      subscriptionId: subscription.subscriptionId,
      eventId: entry.eventId,
      sequence: entry.seq,
      type: entry.type,
      attempts,
      lastError,
      deadLetteredAt: this.d.clock().toISOString(),
    });
    this.d.onDeadLetter?.(subscription.subscriptionId, entry.eventId, entry.seq);
  }

  /** Personal data leaves the system: recorded in the access log like any read of a case. */
  private async recordAccess(subscription: Subscription, sent: FeedEntry[]): Promise<void> {
    if (sent.length === 0) return;
    await this.d.accessLog.record(
      {
        ...subscriberPrincipal(subscription),
        userId: `subscription:${subscription.subscriptionId}`,
      },
      {
        kind: 'event-feed',
        purpose: WEBHOOK_PURPOSE,
        details: {
          subscriptionId: subscription.subscriptionId,
          from: sent[0].seq,
          to: sent[sent.length - 1].seq,
          events: String(sent.length),
        },
      },
    );
  }
}
