/**
 * A cold build: a whole (unpartitioned) projection built into a version that has no checkpoint
 * yet — its first build, or a rebuild into a freshly cleared version. Nobody reads such a version
 * (read-your-writes waits on its checkpoint, and a rebuilt version serves only once switched to),
 * so the documents need not be stored as they stand after each page: the whole feed is one batch,
 * folded through the write-back cache, and each document is written once, at the end — the
 * projection's rows derived once (`flush`), the checkpoint set in the same last transaction.
 *
 * Memory stays bounded by the cache's cap: a changed document the cache evicts goes to a
 * BuildWriter, which writes what it holds in a transaction of its own once it holds `spill`
 * documents (and reads them back from the store when asked for again). Those intermediate
 * transactions carry no checkpoint, so a build killed half way leaves documents behind without
 * one: whoever builds the version next clears it first. Each of them moves a build token
 * (`<projection>.v<version>.build`) on condition that it is still the one this build last wrote,
 * so a worker that lost its lease cannot write into the build of the worker that took over (which
 * cleared the version and claimed the token afresh).
 */
import type { RecordedEvent } from '@app/event-store';
import { randomBytes } from 'node:crypto';
import type { CollectionDefinition, DocumentStore, UnitOfWork } from '../document-store.port';
import {
  checkpointName,
  matchesStreams,
  MemberVersions,
  memberVersions,
  Projection,
  ProjectionTx,
  projectionTx,
  versionedCollections,
  versionPrefix,
  versionPrefixes,
} from './projection';
import { turnOfTheLoop } from './sync';
import type { WriteBackCache } from './write-back-cache';

/**
 * A projection threw while building cold (on an event, or deriving its rows at the end): what it
 * built is not stored as of any event, so the caller starts again page by page, which commits the
 * events before the failing one and names it (ProjectionFailedError).
 */
export class ColdBuildFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('The cold build failed; build it again page by page to find the event.');
    this.name = 'ColdBuildFailed';
  }
}

/** The build stopped between pages (the projector is stopping, the lease was lost). */
export class ColdBuildAbandoned extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ColdBuildAbandoned';
  }
}

export interface ColdBuildOptions {
  cache: WriteBackCache;
  /** Events per page read from the feed; a shorter page is the last. */
  pageSize: number;
  readPage(after: bigint | undefined): Promise<RecordedEvent[]>;
  /** Why to stop, asked before each event; undefined to go on. */
  abandoned(): string | undefined;
  /** Evicted documents written per intermediate transaction (default: the cache's cap). */
  spill?: number;
  /** A group: the version of each member built with it (each at its code's version when left out). */
  members?: MemberVersions;
}

export const buildTokenName = (projection: string, version: number): string =>
  `${versionPrefix(projection, version)}build`;

/**
 * Clears the version, builds it cold from the start of the feed, and returns its checkpoint
 * (undefined when the feed is empty). Throws ColdBuildFailed when the projection throws,
 * ColdBuildAbandoned when asked to stop, CheckpointConflictError when another worker took over.
 */
export async function coldBuild(
  store: DocumentStore,
  projection: Projection,
  version: number,
  o: ColdBuildOptions,
): Promise<bigint | undefined> {
  const members = memberVersions(projection, o.members);
  for (const prefix of versionPrefixes(projection, version, members)) await store.clear(prefix);
  o.cache.discard();
  const writer = new BuildWriter(
    store,
    buildTokenName(projection.name, version),
    o.spill ?? o.cache.maxDocuments,
  );
  await writer.claim();
  const collections = versionedCollections(projection, version, members);
  let position: bigint | undefined;
  try {
    // One `within`, so one transaction object for the whole build: a projection that notes what
    // changed per batch (to derive rows in `flush`) notes it across every page.
    await o.cache.within(writer, async (through) => {
      const tx = projectionTx(through, collections, projection.name, undefined, members);
      for (;;) {
        const page = await o.readPage(position);
        for (const event of page) {
          const reason = o.abandoned();
          if (reason) throw new ColdBuildAbandoned(reason);
          if (matchesStreams(projection, event)) await applyOrFail(projection, event, tx, writer);
          await writer.commitIfFull();
        }
        if (page.length > 0) position = page[page.length - 1].position;
        if (page.length < o.pageSize) break;
        await turnOfTheLoop();
      }
      await applyOrFail(projection, undefined, tx, writer);
    });
    if (position === undefined) return undefined;
    const last = position;
    await writer.commit((uow) =>
      uow.setCheckpoint(checkpointName(projection.name, version), last, { expected: null }),
    );
    o.cache.committed();
    return last;
  } catch (error) {
    o.cache.discard();
    throw error;
  }
}

