/**
 * The envelope every public event travels in, by webhook or `GET /feed`: CloudEvents 1.0 in its
 * structured JSON form (`application/cloudevents+json`), with the `sequence` extension carrying
 * the event's place in the feed (a string that sorts in feed order) and `subject` naming the pupil.
 * It is built by hand: the envelope is six attributes, and the `cloudevents` package would add a
 * dependency for what `JSON.stringify` does here.
 */
import { PersonalFieldClass, PublicData, visibleData } from '@app/domain';
import type { FeedEntry } from '@app/read-models';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export interface CloudEvent {
  specversion: '1.0';
  /** Stable for the event: the same on every retry, replay and page; receivers dedupe on it (with `source`). */
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** CloudEvents `sequence` extension: the place in the feed, also the `after` cursor. */
  sequence: string;
  data: PublicData;
}

export function toCloudEvent(
  entry: FeedEntry,
  source: string,
  classes: readonly PersonalFieldClass[],
): CloudEvent {
  return {
    specversion: '1.0',
    id: entry.eventId,
    source,
    type: entry.type,
    subject: `pupils/${entry.pupilId}`,
    time: entry.time,
    datacontenttype: 'application/json',
    sequence: entry.seq,
    data: visibleData(entry, classes),
  };
}
