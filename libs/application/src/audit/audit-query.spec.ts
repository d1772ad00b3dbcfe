import { InvalidAuditQuery, parseAuditInstant, parseCursor, parseLimit } from './audit-query';

describe('audit query parameters', () => {
  it('reads a date as the start of the day for a lower bound and its end for an upper bound', () => {
    expect(parseAuditInstant('2025-03-03', 'from', 'start')?.toISOString()).toBe(
      '2025-03-03T00:00:00.000Z',
    );
    expect(parseAuditInstant('2025-03-03', 'to', 'end')?.toISOString()).toBe(
      '2025-03-03T23:59:59.999Z',
    );
  });

  it('reads an instant with its time zone', () => {
    expect(parseAuditInstant('2025-03-03T16:00:00+01:00', 'at', 'end')?.toISOString()).toBe(
      '2025-03-03T15:00:00.000Z',
    );
  });

  it('treats an absent bound as no bound', () => {
    expect(parseAuditInstant(undefined, 'from', 'start')).toBeUndefined();
  });

  it.each(['yesterday', '2025-02-30', '2025-03-03T16:00:00', '2025-13-01T00:00:00Z'])(
    'refuses %s naming the field',
    (value) => {
      expect(() => parseAuditInstant(value, 'recordedTo', 'end')).toThrow(InvalidAuditQuery);
      expect(() => parseAuditInstant(value, 'recordedTo', 'end')).toThrow(/recordedTo/);
    },
  );

  it('takes a page size from 1 to 500, 100 when absent', () => {
    expect(parseLimit(undefined)).toBe(100);
    expect(parseLimit('25')).toBe(25);
    for (const bad of ['0', '501', '2.5', 'ten'])
      expect(() => parseLimit(bad)).toThrow(InvalidAuditQuery);
  });

  it('takes a cursor only as a previous page gave it', () => {
    expect(parseCursor('42')).toBe(42n);
    expect(parseCursor(undefined)).toBeUndefined();
    for (const bad of ['-1', 'abc', '1e3'])
      expect(() => parseCursor(bad)).toThrow(InvalidAuditQuery);
  });
});
