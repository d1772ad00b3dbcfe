/**
 * The versions of a group of views (Projection.members). The group's own entry in ACTIVE_VERSIONS
 * records, beside the fold's version, the version of each member its runner writes; each member
 * also has an entry of its own under its name, which its readers, status and rebuild-by-name read
 * (ProjectionReader works for a member as for any projection). Every switch writes the group's
 * entry and the members' in one transaction.
 */
import type { DocumentStore, UnitOfWork } from '../document-store.port';
import { BuildWriter, buildTokenName, ColdBuildAbandoned } from './cold-build';
import {
  ACTIVE_VERSIONS,
  ActiveVersion,
  MemberVersions,
  Projection,
  ProjectionMember,
  projectionTx,
  versioned,
  versionedCollections,
  versionPrefix,
  versionPrefixes,
} from './projection';
import type { WriteBackCache } from './write-back-cache';

/** A projection's active version; a group's with the version of each member it writes. */
export interface GroupVersion extends ActiveVersion {
  members?: Record<string, ActiveVersion>;
}

/** Where a group stands: its own entry, and each member's entry as readers see it. */
export interface GroupVersions {
  active: GroupVersion | undefined;
  /** Member name -> the member's own entry (undefined: none yet). */
  serving: Record<string, ActiveVersion | undefined>;
}

export const membersOf = (projection: Pick<Projection, 'members'>): readonly ProjectionMember[] =>
  projection.members?.views ?? [];

/** The member versions a group version writes (undefined for a projection that is no group). */
export const versionsOf = (version: GroupVersion): MemberVersions | undefined => version.members;

export async function readGroupVersions(
  documents: DocumentStore,
  projection: Projection,
): Promise<GroupVersions> {
  const [active, ...entries] = await documents.getMany(ACTIVE_VERSIONS, [
    projection.name,
    ...membersOf(projection).map((m) => m.name),
  ]);
  return {
    active,
    serving: Object.fromEntries(membersOf(projection).map((m, i) => [m.name, entries[i]])),
  };
}

/** A member's next version: past both what the group writes and what readers read, and the code's. */
export function nextMemberVersion(member: ProjectionMember, at: GroupVersions): ActiveVersion {
  const written = at.active?.members?.[member.name]?.version ?? 0;
  const serving = at.serving[member.name]?.version ?? 0;
  return {
    version: Math.max(written + 1, serving + 1, member.version),
    builtWith: member.version,
  };
}

/** The next version of a projection (a group's with the next version of every member). */
export function nextVersion(projection: Projection, at: GroupVersions): GroupVersion {
  const version = {
    version: Math.max((at.active?.version ?? 0) + 1, projection.version),
    builtWith: projection.version,
  };
  if (!projection.members) return version;
  return {
    ...version,
    members: Object.fromEntries(
      membersOf(projection).map((m) => [m.name, nextMemberVersion(m, at)]),
    ),
  };
}

/** A group's first version: the code's, each member at its own code's version. */
export const firstVersion = (projection: Projection): GroupVersion => ({
  version: projection.version,
  builtWith: projection.version,
  ...(projection.members && {
    members: Object.fromEntries(
      membersOf(projection).map((m) => [m.name, { version: m.version, builtWith: m.version }]),
    ),
  }),
});

/** Makes `next` the version serving reads: the projection's entry and its members'. */
export function putActive(
  uow: Pick<UnitOfWork, 'put'>,
  projection: Projection,
  next: GroupVersion,
) {
  uow.put(ACTIVE_VERSIONS, projection.name, next);
  for (const [name, version] of Object.entries(next.members ?? {}))
    uow.put(ACTIVE_VERSIONS, name, { version: version.version, builtWith: version.builtWith });
}

/** The members whose rows' code changed since their version was built (none for a plain projection). */
export const staleMembers = (projection: Projection, active: GroupVersion): ProjectionMember[] =>
  membersOf(projection).filter((m) => active.members?.[m.name]?.builtWith !== m.version);

/**
 * What a switch from `before` to `next` leaves behind: the old version's prefixes, and each
 * member's older versions (the group's and the one its readers read, when they differ), never a
 * version `next` uses.
 */
export function leftBehind(
  projection: Projection,
  before: GroupVersions,
  next: GroupVersion,
): string[] {
  const old = new Set<string>();
  if (before.active && before.active.version !== next.version)
    old.add(versionPrefix(projection.name, before.active.version));
  for (const m of membersOf(projection)) {
    const now = next.members?.[m.name]?.version;
    for (const v of [before.active?.members?.[m.name]?.version, before.serving[m.name]?.version])
      if (v !== undefined && v !== now) old.add(versionPrefix(m.name, v));
  }
  return [...old];
}

export async function clearAll(documents: DocumentStore, prefixes: readonly string[]) {
  for (const prefix of prefixes) await documents.clear(prefix);
}

/** Everything a version of a projection holds (a group's with its members' versions). */
export const prefixesOf = (projection: Projection, version: GroupVersion): string[] =>
  versionPrefixes(projection, version.version, versionsOf(version));

export interface MemberBuildOptions {
  /** The group's version serving reads, with the member at the version to build. */
  version: GroupVersion;
  cache: WriteBackCache;
  /** Source documents read per page (at most 1,000). */
  pageSize: number;
  abandoned(): string | undefined;
  /** Written with the last page: the switch (and the condition that the group has not moved). */
  switchTo(uow: UnitOfWork): void;
}

/**
 * Derives one member's rows afresh from the group's documents into the member's version in
 * `o.version` (cleared first), page by page through the write-back cache, and switches in the
 * transaction of the last page. No event is read. The pages move a build token, as a cold build's
 * do (BuildWriter), so a worker that lost the group's lease cannot write into the build of the
 * one that took over. A build stopped half way leaves the member's old version serving; the next
 * starts again by clearing.
 */
export async function buildMember(
  documents: DocumentStore,
  projection: Projection,
  member: ProjectionMember,
  o: MemberBuildOptions,
): Promise<void> {
  const group = projection.members;
  if (!group) throw new Error(`Projection ${projection.name} has no members.`);
  const members = versionsOf(o.version) ?? {};
  const target = members[member.name].version;
  await documents.clear(versionPrefix(member.name, target));
  o.cache.discard();
  const writer = new BuildWriter(
    documents,
    buildTokenName(member.name, target),
    o.cache.maxDocuments,
  );
  await writer.claim();
  const collections = versionedCollections(projection, o.version.version, members);
  const source = versioned(collections, group.source, projection.name);
  try {
    await o.cache.within(writer, async (through) => {
      const tx = projectionTx(through, collections, projection.name, undefined, members);
      let cursor: string | undefined;
      do {
        const reason = o.abandoned();
        if (reason) throw new ColdBuildAbandoned(reason);
        const page = await documents.query(source, { limit: o.pageSize, cursor });
        await group.derive(member.name, page.items, tx);
        await writer.commitIfFull();
        cursor = page.nextCursor;
      } while (cursor);
    });
    await writer.commit(o.switchTo);
    o.cache.committed();
  } catch (error) {
    o.cache.discard();
    throw error;
  }
}
