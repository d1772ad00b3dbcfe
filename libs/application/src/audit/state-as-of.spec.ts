import type { PupilEvent } from '@app/domain';
import { registered, registerWeeks } from '@app/domain/testing/journey-fixtures';
import { upcastStored } from '../commands/upcast-recorded';
import { eventsHappenedBy, eventsKnownBy, knownAt, stateAsOf } from './state-as-of';
import { recorder } from './testing/recorded';

const STREAM = 'pupil-pupil-1';
const correction = (date: string, code: 'O' | 'M', receivedAt: string): PupilEvent => ({
  type: 'AttendanceMarkCorrected',
  data: {
    schoolId: 'school-a',
    date,
    session: 'AM',
    code,
    previousCode: code === 'O' ? '/' : 'O',
    reason: 'Register corrected by the school',
    receivedAt,
  },
});

/**
 * Ten weeks from 6 Jan 2025 with one unauthorised session each, every register recorded on the
 * Friday it ends; on 2 June the school corrects the first week's absence to medical (M).
 */
function tenWeeksThenALateCorrection() {
  const r = recorder();
  r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
  for (const week of registerWeeks(1)) {
    const data = week.data as { receivedAt: string };
    r.record(STREAM, week, { recordedAt: data.receivedAt });
  }
  r.record(STREAM, correction('2025-01-06', 'M', '2025-06-02T10:00:00.000Z'), {
    recordedAt: '2025-06-02T10:00:00.000Z',
  });
  return r.stream(STREAM);
}

describe('the state of a journey as of a moment', () => {
  describe('given ten weeks of registers and a correction recorded months later', () => {
    const events = tenWeeksThenALateCorrection();
    const at = new Date('2025-03-31T23:59:59.999Z');

    it('known by then: the threshold met on the marks the panel had', () => {
      const { knownBy } = stateAsOf(events, at);
      expect(knownBy.summary?.threshold).toMatchObject({ met: true, count: 10 });
      expect(knownBy.eventsCounted).toBe(11);
    });

    it('happened by then: the later correction applied, so the threshold was not met', () => {
      const { happenedBy } = stateAsOf(events, at);
      expect(happenedBy.summary?.threshold).toMatchObject({ met: false, count: 9 });
      expect(happenedBy.eventsCounted).toBe(12);
    });

    it('both agree once the correction is known', () => {
      const view = stateAsOf(events, new Date('2025-06-02T10:00:00.000Z'));
      expect(view.knownBy.summary?.threshold).toEqual(view.happenedBy.summary?.threshold);
      expect(view.knownBy.summary?.threshold.count).toBe(9);
    });

    it('summarises as of the day of the moment asked about', () => {
      const view = stateAsOf(events, new Date('2025-01-17T16:00:00.000Z'));
      expect(view.asOf).toBe('2025-01-17');
      expect(view.knownBy.summary?.attendance.overall.possible).toBe(20);
      expect(view.knownBy.lastPosition).toBe(events[2].position.toString());
    });
  });

  it('known by leaves out a register recorded after the moment, even for earlier weeks', () => {
    const r = recorder();
    r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
    const [week] = registerWeeks(3, 1);
    r.record(STREAM, week, { recordedAt: '2025-02-20T09:00:00.000Z' });
    const view = stateAsOf(r.stream(STREAM), new Date('2025-02-01T00:00:00.000Z'));
    expect(view.knownBy.summary?.attendance.overall.possible).toBe(0);
    expect(view.happenedBy.summary?.attendance.overall.possible).toBe(10);
  });

  it('happened by leaves out what was recorded in advance of its date', () => {
    const r = recorder();
    r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
    r.record(
      STREAM,
      {
        type: 'ReferredToPanel',
        data: { referralId: 'r-1', reason: 'Persistent absence', referredOn: '2025-03-10' },
      },
      { recordedAt: '2025-03-01T09:00:00.000Z' },
    );
    const view = stateAsOf(r.stream(STREAM), new Date('2025-03-05T12:00:00.000Z'));
    expect(view.knownBy.summary?.openItems.pendingPanelReferral).toEqual({
      referralId: 'r-1',
      referredOn: '2025-03-10',
    });
    expect(view.happenedBy.summary?.openItems.pendingPanelReferral).toBeNull();
  });

  it('has no journey before the pupil was registered', () => {
    const r = recorder();
    r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
    const view = stateAsOf(r.stream(STREAM), new Date('2024-08-01T00:00:00.000Z'));
    expect(view.knownBy).toEqual({ summary: null, eventsCounted: 0, lastPosition: null });
    expect(view.happenedBy.summary).toBeNull();
  });

  it('dates a link stored before links carried their own date by the day it was recorded', () => {
    const r = recorder();
    r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
    r.record(STREAM, { type: 'LinkedToFamily', data: { familyId: 'f-1' } } as never, {
      recordedAt: '2024-09-03T09:00:00.000Z',
    });
    const events = r.stream(STREAM).map(upcastStored);
    expect(eventsHappenedBy(events, new Date('2024-09-02T23:59:59.999Z'))).toHaveLength(1);
    expect(eventsHappenedBy(events, new Date('2024-09-03T00:00:00.000Z'))).toHaveLength(2);
    expect(eventsKnownBy(events, new Date('2024-09-03T09:00:00.000Z'))).toHaveLength(2);
  });

  it('counts a back-dated link as happened on its day, and known only once recorded', () => {
    const r = recorder();
    r.record(STREAM, registered, { recordedAt: '2024-09-02T09:00:00.000Z' });
    r.record(
      STREAM,
      { type: 'LinkedToFamily', data: { familyId: 'f-1', linkedOn: '2024-09-10' } },
      { recordedAt: '2024-10-01T09:00:00.000Z' },
    );
    const events = r.stream(STREAM);
    const sept30 = new Date('2024-09-30T23:59:59.999Z');
    expect(eventsHappenedBy(events, sept30)).toHaveLength(2);
    expect(eventsKnownBy(events, sept30)).toHaveLength(1);
  });

  it('takes a fact brought across from an earlier system as known when that system recorded it', () => {
    const r = recorder();
    const imported = r.record(STREAM, registered, { recordedAt: '2025-10-01T09:00:00.000Z' });
    imported.metadata.firstRecordedAt = '2024-09-02T09:00:00.000Z';
    expect(knownAt(imported)).toBe('2024-09-02T09:00:00.000Z');
    expect(eventsKnownBy([imported], new Date('2024-09-30T00:00:00.000Z'))).toHaveLength(1);
    // A claimed first recording after the store's own is ignored: the store's time stands.
    imported.metadata.firstRecordedAt = '2026-01-01T00:00:00.000Z';
    expect(knownAt(imported)).toBe('2025-10-01T09:00:00.000Z');
  });
});
