import { ntiIssued, registered, supportOffered } from '@app/domain/testing/journey-fixtures';
import { givenEvents } from '../testing/given-events';
import {
  eventFeedProjection,
  FEED_ENTRIES,
  FEED_SEQ_PATTERN,
  feedSeq,
  publicEventId,
} from './event-feed.projection';

const given = givenEvents(eventFeedProjection, 'pupil-pupil-1');

describe('the event feed projection', () => {
  it('keeps each public event at its place in the global feed, in order', async () => {
    const { all } = await given([registered, supportOffered, ntiIssued()]);
    const entries = await all(FEED_ENTRIES);
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [feedSeq(1n, 0), 'uk.gov.attendance.pupil.registered.v1'],
      [feedSeq(2n, 0), 'uk.gov.attendance.pupil.stage-changed.v1'],
      [feedSeq(3n, 0), 'uk.gov.attendance.pupil.notice-to-improve-issued.v1'],
      [feedSeq(3n, 1), 'uk.gov.attendance.pupil.stage-changed.v1'],
    ]);
    expect(entries.every((e) => FEED_SEQ_PATTERN.test(e.seq))).toBe(true);
    expect(entries[0]).toMatchObject({ pupilId: 'pupil-1', scope: { schoolIds: ['school-a'] } });
  });

  it('gives every public event the same id when the feed is rebuilt', async () => {
    const first = await (await given([registered, supportOffered])).all(FEED_ENTRIES);
    const rebuilt = await (await given([registered, supportOffered])).all(FEED_ENTRIES);
    expect(rebuilt.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(first[0].eventId).toBe(publicEventId('e1', 0));
  });

  it('names each public event of one internal event with an id of its own, in UUID form', () => {
    expect(publicEventId('e3', 0)).not.toBe(publicEventId('e3', 1));
    expect(publicEventId('e3', 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
