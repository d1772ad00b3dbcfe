/**
 * What an administrator does with the event feed: subscribe a partner system's webhook in a role
 * and scope, list and remove subscriptions, list dead letters and replay one. The secret is made
 * here and shown once, at creation.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentStore,
  eventFeedProjection,
  FEED_ENTRIES,
  ProjectionReader,
} from '@app/read-models';
import { DomainError } from '@app/domain';
import { randomUUID } from 'node:crypto';
import { hasCapability } from '../auth/access-policy';
import type { Principal, Role } from '../auth/roles';
import type { AppConfig } from '../config/config';
import { CaseNotFound } from '../pupils/case-access';
import { APP_CONFIG, CLOCK, Clock, DOCUMENT_STORE } from '../tokens';
import { EventFeedHost } from './event-feed.host';
import { personalClassesFor } from './feed-access';
import { DeadLetter, Subscription, Subscriptions } from './subscriptions';
import { newWebhookSecret } from './webhook-signature';

export interface NewSubscription {
  url: string;
  role: Role;
  schoolIds: string[];
  /** For a role scoped by allocation; defaults to the subscription's own id. */
  userId?: string;
  /** `now` (default): events from now on; `beginning`: the whole feed first. */
  startAt: 'now' | 'beginning';
}

export interface SubscriptionView {
  subscriptionId: string;
  url: string;
  role: Role;
  schoolIds: string[];
  userId: string;
  personalData: string[];
  /** `suspended` while an event is dead-lettered: the events after it wait until it is replayed. */
  status: 'active' | 'suspended';
  /** The last event delivered (its `sequence`), or null. */
  deliveredUpTo: string | null;
  createdAt: string;
  createdBy: string;
}

/** The input names a subscription the feed cannot serve (HTTP 422). */
export class SubscriptionRefused extends DomainError {
  readonly kind = 'rule' as const;
  readonly code = 'subscription-refused';
}

@Injectable()
export class EventFeedAdmin {
  private readonly entries: ProjectionReader;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    private readonly subscriptions: Subscriptions,
    private readonly host: EventFeedHost,
  ) {
    this.entries = new ProjectionReader(documents, eventFeedProjection);
  }

  async create(
    admin: Principal,
    input: NewSubscription,
  ): Promise<SubscriptionView & { secret: string }> {
    const url = new URL(input.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.config.eventFeed.allowHttp))
      throw new SubscriptionRefused(
        'A webhook url must use https (plain http is allowed only when EVENT_FEED_ALLOW_HTTP=true).',
      );
    if (url.username || url.password)
      throw new SubscriptionRefused(
        'A webhook url must not carry credentials: the signature authenticates the sender.',
      );
    if (!hasCapability({ role: input.role }, 'feed.read'))
      throw new SubscriptionRefused(`The ${input.role} role may not follow the event feed.`);
    const subscriptionId = randomUUID();
    const subscription: Subscription = {
      subscriptionId,
      url: url.toString(),
      role: input.role,
      schoolIds: [...new Set(input.schoolIds)],
      userId: input.userId ?? `subscription:${subscriptionId}`,
      secret: newWebhookSecret(),
      generation: 0,
      createdAt: this.clock().toISOString(),
      createdBy: admin.userId,
    };
    await this.subscriptions.save(subscription);
    if (input.startAt === 'now') {
      const last = await this.entries.query(FEED_ENTRIES, {
        sort: { field: 'id', direction: 'desc' },
        limit: 1,
      });
      if (last.items[0])
        await this.subscriptions.markDelivered(subscriptionId, null, last.items[0].seq);
    }
    return { ...(await this.view(subscription)), secret: subscription.secret };
  }

  async list(): Promise<SubscriptionView[]> {
    const all = await this.subscriptions.all();
    return Promise.all(
      all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((s) => this.view(s)),
    );
  }

  async remove(subscriptionId: string): Promise<void> {
    if (!(await this.subscriptions.get(subscriptionId))) throw new CaseNotFound('subscription');
    await this.subscriptions.removeWithDeadLetters(subscriptionId);
  }

  async deadLetters(subscriptionId?: string): Promise<DeadLetter[]> {
    return this.subscriptions.deadLetters(subscriptionId);
  }

  /** Resumes the subscription from the dead-lettered event, in order, under a new generation. */
  async replay(deadLetterId: string): Promise<SubscriptionView> {
    const letter = await this.subscriptions.deadLetter(deadLetterId);
    const subscription = letter && (await this.subscriptions.get(letter.subscriptionId));
    if (!letter || !subscription) throw new CaseNotFound('dead letter');
    const resumed = await this.subscriptions.resume(subscription, letter);
    const delivered = await this.subscriptions.delivered(resumed.subscriptionId);
    await this.host.delivery.scheduleFrom(resumed, delivered);
    return this.view(resumed);
  }

  private async view(s: Subscription): Promise<SubscriptionView> {
    return {
      subscriptionId: s.subscriptionId,
      url: s.url,
      role: s.role,
      schoolIds: s.schoolIds,
      userId: s.userId,
      personalData: personalClassesFor(s),
      status: (await this.subscriptions.suspended(s)) ? 'suspended' : 'active',
      deliveredUpTo: await this.subscriptions.delivered(s.subscriptionId),
      createdAt: s.createdAt,
      createdBy: s.createdBy,
    };
  }
}
