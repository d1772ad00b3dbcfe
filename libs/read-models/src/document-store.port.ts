/**
 * The DocumentStore port: read models are collections of JSON documents by id, queried through
 * indexes declared per collection. Adapters: memory (tests), SQLite (embedded default), Redis
 * (production). All three pass `testing/document-store.contract.ts`.
 *
 * Writes go through a unit of work (`transaction`) that is applied atomically together with a
 * projection's checkpoint, so a crash never applies an event twice or skips one.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: unknown };

/**
 * A read-model document: a plain JSON object (it is stored as JSON, so dates are ISO strings and
 * bigints are decimal strings). Any object type fits, so read models can be interfaces.
 */
export type Document = Record<string, unknown>;

export interface CollectionDefinition<T extends object = object> {
  /** Letters, digits, `_`, `-` and `.` only (adapters build keys and table values from it). */
  readonly name: string;
  /**
   * Fields that `query` can filter on by equality (dotted paths allowed: `school.id`).
   * An array-valued field is indexed under each of its elements.
   */
  readonly indexes: readonly string[];
  /** Fields that `query` can sort on; `id` is always available. */
  readonly sortKeys?: readonly string[];
  /**
   * Whether a query on an index may sort by `id` (default true). False keeps each index value in
   * sort-key order only, for collections only ever read that way: every write then stores one
   * index entry per index value instead of two (with one sort key). The whole collection can
   * still be listed by id.
   */
  readonly indexesById?: boolean;
  /**
   * Private to each partition of a partitioned projection: its ids are prefixed with the
   * partition (`p<index>:`) so partitions never write the same document. For a projection's own
   * working state that events of every partition read (a family, the settings), and for
   * per-partition contributions to an aggregate, which readers sum over an index query.
   */
  readonly perPartition?: boolean;
  /** Carries the document type only; never set at run time. */
  readonly __document?: T;
}

export const COLLECTION_NAME = /^[A-Za-z0-9_.-]+$/;

export function defineCollection<T extends object = Document>(definition: {
  name: string;
  indexes?: readonly string[];
  sortKeys?: readonly string[];
  indexesById?: boolean;
  perPartition?: boolean;
}): CollectionDefinition<T> {
  if (!COLLECTION_NAME.test(definition.name))
    throw new Error(`Collection name "${definition.name}" may use only letters, digits, _ - .`);
  if (definition.indexesById === false && !definition.sortKeys?.length)
    throw new Error(
      `Collection ${definition.name} keeps its indexes out of id order, so it needs a sort key.`,
    );
  return {
    name: definition.name,
    indexes: definition.indexes ?? [],
    sortKeys: definition.sortKeys ?? [],
    indexesById: definition.indexesById ?? true,
    ...(definition.perPartition ? { perPartition: true } : {}),
  };
}

export type SortDirection = 'asc' | 'desc';

export interface QueryOptions {
  /** Equality on one declared index; omit to range over the whole collection. */
  index?: { field: string; value: JsonValue };
  /** A declared sort key (or `id`); ties are broken by id. Default: id ascending. */
  sort?: { field: string; direction?: SortDirection };
  /** Page size; default 100, at most 1000. */
  limit?: number;
  /** `nextCursor` from the previous page of the same query. */
  cursor?: string;
}

export interface QueryResult<T extends object = Document> {
  items: T[];
  /** Present only when there may be more items. */
  nextCursor?: string;
}

export interface CheckpointCondition {
  /**
   * The checkpoint the writer last saw (`null`: none yet). If the stored checkpoint differs, the
   * whole unit of work is refused with CheckpointConflictError: another worker has moved on, so
   * applying this batch would apply its events twice.
   */
  expected: string | null;
}

/** What a unit of work can do. Writes are buffered and applied all at once on commit. */
export interface UnitOfWork {
  /** Reads through the writes already made in this unit of work. */
  get<T extends object>(collection: CollectionDefinition<T>, id: string): Promise<T | undefined>;
  put<T extends object>(collection: CollectionDefinition<T>, id: string, document: T): void;
  delete(collection: CollectionDefinition, id: string): void;
  setCheckpoint(name: string, position: bigint | string, condition?: CheckpointCondition): void;
}

export interface DocumentStore {
  get<T extends object>(collection: CollectionDefinition<T>, id: string): Promise<T | undefined>;
  /** `get` for many ids in one round trip (bulk work: register imports match a batch of UPNs). */
  getMany<T extends object>(
    collection: CollectionDefinition<T>,
    ids: readonly string[],
  ): Promise<(T | undefined)[]>;
  query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  /** Single writes, each its own unit of work. */
  put<T extends object>(
    collection: CollectionDefinition<T>,
    id: string,
    document: T,
  ): Promise<void>;
  delete(collection: CollectionDefinition, id: string): Promise<void>;
  /**
   * Runs `work`, then applies everything it wrote atomically (one SQLite transaction, one Redis
   * script). If `work` throws, nothing is written and the error is rethrown.
   */
  transaction<R>(work: (tx: UnitOfWork) => R | Promise<R>): Promise<R>;
  /** Decimal string of a bigint position, or undefined when never set. */
  getCheckpoint(name: string): Promise<string | undefined>;
  /**
   * Removes every document of every collection whose name starts with `prefix`, and every
   * checkpoint whose name starts with it (used to drop a projection version after a rebuild).
   */
  clear(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export class CheckpointConflictError extends Error {
  constructor(
    readonly checkpoint: string,
    readonly expected: string | null,
    readonly actual: string | null,
  ) {
    super(
      `Checkpoint ${checkpoint} is at ${actual ?? 'nothing'}, not ${expected ?? 'nothing'}: another worker has moved it.`,
    );
    this.name = 'CheckpointConflictError';
  }
}
