import type { Provider } from '@nestjs/common';
import { EventFeedAdmin } from './event-feed-admin';
import { EventFeedHost } from './event-feed.host';
import { FeedReader } from './feed-reader';
import { Subscriptions } from './subscriptions';

export * from './cloud-event';
export * from './event-feed-admin';
export * from './event-feed.host';
export * from './feed-access';
export * from './feed-reader';
export * from './subscriptions';
export * from './webhook-delivery';
export * from './webhook-signature';

/** What ApplicationModule adds and exports for the outbound event feed. */
export const eventFeedProviders: Provider[] = [
  Subscriptions,
  FeedReader,
  EventFeedHost,
  EventFeedAdmin,
];
export const eventFeedExports = [Subscriptions, FeedReader, EventFeedHost, EventFeedAdmin];
