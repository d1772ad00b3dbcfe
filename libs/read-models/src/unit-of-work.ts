/**
 * The unit of work every adapter shares: writes are buffered (serialised at the moment they are
 * made) and handed to the adapter only after the caller's work has finished, so a throw anywhere
 * leaves nothing written, and the adapter can apply the lot in one synchronous transaction or one
 * Redis script. The last write to a document wins, so a batch touching a document many times
 * writes it once. A document is read from the store at most once per unit of work (its JSON is
 * kept, and parsed afresh for each caller), so a batch reading the same document for every event
 * (a projection's settings, a family with many children) asks the store once.
 */
import type { CheckpointCondition, CollectionDefinition, UnitOfWork } from './document-store.port';
import { CheckpointConflictError, COLLECTION_NAME } from './document-store.port';
import { IndexEntry, indexEntries, unindexed } from './index-entries';

/** `unindexed`: the collection's only index entry is its listing by id (see `unindexed`). */
export type WriteOp =
  | {
      kind: 'put';
      collection: string;
      id: string;
      json: string;
      entries: IndexEntry[];
      unindexed: boolean;
    }
  | { kind: 'delete'; collection: string; id: string; unindexed: boolean };

export interface CheckpointWrite {
  name: string;
  position: string;
  /** Undefined: no condition. */
  expected?: string | null;
}

export interface PendingWrites {
  writes: WriteOp[];
  checkpoints: CheckpointWrite[];
}

/** The stored JSON of a document, or undefined when there is none. */
type ReadJson = (
  collection: string,
  id: string,
) => string | undefined | Promise<string | undefined>;

export function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0)
    throw new Error('A document id must be a non-empty string.');
}

export function checkCollection(collection: CollectionDefinition): void {
  if (!COLLECTION_NAME.test(collection.name))
    throw new Error(`Collection name "${collection.name}" may use only letters, digits, _ - .`);
}

export function serialise(collection: CollectionDefinition, id: string, document: object): WriteOp {
  checkCollection(collection);
  checkId(id);
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new Error(`A document in ${collection.name} must be a JSON object.`);
  return {
    kind: 'put',
    collection: collection.name,
    id,
    json: JSON.stringify(document),
    entries: indexEntries(collection, id, document),
    unindexed: unindexed(collection),
  };
}

export async function runUnitOfWork<R>(
  read: ReadJson,
  work: (tx: UnitOfWork) => R | Promise<R>,
): Promise<{ result: R; pending: PendingWrites }> {
  const writes = new Map<string, WriteOp>();
  const checkpoints = new Map<string, CheckpointWrite>();
  const stored = new Map<string, string | undefined>();
  const key = (collection: string, id: string) => `${collection}\u0000${id}`;
  let open = true;
  const ensureOpen = () => {
    if (!open) throw new Error('This unit of work has already been committed.');
  };

  const tx: UnitOfWork = {
    async get<T extends object>(collection: CollectionDefinition<T>, id: string) {
      checkId(id);
      const k = key(collection.name, id);
      const pending = writes.get(k);
      if (pending) return pending.kind === 'put' ? (JSON.parse(pending.json) as T) : undefined;
      let json: string | undefined;
      if (stored.has(k)) json = stored.get(k);
      else stored.set(k, (json = await read(collection.name, id)));
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    put(collection, id, document) {
      ensureOpen();
      const op = serialise(collection, id, document);
      writes.delete(key(collection.name, id));
      writes.set(key(collection.name, id), op);
    },
    delete(collection, id) {
      ensureOpen();
      checkCollection(collection);
      checkId(id);
      writes.delete(key(collection.name, id));
      writes.set(key(collection.name, id), {
        kind: 'delete',
        collection: collection.name,
        id,
        unindexed: unindexed(collection),
      });
    },
    setCheckpoint(name: string, position: bigint | string, condition?: CheckpointCondition) {
      ensureOpen();
      const value = typeof position === 'bigint' ? position.toString(10) : position;
      if (!/^\d+$/.test(value)) throw new Error(`Invalid checkpoint position "${value}".`);
      // The condition is about the stored value before this unit of work, so the first one counts.
      const earlier = checkpoints.get(name);
      checkpoints.set(name, {
        name,
        position: value,
        expected: earlier ? earlier.expected : condition?.expected,
      });
    },
  };

  let result: R;
  try {
    result = await work(tx);
  } finally {
    open = false;
  }
  return {
    result,
    pending: { writes: [...writes.values()], checkpoints: [...checkpoints.values()] },
  };
}

/** Refuses the whole unit of work if any conditional checkpoint has been moved by someone else. */
export function checkCheckpointConditions(
  pending: PendingWrites,
  current: (name: string) => string | undefined,
): void {
  for (const c of pending.checkpoints) {
    if (c.expected === undefined) continue;
    const actual = current(c.name) ?? null;
    if (actual !== c.expected) throw new CheckpointConflictError(c.name, c.expected, actual);
  }
}
