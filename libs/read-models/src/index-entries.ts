/**
 * How every adapter indexes a document. A document has one entry per (index value, sort key) pair:
 * the entry's *set* names the index value and the sort key, its *member* is the document's sort
 * value followed by its id. A query reads one set in member order, from a cursor (the last member
 * seen), so paging is a range scan: no item missed or repeated, whatever the page size.
 *
 * Members are ASCII and order-preserving (numbers by value, strings by UTF-8 bytes), so the
 * memory adapter's string comparison, SQLite's BINARY collation and Redis's ZRANGEBYLEX agree.
 */
import type { CollectionDefinition, QueryOptions, SortDirection } from './document-store.port';

export interface IndexEntry {
  set: string;
  member: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');
const unhex = (text: string): string => Buffer.from(text, 'hex').toString('utf8');

/** Big-endian IEEE 754 with the sign flipped (positives) or all bits flipped (negatives). */
function encodeNumber(n: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(n === 0 ? 0 : n);
  if (bytes[0] & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i] & 0xff;
  else bytes[0] |= 0x80;
  return bytes.toString('hex');
}

/** Type tag first, so values of different types still sort consistently: null < false < true < numbers < strings. */
export function encodeValue(value: unknown): string {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'boolean') return value ? '2' : '1';
  if (typeof value === 'number') return `3${encodeNumber(value)}`;
  if (typeof value === 'string') return `4${hex(value)}`;
  return `5${hex(JSON.stringify(value))}`;
}

export function valueAt(document: object, path: string): unknown {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const setName = (field: string | undefined, value: unknown, sortField: string): string =>
  field === undefined ? `*>${sortField}` : `${field}=${encodeValue(value)}>${sortField}`;

const member = (sortValue: unknown, id: string): string => `${encodeValue(sortValue)}.${hex(id)}`;

export const idOfMember = (value: string): string => unhex(value.slice(value.lastIndexOf('.') + 1));

const sortFields = (collection: CollectionDefinition): string[] => [
  'id',
  ...(collection.sortKeys ?? []),
];

/**
 * A collection that declares no index and no sort key: its only entry is its listing by id, which
 * follows from the id alone. An adapter that can list the documents by id without it (SQLite's
 * documents table is in id order) keeps no entries for it, and no rewrite ever changes them.
 */
export const unindexed = (collection: CollectionDefinition): boolean =>
  collection.indexes.length === 0 && !collection.sortKeys?.length;

/** The member a document has in its collection's listing by id. */
export const idMember = (id: string): string => member(id, id);

/** A document's entry in its collection's listing by id: the only one an unindexed one has. */
export const idEntry = (id: string): IndexEntry => ({
  set: setName(undefined, undefined, 'id'),
  member: idMember(id),
});

export function indexEntries(
  collection: CollectionDefinition,
  id: string,
  document: object,
): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const sortField of sortFields(collection)) {
    const m = member(sortField === 'id' ? id : valueAt(document, sortField), id);
    entries.push({ set: setName(undefined, undefined, sortField), member: m });
    if (sortField === 'id' && collection.indexesById === false) continue;
    for (const field of collection.indexes) {
      const value = valueAt(document, field);
      const values = Array.isArray(value) ? value : [value];
      const seen = new Set<string>();
      for (const v of values) {
        const set = setName(field, v, sortField);
        if (seen.has(set)) continue;
        seen.add(set);
        entries.push({ set, member: m });
      }
    }
  }
  return entries;
}

export interface QueryPlan {
  set: string;
  direction: SortDirection;
  limit: number;
  /** Exclusive: the last member of the previous page. */
  after?: string;
}

export function planQuery(collection: CollectionDefinition, options: QueryOptions = {}): QueryPlan {
  const { index, sort, cursor } = options;
  if (index && !collection.indexes.includes(index.field))
    throw new Error(`Collection ${collection.name} has no index on "${index.field}".`);
  const sortField = sort?.field ?? 'id';
  if (!sortFields(collection).includes(sortField))
    throw new Error(`Collection ${collection.name} cannot sort on "${sortField}".`);
  if (index && sortField === 'id' && collection.indexesById === false)
    throw new Error(
      `Collection ${collection.name} keeps its indexes in sort-key order only (${collection.sortKeys?.join(', ')}): a query on "${index.field}" must sort by one of them.`,
    );
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new Error(`A query's limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  return {
    set: setName(index?.field, index?.value, sortField),
    direction: sort?.direction ?? 'asc',
    limit,
    after: cursor === undefined ? undefined : decodeCursor(cursor),
  };
}

/**
 * Turns up to `limit + 1` rows read in index order into a page: the first `limit` documents, and a
 * cursor after the last of them when the extra row shows there is more.
 */
export function pageOf<T>(
  rows: readonly { member: string; body: string }[],
  limit: number,
): { items: T[]; nextCursor: string | undefined } {
  const items = rows.slice(0, limit);
  return {
    items: items.map((r) => JSON.parse(r.body) as T),
    nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].member) : undefined,
  };
}

export const encodeCursor = (lastMember: string): string =>
  Buffer.from(lastMember, 'latin1').toString('base64url');

/** A cursor that no query of this store produced: the caller's mistake. */
export class InvalidCursor extends Error {
  constructor() {
    super('Invalid query cursor: pass the nextCursor of the previous page, unchanged.');
    this.name = 'InvalidCursor';
  }
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
  if (!/^[0-9a-f]+\.[0-9a-f]*$/.test(decoded)) throw new InvalidCursor();
  return decoded;
}

/**
 * The cursor of a query sorted by `id` (ascending) that goes on after the document with this id,
 * whether or not it exists: for collections whose ids are their order (a feed keyed by position).
 */
export const cursorAfterId = (id: string): string => encodeCursor(member(id, id));
