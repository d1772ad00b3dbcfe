/**
 * Old events stay readable (conventions: upcast on read, never rewrite). Events recorded before a
 * fact carried the day it happened lack that field; the best that is known of them is the day they
 * were recorded, which is what their commands used to date them by. Events of every other type
 * pass through untouched (the same object: reading a register costs nothing more).
 */
import type { IsoDate } from './calendar';
import type { FamilyEvent } from './family/family';
import type { PupilEvent } from './pupil-journey/events';

/**
 * The version of the upcasting below: raise it with any change to what an old event is read as,
 * so that snapshots folded from the old reading are ignored.
 */
export const UPCASTERS_VERSION = 1;

/** The date field each event type gained, when it gained one after events were already stored. */
export const DATE_FIELDS_ADDED: Readonly<Record<string, string>> = {
  LinkedToFamily: 'linkedOn',
  ParentAdded: 'addedOn',
  ParentUpdated: 'updatedOn',
  ParentRemoved: 'removedOn',
  PupilLinked: 'linkedOn',
  PupilUnlinked: 'unlinkedOn',
};

/** An event as stored, with the day it was recorded, as the current event of its type. */
export function upcastEvent<
  Event extends PupilEvent | FamilyEvent | { type: string; data: object },
>(event: { type: string; data: object }, recordedOn: () => IsoDate): Event {
  const field = DATE_FIELDS_ADDED[event.type];
  if (field === undefined || field in event.data) return event as Event;
  return { type: event.type, data: { ...event.data, [field]: recordedOn() } } as Event;
}
