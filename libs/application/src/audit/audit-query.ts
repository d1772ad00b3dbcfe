/**
 * What the audit queries share: reading the bounds of a date range and a page cursor from query
 * parameters. A bad value is the caller's mistake (HTTP 400), named so they can fix it.
 */

/** A query parameter an audit read cannot use (HTTP 400). */
export class InvalidAuditQuery extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidAuditQuery';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A calendar date (`2025-03-03`) or an ISO instant (`2025-03-03T16:00:00Z`) as a UTC instant.
 * A date alone means the start of that day for a lower bound and its last millisecond for an
 * upper bound, so `to=2025-03-03` includes everything on 3 March.
 */
export function parseAuditInstant(
  value: unknown,
  field: string,
  bound: 'start' | 'end',
): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !(DATE.test(value) || INSTANT.test(value)))
    throw new InvalidAuditQuery(
      field,
      `${field} must be a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone (e.g. 2025-03-03T16:00:00Z).`,
    );
  const instant = DATE.test(value)
    ? new Date(`${value}T${bound === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`)
    : new Date(value);
  if (Number.isNaN(instant.getTime()) || (DATE.test(value) && !sameDay(instant, value)))
    throw new InvalidAuditQuery(field, `${field} is not a real date or time.`);
  return instant;
}

const sameDay = (instant: Date, date: string) => instant.toISOString().slice(0, 10) === date;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** A page size from a query parameter: 1..MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE when absent. */
export function parseLimit(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_PAGE_SIZE;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw new InvalidAuditQuery(
      'limit',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
    );
  return n;
}

/** The largest position or revision a store keeps (a signed 64-bit integer in SQLite). */
const MAX_CURSOR = 2n ** 63n - 1n;

/** A cursor is a decimal global position or stream revision, as a previous page returned it. */
export function parseCursor(value: unknown): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const invalid = () =>
    new InvalidAuditQuery('cursor', 'cursor must be the nextCursor a previous page returned.');
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw invalid();
  const cursor = BigInt(value);
  if (cursor > MAX_CURSOR) throw invalid();
  return cursor;
}
