import type { RecordedEvent } from '@app/event-store';
import type { CollectionDefinition, UnitOfWork } from '../document-store.port';
import { defineCollection } from '../document-store.port';
import type { Partition } from './partitions';

/** What a projection may do while applying an event: read current documents and write changes. */
export type ProjectionTx = Pick<UnitOfWork, 'get' | 'put' | 'delete'> & {
  /** A group's transaction: the version of each member whose rows it writes (see Projection.members). */
  readonly members?: MemberVersions;
};

/**
 * Member name -> the member's version a group's transaction writes that member's rows into, with
 * the member's code version it was built with: what a member keeps of its rows in the group's
 * documents is kept under the latter, so versions built by the same code (a rebuild of the group,
 * a member derived again on request) keep the same, and versions built by different code keep
 * theirs side by side while the old one serves.
 */
export type MemberVersions = Readonly<Record<string, ActiveVersion>>;

/**
 * A view kept by a group (see Projection.members): it has its own name (its rows' reads, status,
 * rebuild by name), its own version and its own collections, stored as
 * `<member>.v<member version>.<collection>`, beside the group's.
 */
export interface ProjectionMember {
  name: string;
  /** Bump it when the member's rows change: only its rows are derived again (see members). */
  version: number;
  collections: CollectionDefinition[];
}

/**
 * Several views folded by one projection: one runner reads the feed once and folds each subject
 * (a pupil) once into one document of the group's, from which each member's rows are derived.
 * The group's `version` is the fold's: bumping it rebuilds the group and every member from the
 * feed. A member's own version is its rows': when only it changed, the runner derives that
 * member's rows afresh from the group's documents (`derive`, page by page, no feed read) into a
 * new version of the member's collections, and switches that member's reads over; the other
 * members are not touched. Whatever a member keeps to replace its rows next time (the ids it
 * wrote, a total's contributions) is kept per member version in the group's documents.
 */
export interface ProjectionMembers {
  views: readonly ProjectionMember[];
  /** The group's collection whose documents each member's rows are derived from. */
  source: CollectionDefinition;
  /**
   * Derives `member`'s rows of these documents of `source` as if the member had none yet, into
   * the member version `tx.members` names, and puts each document back with what it keeps.
   */
  derive(member: string, documents: object[], tx: ProjectionTx): Promise<void>;
}

/**
 * A read model kept from the global feed.
 *
 * The documents `apply` gets are shared, not copies: a rebuild (and a far-behind catch-up) runs
 * through a write-back cache (WriteBackCache) whose `get` returns the object it holds and whose
 * `put` keeps the object given, serialising it only when the batch commits. So `apply` may change
 * a document it got only if it puts that document (or one built from it) back in the same call,
 * and must not change an object after putting it except to put it again. Changing `before`'s
 * parts in place and putting a new document holding them (as `casework` does with a register) is
 * fine; changing a document read for reference (a family, the settings) is not.
 */
export interface Projection {
  /** Letters, digits, `_`, `-` (it prefixes collection and checkpoint names). */
  name: string;
  /** Bump it when `apply` or the collections change: the projector rebuilds into a new version. */
  version: number;
  /** Only events of streams starting with one of these (e.g. `pupil-`); all when omitted. */
  streamPrefixes?: string[];
  collections: CollectionDefinition[];
  /** Pure: the same events give the same documents (rebuilds and retried batches rely on it). */
  apply(event: RecordedEvent, tx: ProjectionTx): void | Promise<void>;
  /**
   * Declaring it lets a deployment split the projection into partitions (PROJECTION_PARTITIONS),
   * each applying the events whose key hashes to it. The key is the pupil the event belongs to
   * (typically from the stream id); null means every partition must see the event (a family's or
   * the code of conduct's events, which each partition keeps in a `perPartition` collection).
   * Collections written under a key must be keyed by it (rows per pupil), so partitions write
   * disjoint documents; anything read by a broadcast event must be `perPartition`, or a partition
   * would act on another's pupil. A projection without it runs whole.
   */
  partitionKey?(event: RecordedEvent): string | null;
  /**
   * Called once at the end of each batch, after `apply` has seen its events, with the same `tx`
   * (the batch's own: one object per batch, so a projection may note per `tx` what changed). A
   * projection that folds a state per event and derives its rows from it may derive them here,
   * once per batch for each state that changed, rather than once per event: a rebuild's batch
   * holds thousands of events, many of them the same pupil's. Pure like `apply`: the rows must be
   * those that deriving them after every event would leave (the differential and cache tests
   * compare).
   *
   * A cold build (cold-build.ts) is one batch from the start of the feed to its head, committed
   * in several transactions: `flush` runs once, at the end. Meanwhile a document `apply` put may
   * have been evicted from the cache, stored and read back from the store before `flush` sees it,
   * so whatever `flush` needs to derive and replace rows (the ids written last time, a pupil's
   * contribution to a total) must be kept in the documents themselves, not in memory.
   */
  flush?(tx: ProjectionTx): void | Promise<void>;
  /** A group of views folded once (see ProjectionMembers); `collections` are then the fold's own. */
  members?: ProjectionMembers;
}

