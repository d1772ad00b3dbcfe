/** The success bodies of the event feed's operations, by operationId (see read-response-schemas.ts). */
type Schema = Record<string, unknown>;

const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description && { description }),
  ...extra,
});
const object = (properties: Record<string, Schema>, required = Object.keys(properties)) => ({
  type: 'object',
  required,
  properties,
});
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const json = (schema: Schema) => ({ 'application/json': { schema } });

const cloudEvent = object({
  specversion: str('CloudEvents version', { enum: ['1.0'] }),
  id: str('Stable for the event across retries, replays and pages: dedupe on it (with source)'),
  source: str('This deployment (EVENT_FEED_SOURCE)'),
  type: str('A versioned public type, e.g. uk.gov.attendance.pupil.stage-changed.v1'),
  subject: str('pupils/<pupilId>'),
  time: str('When it happened (ISO 8601)', { format: 'date-time' }),
  datacontenttype: str(undefined, { enum: ['application/json'] }),
  sequence: str('The place in the feed (sorts in feed order); also an `after` cursor'),
  data: {
    type: 'object',
    additionalProperties: true,
    description:
      'The public fields of the type (docs/event-feed.md), less those the role may not see',
  },
});

const subscription = (withSecret: boolean): Schema =>
  object({
    subscriptionId: str(undefined, { format: 'uuid' }),
    url: str(),
    role: str(),
    schoolIds: arrayOf(str()),
    userId: str(),
    personalData: arrayOf(str(undefined, { enum: ['identifiers', 'vulnerability', 'family'] })),
    status: str(undefined, { enum: ['active', 'suspended'] }),
    deliveredUpTo: { type: 'string', nullable: true, description: 'The last event delivered' },
    createdAt: str(undefined, { format: 'date-time' }),
    createdBy: str(),
    ...(withSecret
      ? { secret: str('whsec_…: verify signatures with it. Shown only here, once.') }
      : {}),
  });

const deadLetter = object({
  deadLetterId: str(),
  subscriptionId: str(),
  eventId: str(),
  sequence: str(),
  type: str(),
  attempts: { type: 'integer' },
  lastError: str('A status or a network error; never a body'),
  deadLetteredAt: str(undefined, { format: 'date-time' }),
});

export const EVENT_FEED_RESPONSES: Record<string, { status?: string; content: Schema }> = {
  feed_feed: {
    content: json(
      object({
        items: arrayOf(cloudEvent),
        nextCursor: { type: 'string', nullable: true, description: 'Pass as `after` next time' },
        caughtUp: { type: 'boolean', description: 'Nothing more for you when this page was read' },
      }),
    ),
  },
  eventFeedAdmin_create: { status: '201', content: json(subscription(true)) },
  eventFeedAdmin_list: { content: json(arrayOf(subscription(false))) },
  eventFeedAdmin_remove: {
    content: json(object({ subscriptionId: str(), removed: { type: 'boolean' } })),
  },
  eventFeedAdmin_deadLetters: { content: json(arrayOf(deadLetter)) },
  eventFeedAdmin_replay: { content: json(subscription(false)) },
};