/** Applies the event (or, with none, derives the rows); a store's refusal is not the projection's. */
async function applyOrFail(
  projection: Projection,
  event: RecordedEvent | undefined,
  tx: ProjectionTx,
  writer: BuildWriter,
) {
  try {
    if (event) await projection.apply(event, tx);
    else await projection.flush?.(tx);
  } catch (cause) {
    throw writer.failure ?? new ColdBuildFailed(cause);
  }
}

interface Spilled {
  collection: CollectionDefinition;
  id: string;
  /** Undefined: deleted. */
  doc: object | undefined;
}

/**
 * Where a cold build's cache writes what it evicts: held until there are `spill` documents, then
 * written in one transaction that moves the build token. Reads see what it holds, then the store.
 */
export class BuildWriter implements ProjectionTx {
  private held = new Map<string, Spilled>();
  /** What the transaction in flight writes, readable until it has committed. */
  private inFlight: Map<string, Spilled> | undefined;
  private committing: Promise<void> | undefined;
  /** Tells this build's tokens from any other's (checkpoints hold decimal digits only). */
  private readonly nonce = BigInt(`0x${randomBytes(8).toString('hex')}`).toString();
  private serial = 0;
  private token: string | null = null;
  /** Why a commit failed (another worker took over, the store is down): the build is over. */
  failure: unknown;

  constructor(
    private readonly store: DocumentStore,
    private readonly tokenName: string,
    private readonly spill: number,
  ) {}

  /** Takes the build: refused when someone else has claimed the (cleared) version since. */
  async claim(): Promise<void> {
    await this.commit();
  }

  get = async <T extends object>(collection: CollectionDefinition<T>, id: string) => {
    const k = key(collection, id);
    const held = this.held.get(k) ?? this.inFlight?.get(k);
    if (held) return held.doc as T | undefined;
    await this.commitIfFull();
    const again = this.held.get(k) ?? this.inFlight?.get(k);
    if (again) return again.doc as T | undefined;
    return this.store.get(collection, id);
  };

  put = <T extends object>(collection: CollectionDefinition<T>, id: string, doc: T) => {
    this.held.set(key(collection, id), { collection, id, doc });
  };

  delete = (collection: CollectionDefinition, id: string) => {
    this.held.set(key(collection, id), { collection, id, doc: undefined });
  };

  async commitIfFull(): Promise<void> {
    if (this.committing) await this.committing;
    if (this.held.size >= this.spill) await this.commit();
  }

  /** Writes what it holds (and whatever `also` adds) with the next build token. */
  async commit(also?: (uow: UnitOfWork) => void): Promise<void> {
    while (this.committing) await this.committing;
    const writes = this.held;
    this.held = new Map();
    this.inFlight = writes;
    const next = `${this.nonce}${String(this.serial + 1).padStart(12, '0')}`;
    this.committing = this.store
      .transaction((uow) => {
        for (const w of writes.values())
          if (w.doc === undefined) uow.delete(w.collection, w.id);
          else uow.put(w.collection, w.id, w.doc);
        uow.setCheckpoint(this.tokenName, next, { expected: this.token });
        also?.(uow);
      })
      .then(
        () => {
          this.serial++;
          this.token = next;
        },
        (error: unknown) => {
          this.failure = error;
          throw error;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        this.committing = undefined;
      });
    await this.committing;
  }
}

const key = (collection: CollectionDefinition, id: string) => `${collection.name}\u0000${id}`;
