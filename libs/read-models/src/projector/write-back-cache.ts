import type { CollectionDefinition } from '../document-store.port';
import type { ProjectionTx } from './projection';

interface Entry {
  collection: CollectionDefinition;
  id: string;
  /** Undefined: the document does not exist (never stored, or deleted). */
  doc: object | undefined;
}

/**
 * A write-back cache of documents in front of the unit of work, for rebuilds and live batches:
 * `get` returns the cached object itself and `put` keeps the object given, so a projection that
 * reads and rewrites a pupil's document for every event pays one parse when the document is first
 * read and one serialisation when its batch commits, instead of both per event.
 *
 * At most `maxDocuments` documents are held. Going over evicts the least recently used: a changed
 * one is first written into the unit of work in hand, so it commits with the batch and its
 * checkpoint like any other write. Documents stay cached from one batch to the next (a pupil's
 * weeks are spread over the whole feed), which is only right while nobody else writes them: the
 * runner discards the cache whenever a batch fails, and keeps one only for a version it alone
 * writes (one it builds, or the live version while it holds the lease, every commit conditional on
 * its last checkpoint).
 */
export class WriteBackCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Keys of the documents changed since the last commit, so handing them over costs what the
   * batch changed, not what the cache holds (a live runner keeps its cache between small batches).
   */
  private readonly dirty = new Set<string>();
  private uow: ProjectionTx | undefined;
  /** The most documents held at once (the memory bound, as observed). */
  peak = 0;

  constructor(readonly maxDocuments: number) {
    if (!Number.isInteger(maxDocuments) || maxDocuments < 1)
      throw new Error(`A document cache holds at least one document (got ${maxDocuments}).`);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `work` with a transaction whose reads and writes go through the cache, over `uow`; then
   * hands every changed document to `uow` (serialised once each). Call `committed()` once the
   * unit of work has committed, `discard()` if it did not. `uow` is usually a batch's unit of
   * work; a cold build passes a writer of its own that commits as it goes (see cold-build.ts).
   */
  async within<R>(uow: ProjectionTx, work: (tx: ProjectionTx) => Promise<R>): Promise<R> {
    this.uow = uow;
    try {
      const result = await work(this.tx);
      for (const k of this.dirty) this.writeBack(this.entries.get(k) as Entry);
      return result;
    } finally {
      this.uow = undefined;
    }
  }

  /** The batch whose writes were handed over has committed: they are the stored documents now. */
  committed(): void {
    this.dirty.clear();
  }

  /** The batch failed: what is held may not be what is stored, so nothing is kept. */
  discard(): void {
    this.entries.clear();
    this.dirty.clear();
  }

  private readonly tx: ProjectionTx = {
    get: async <T extends object>(collection: CollectionDefinition<T>, id: string) => {
      const k = key(collection, id);
      const hit = this.entries.get(k);
      if (hit) {
        this.touch(k, hit);
        return hit.doc as T | undefined;
      }
      const doc = await this.current().get(collection, id);
      // The read awaited: another get may have cached it meanwhile (it wins, being as new).
      const raced = this.entries.get(k);
      if (raced) return raced.doc as T | undefined;
      this.add(k, { collection, id, doc });
      return doc;
    },
    put: (collection, id, document) => {
      this.current();
      this.set(key(collection, id), { collection, id, doc: document });
    },
    delete: (collection, id) => {
      this.current();
      this.set(key(collection, id), { collection, id, doc: undefined });
    },
  };

  private current(): ProjectionTx {
    if (!this.uow) throw new Error('The document cache is used outside a unit of work.');
    return this.uow;
  }

  private touch(k: string, entry: Entry): void {
    this.entries.delete(k);
    this.entries.set(k, entry);
  }

  /** A change: held as the newest, and handed over with the batch. */
  private set(k: string, entry: Entry): void {
    if (this.entries.delete(k)) this.entries.set(k, entry);
    else this.add(k, entry);
    this.dirty.add(k);
  }

  private add(k: string, entry: Entry): void {
    // Evict before adding, so the count never goes over the bound even for a moment.
    while (this.entries.size >= this.maxDocuments) {
      const [oldest, evicted] = this.entries.entries().next().value as [string, Entry];
      if (this.dirty.delete(oldest)) this.writeBack(evicted);
      this.entries.delete(oldest);
    }
    this.entries.set(k, entry);
    if (this.entries.size > this.peak) this.peak = this.entries.size;
  }

  private writeBack(entry: Entry): void {
    const uow = this.current();
    if (entry.doc === undefined) uow.delete(entry.collection, entry.id);
    else uow.put(entry.collection, entry.id, entry.doc);
  }
}

const key = (collection: CollectionDefinition, id: string) => `${collection.name}\u0000${id}`;
