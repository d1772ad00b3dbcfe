import { timeOrderedUuid } from './event-ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('are version 7 UUIDs, which any store that wants a UUID accepts', () => {
    expect(timeOrderedUuid()).toMatch(UUID_V7);
    expect(timeOrderedUuid(0)).toMatch(/^00000000-0000-7/);
  });

  it('carry the time they were made, so later ids sort after earlier ones', () => {
    const earlier = timeOrderedUuid(Date.parse('2025-03-03T09:00:00.000Z'));
    const later = timeOrderedUuid(Date.parse('2025-03-03T09:00:00.001Z'));
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe('01955b3b-ca80');
  });

  it('never repeat, even within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});