/** Which version of a projection serves reads, and which projection version built it. */
export interface ActiveVersion {
  version: number;
  builtWith: number;
}

/** One document per projection: the "active version" pointer, switched in one write. */
export const ACTIVE_VERSIONS = defineCollection<ActiveVersion>({ name: '_projections' });

/**
 * A rebuild asked for by a process that may not run the projection (the api's admin endpoint, the
 * rebuild CLI); whichever process holds the projection's lease picks it up. Deleted once the new
 * version is serving; left with `failed` set when the rebuild failed.
 */
export interface RebuildRequest {
  requestedAt: string;
  /** The version serving reads when it was asked for (null: none yet); done when it has changed. */
  fromVersion: number | null;
  failed?: string;
}

export const REBUILD_REQUESTS = defineCollection<RebuildRequest>({ name: '_rebuild_requests' });

export const versionPrefix = (projection: string, version: number): string =>
  `${projection}.v${version}.`;

export const checkpointName = (projection: string, version: number): string =>
  `${versionPrefix(projection, version)}position`;

/**
 * The stored collections of one version: `<projection>.v<version>.<collection>`; a group's
 * members' as `<member>.v<member version>.<collection>` (each member at its own version in
 * `members`, at its code's version when not named there).
 */
export function versionedCollections(
  projection: Pick<Projection, 'name' | 'collections' | 'members'>,
  version: number,
  members?: MemberVersions,
): Map<string, CollectionDefinition> {
  const prefixed = (prefix: string, collections: readonly CollectionDefinition[]) =>
    collections.map((c) => [c.name, { ...c, name: `${prefix}${c.name}` }] as const);
  return new Map([
    ...prefixed(versionPrefix(projection.name, version), projection.collections),
    ...(projection.members?.views ?? []).flatMap((m) =>
      prefixed(versionPrefix(m.name, members?.[m.name]?.version ?? m.version), m.collections),
    ),
  ]);
}

/** Each member of a group at its code's version, or at the version given. */
export const memberVersions = (
  projection: Pick<Projection, 'members'>,
  given?: MemberVersions,
): MemberVersions | undefined =>
  projection.members &&
  Object.fromEntries(
    projection.members.views.map((m) => [
      m.name,
      given?.[m.name] ?? { version: m.version, builtWith: m.version },
    ]),
  );

/** What one version holds in the store: the projection's prefix, and its members' at theirs. */
export const versionPrefixes = (
  projection: Pick<Projection, 'name' | 'members'>,
  version: number,
  members?: MemberVersions,
): string[] => [
  versionPrefix(projection.name, version),
  ...(projection.members?.views ?? []).map((m) =>
    versionPrefix(m.name, members?.[m.name]?.version ?? m.version),
  ),
];

export function versioned<T extends object>(
  collections: Map<string, CollectionDefinition>,
  collection: CollectionDefinition<T>,
  projection: string,
): CollectionDefinition<T> {
  const found = collections.get(collection.name);
  if (!found)
    throw new Error(`Projection ${projection} does not declare the collection ${collection.name}.`);
  return found as CollectionDefinition<T>;
}

/** The unit of work as a projection sees it: its own collection names, in the version being built. */
export function projectionTx(
  uow: ProjectionTx,
  collections: Map<string, CollectionDefinition>,
  projection: string,
  partition?: Partition,
  members?: MemberVersions,
): ProjectionTx {
  // A partition's private documents live under its own prefix (see CollectionDefinition.perPartition).
  const key = (c: CollectionDefinition, id: string) =>
    partition && partition.count > 1 && c.perPartition ? `p${partition.index}:${id}` : id;
  return {
    get: (c, id) => uow.get(versioned(collections, c, projection), key(c, id)),
    put: (c, id, doc) => uow.put(versioned(collections, c, projection), key(c, id), doc),
    delete: (c, id) => uow.delete(versioned(collections, c, projection), key(c, id)),
    ...(members ? { members } : {}),
  };
}

export const matchesStreams = (projection: Projection, event: RecordedEvent): boolean =>
  !projection.streamPrefixes?.length ||
  projection.streamPrefixes.some((p) => event.streamId.startsWith(p));
