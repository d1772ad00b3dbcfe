import type { EventStore, Subscription } from '@app/event-store';
import { CheckpointConflictError, DocumentStore } from '../document-store.port';
import type { LeaseManager } from '../leases/lease-manager.port';
import { applyBatch, ProjectionFailedError } from './apply-batch';
import { ColdBuildAbandoned, ColdBuildFailed, coldBuild } from './cold-build';
import { inBatches } from './in-batches';
import {
  buildMember,
  clearAll,
  firstVersion,
  GroupVersion,
  leftBehind,
  membersOf,
  nextMemberVersion,
  nextVersion,
  prefixesOf,
  putActive,
  readGroupVersions,
  staleMembers,
  versionsOf,
} from './members';
import { PARTITION_BUILDS, startBuild, trySwitch, untilSwitched } from './partition-build';
import { Partition, partitionCheckpointName, partitionLeaseName, WHOLE } from './partitions';
import {
  ACTIVE_VERSIONS,
  MemberVersions,
  Projection,
  ProjectionMember,
  versionPrefix,
} from './projection';
import { Changes, Mutex, sleep, turnOfTheLoop } from './sync';
import { WriteBackCache } from './write-back-cache';

export interface RunnerOptions {
  events: EventStore;
  documents: DocumentStore;
  leases: LeaseManager;
  owner: string;
  leaseTtlMs: number;
  batchSize: number;
  /** Events read and applied in one transaction while rebuilding (through the document cache). */
  rebuildBatchSize: number;
  /** Most documents a rebuild keeps in its write-back cache (see WriteBackCache). */
  rebuildCacheDocuments: number;
  /** Most documents the live feed keeps in its write-back cache from one batch to the next. */
  liveCacheDocuments: number;
  /** Pause between attempts to take the lease, and after a transient failure. */
  retryMs: number;
  /**
   * Whether this worker is under its fair share of the projection's partitions. Over it, a runner
   * waits a lease's length before taking a free partition, so workers under it get it first.
   */
  underShare?: () => boolean;
}

export type RunnerState = 'stopped' | 'standby' | 'running' | 'failed';

/**
 * Where a runner stands, as plain data: what a projections thread sends the process that started
 * it, so that process can answer read-your-writes waits and status without running the projection.
 */
export interface RunnerSnapshot {
  projection: string;
  /** Which partition, when the projection is partitioned. */
  partition?: number;
  state: RunnerState;
  version?: number;
  /** Last global position applied, as a decimal string. */
  position?: string;
  caughtUp: boolean;
  failure?: { position: string; eventType: string; cause: string };
  lastError?: string;
}

/**
 * A rebuild asked of a runner that does not run the projection (any more: its lease, or its
 * partition 0, went to another worker meanwhile). Not a failure of the rebuild: whoever runs the
 * projection can still do it.
 */
export class NotRunningHere extends Error {
  constructor(projection: string, state: RunnerState, name = projection) {
    super(`Projection ${projection} is ${state} on this worker; rebuild ${name} where it runs.`);
    this.name = 'NotRunningHere';
  }
}

const toPosition = (value: string | undefined) => (value === undefined ? undefined : BigInt(value));

/**
 * Runs one projection: takes its lease (or stands by), then applies the global feed from the
 * active version's checkpoint in batches, each committed with the checkpoint. Losing the lease
 * closes the feed; a write that races a new owner fails on the checkpoint condition instead of
 * applying events twice.
 */
export class ProjectionRunner {
  state: RunnerState = 'stopped';
  version: number | undefined;
  /** A group's: the version of each member the live feed writes (see Projection.members). */
  members: MemberVersions | undefined;
  position: bigint | undefined;
  caughtUp = false;
  failure: ProjectionFailedError | undefined;
  lastError: string | undefined;
  /** The same projection as run by a projections thread of this process (see Projector.mirror). */
  remote: RunnerSnapshot | undefined;
  readonly changes = new Changes();
  private readonly mutex = new Mutex();
  /** Rebuilds asked for (the projection's, a member's) run one after the other. */
  private readonly rebuilds = new Mutex();
  private stopping = false;
  private wake = new AbortController();
  private running: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private leaseLost = false;
  /** A partitioned rebuild switched versions: start again from the new version's checkpoint. */
  private switched = false;
  private overShareSince: number | undefined;
  /** This partition's part of a partitioned rebuild, while it runs. */
  building: Promise<void> | undefined;
  /** The live feed's write-back cache, for one version, while this runner holds the lease. */
  private live: { version: string; cache: WriteBackCache } | undefined;

  constructor(
    readonly projection: Projection,
    private readonly o: RunnerOptions,
    readonly partition: Partition = WHOLE,
  ) {}

  private get leaseName(): string {
    return partitionLeaseName(this.projection.name, this.partition);
  }

  private checkpoint(version: number): string {
    return partitionCheckpointName(this.projection.name, version, this.partition);
  }

  get partitioned(): boolean {
    return this.partition.count > 1;
  }

  /** Gives this partition up after the batch in hand, for a worker under its share to take. */
  handOver(): void {
    if (this.state === 'running') this.loseLease();
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.failure = undefined;
    this.state = 'stopped';
    this.wake = new AbortController();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.subscription?.close();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping && this.state !== 'failed') {
      if (this.waitForShare() || !(await this.tryAcquire())) {
        this.state = 'standby';
        this.changes.notify();
        await sleep(this.o.retryMs, this.wake.signal);
        continue;
      }
      const renewal = this.keepLease();
      try {
        await this.runAsOwner();
      } catch (error) {
        if (error instanceof ProjectionFailedError) {
          this.failure = error;
          this.state = 'failed';
        } else if (!(error instanceof CheckpointConflictError)) {
          this.lastError = error instanceof Error ? error.message : String(error);
          await sleep(this.o.retryMs, this.wake.signal);
        }
      } finally {
        clearInterval(renewal);
        // Whoever takes the lease next may write these documents: nothing cached outlives it.
        this.live = undefined;
      }
      if (this.stopping || this.state === 'failed' || this.leaseLost) {
        await this.release();
        if (this.state === 'running') this.state = 'standby';
      }
      // The feed ended by itself (the event store closed): try again later rather than spin.
      else if (this.state === 'running') await sleep(this.o.retryMs, this.wake.signal);
    }
    if (this.state !== 'failed') this.state = 'stopped';
    this.changes.notify();
  }

  /** True while this worker is over its share and has not yet waited a lease's length. */
  private waitForShare(): boolean {
    if (this.state === 'running' || !this.o.underShare || this.o.underShare()) {
      this.overShareSince = undefined;
      return false;
    }
    const now = performance.now();
    this.overShareSince ??= now;
    if (now - this.overShareSince < this.o.leaseTtlMs) return true;
    this.overShareSince = undefined;
    return false;
  }

  private async tryAcquire(): Promise<boolean> {
    try {
      return await this.o.leases.acquire(this.leaseName, this.o.owner, this.o.leaseTtlMs);
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  private async release(): Promise<void> {
    await this.o.leases.release(this.leaseName, this.o.owner).catch(() => undefined);
  }

  private keepLease(): NodeJS.Timeout {
    this.leaseLost = false;
    return setInterval(() => {
      this.o.leases.renew(this.leaseName, this.o.owner, this.o.leaseTtlMs).then(
        (held) => (held ? undefined : this.loseLease()),
        () => this.loseLease(),
      );
    }, this.o.leaseTtlMs / 3);
  }

  private loseLease(): void {
    this.leaseLost = true;
    void this.subscription?.close();
  }

  private async runAsOwner(): Promise<void> {
    this.state = 'running';
    this.caughtUp = false;
    this.switched = false;
    const active = await this.activeVersion();
    this.version = active.version;
    this.members = versionsOf(active);
    this.position = toPosition(
      await this.o.documents.getCheckpoint(this.checkpoint(active.version)),
    );
    this.changes.notify();
    if (this.partitioned) this.joinBuild();
    await this.catchUpLive();
    if (this.stopping || this.leaseLost || this.switched) return;
    const subscription = this.o.events.subscribeToAll({ after: this.position });
    this.subscription = subscription;
    try {
      if (this.stopping || this.leaseLost || this.switched) return;
      for await (const item of inBatches(subscription, this.o.batchSize)) {
        if (this.stopping || this.leaseLost || this.switched) return;
        if (item.kind === 'caught-up') this.caughtUp = true;
        else await this.mutex.run(() => this.applyLive(item.events));
        this.changes.notify();
        await turnOfTheLoop();
      }
    } finally {
      this.subscription = undefined;
      await subscription.close();
    }
  }

  /**
   * A projection far behind (a first build, a worker back after a long stop) catches up as a
   * rebuild does. A first build (no checkpoint yet; the projection whole) is built cold, at once
   * (see coldBuild). Otherwise it goes in full pages of `rebuildBatchSize` events through the
   * write-back cache, which is safe because every commit is conditional on the checkpoint this
   * runner last wrote, so a commit by anyone else fails the next batch, which discards the cache.
   * The first page that is not full is applied in live-sized batches through the live feed's cache
   * (liveCache), and the subscription follows.
   */
  private async catchUpLive(): Promise<void> {
    const cache = new WriteBackCache(this.o.rebuildCacheDocuments);
    let cachedVersion = this.layout();
    if (this.position === undefined && !this.partitioned) {
      // Under the mutex throughout: a rebuild switching versions meanwhile waits for it.
      const abandoned = await this.mutex.run(async () => {
        const version = this.version ?? this.projection.version;
        try {
          this.position = await this.buildCold(version, cache, this.members);
          return false;
        } catch (error) {
          // The loop stops, or another worker carries on (clearing what this one left).
          if (error instanceof ColdBuildAbandoned) return true;
          throw error;
        }
      });
      this.changes.notify();
      if (abandoned) return;
    }
    while (!this.stopping && !this.leaseLost && !this.switched) {
      const full = await this.mutex.run(async () => {
        const version = this.version ?? this.projection.version;
        // A rebuild switched versions in between: the cached documents are the old version's.
        if (this.layout() !== cachedVersion) cache.discard();
        cachedVersion = this.layout();
        const page = await this.readPage(this.position);
        if (page.length < this.o.rebuildBatchSize) {
          // Near the head: apply what was read in live-sized batches rather than read it again.
          for (
            let i = 0;
            i < page.length && !this.stopping && !this.leaseLost;
            i += this.o.batchSize
          ) {
            this.position = await applyBatch(
              this.o.documents,
              this.projection,
              version,
              this.position,
              page.slice(i, i + this.o.batchSize),
              { cache: this.liveCache(), partition: this.partition, members: this.members },
            );
            this.changes.notify();
            await turnOfTheLoop();
          }
          return false;
        }
        this.position = await applyBatch(
          this.o.documents,
          this.projection,
          version,
          this.position,
          page,
          { cache, partition: this.partition, members: this.members },
        );
        return true;
      });
      this.changes.notify();
      if (!full) return;
      await turnOfTheLoop();
    }
  }

  /**
   * Builds a version that has no checkpoint cold (see coldBuild) and returns its checkpoint.
   * Returns undefined when the feed is empty, or, with the version cleared, when the projection
   * threw: building it again page by page then commits what comes before the failing event and
   * names it. Throws ColdBuildAbandoned when the projector is stopping or the lease was lost.
   */
  private async buildCold(
    version: number,
    cache: WriteBackCache,
    members: MemberVersions | undefined,
  ): Promise<bigint | undefined> {
    try {
      return await coldBuild(this.o.documents, this.projection, version, {
        cache,
        members,
        pageSize: this.o.rebuildBatchSize,
        readPage: (after) => this.readPage(after),
        abandoned: () =>
          this.stopping
            ? `Build of ${this.projection.name} abandoned: the projector is stopping.`
            : this.leaseLost
              ? `Build of ${this.projection.name} abandoned: the lease was lost.`
              : undefined,
      });
    } catch (error) {
      if (!(error instanceof ColdBuildFailed)) throw error;
      await clearAll(
        this.o.documents,
        prefixesOf(this.projection, { version, builtWith: 0, members }),
      );
      return undefined;
    }
  }

  private async readPage(after: bigint | undefined) {
    const page = [];
    const maxCount = this.o.rebuildBatchSize;
    for await (const e of this.o.events.readAll({ after, maxCount })) page.push(e);
    return page;
  }

  private async applyLive(events: Parameters<typeof applyBatch>[4]): Promise<void> {
    // After a rebuild switched versions, events up to the new version's checkpoint are skipped.
    const version = this.version ?? this.projection.version;
    this.position = await applyBatch(
      this.o.documents,
      this.projection,
      version,
      this.position,
      events,
      { cache: this.liveCache(), partition: this.partition, members: this.members },
    );
  }

  /**
   * Live batches go through a write-back cache kept from one batch to the next, so a document a
   * batch reads and rewrites several times (a pupil's journey, then its rows in `flush`) is parsed
   * at most once and serialised once, and one the next batch needs again is not read at all. That
   * is right for the same reason as catchUpLive's cache: while this runner holds the lease, every
   * commit is conditional on the checkpoint it last wrote, so a write by anyone else fails the next
   * batch, and a failed batch discards the cache. It is dropped with the lease (runAsOwner's end)
   * and replaced when the version changes; `liveCacheDocuments` bounds it, as thirteen projections
   * in an api process each keep one.
   */
  private liveCache(): WriteBackCache {
    const version = this.layout();
    if (this.live?.version !== version)
      this.live = { version, cache: new WriteBackCache(this.o.liveCacheDocuments) };
    return this.live.cache;
  }

  /** The versions the live feed writes, as one value: cached documents are only good for them. */
  private layout(): string {
    const version = this.version ?? this.projection.version;
    return this.members ? `${version}:${JSON.stringify(this.members)}` : String(version);
  }

  /**
   * The active version, creating it on first start and rebuilding it when the code changed. A
   * group whose fold is unchanged but some members' rows are derives those members' rows again
   * from its documents (buildMembers), each switched on its own.
   */
  private async activeVersion(): Promise<GroupVersion> {
    const { name, version } = this.projection;
    let active: GroupVersion | undefined = await this.o.documents.get(ACTIVE_VERSIONS, name);
    if (!active) {
      active = await this.firstActive();
      if (active.builtWith === version) return active;
    } else if (this.projection.members && !active.members) {
      // Kept by a projection of the group's name that had no members: nothing reads it now.
      await this.o.documents.clear(versionPrefix(name, active.version));
      active = await this.placeholder();
    }
    const stale = staleMembers(this.projection, active);
    if (active.builtWith === version && stale.length === 0) return active;
    // Partitions build the new version side by side while the old one serves (see joinBuild).
    if (this.partitioned) {
      if (this.partition.index === 0) await startBuild(this.o.documents, this.projection, active);
      return active;
    }
    if (active.builtWith !== version) return this.buildAndSwitch(active);
    for (const member of stale)
      active = await this.rebuilds.run(() => this.mutex.run(() => this.switchMember(member)));
    return active;
  }

  /** The first version of a projection nobody ran yet (see placeholder for a group's). */
  private async firstActive(): Promise<GroupVersion> {
    // One read of the group's entry and its members' (written together), so members first put by
    // another partition's runner are never taken for members the group did not build.
    const at = await readGroupVersions(this.o.documents, this.projection);
    if (at.active) return at.active;
    if (Object.values(at.serving).some((v) => v !== undefined)) return this.placeholder();
    const first = firstVersion(this.projection);
    await this.o.documents.transaction((uow) => putActive(uow, this.projection, first));
    return first;
  }

  /**
   * A group whose members already serve reads it did not build (kept before by projections of
   * their own, or by a projection of the group's name that had no members) starts from a version
   * that writes members' versions 0, which nobody reads, and is rebuilt at once: the members keep
   * serving what they served until the group's first build switches them over.
   */
  private async placeholder(): Promise<GroupVersion> {
    const members = membersOf(this.projection).map((m) => [m.name, { version: 0, builtWith: 0 }]);
    const active = { version: 0, builtWith: 0, members: Object.fromEntries(members) };
    await this.o.documents.put(ACTIVE_VERSIONS, this.projection.name, active);
    return active;
  }

  /** Rebuilds the running projection into a new version; the old one serves reads until the switch. */
  rebuild(): Promise<void> {
    // One rebuild of a group at a time: a member's and the group's would pick the same versions.
    return this.rebuilds.run(() => this.rebuildWhole());
  }

  private async rebuildWhole(): Promise<void> {
    if (this.state !== 'running') throw new NotRunningHere(this.projection.name, this.state);
    const active: GroupVersion | undefined = await this.o.documents.get(
      ACTIVE_VERSIONS,
      this.projection.name,
    );
    if (!active) throw new Error(`Projection ${this.projection.name} has no active version yet.`);
    if (!this.partitioned) {
      await this.buildAndSwitch(active);
      return;
    }
    await startBuild(this.o.documents, this.projection, active);
    this.joinBuild();
    await untilSwitched(this.o.documents, this.projection.name, active.version, this.o.retryMs);
  }

  /**
   * A partitioned rebuild: whoever holds partition 0 starts it (startBuild); each partition's
   * owner builds its part of the new version while serving the old; whoever holds partition 0
   * switches once every partition of the new version has reached where the old one stood
   * (trySwitch), and each partition then carries on in the new version.
   */
  joinBuild(): void {
    if (this.building || !this.partitioned) return;
    this.building = this.buildPartition()
      .catch((error: unknown) => {
        if (error instanceof ProjectionFailedError) {
          this.failure = error;
          this.state = 'failed';
          this.loseLease();
        } else this.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => (this.building = undefined));
  }

  private async buildPartition(): Promise<void> {
    const { name } = this.projection;
    const cache = new WriteBackCache(this.o.rebuildCacheDocuments);
    while (!this.stopping && !this.leaseLost) {
      const build = await this.o.documents.get(PARTITION_BUILDS, name);
      const active = await this.o.documents.get(ACTIVE_VERSIONS, name);
      if (!build || !active) break;
      if (active.version === build.version) break;
      await this.catchUp(build.version, cache, versionsOf(build));
      if (this.partition.index === 0)
        await trySwitch(this.o.documents, this.projection, build, active, this.partition.count);
      await sleep(this.o.retryMs, this.wake.signal);
    }
    // Switched: carry on from this partition's checkpoint in the new version (a new feed), whether
    // the live feed is open now or about to be.
    const active = await this.o.documents.get(ACTIVE_VERSIONS, name);
    if (!this.stopping && !this.leaseLost && active && active.version !== this.version) {
      this.switched = true;
      await this.subscription?.close();
    }
  }

  private async buildAndSwitch(active: GroupVersion): Promise<GroupVersion> {
    const before = await readGroupVersions(this.o.documents, this.projection);
    const next = nextVersion(this.projection, { ...before, active });
    const members = versionsOf(next);
    // Nobody else writes the version being built, so its documents can stay cached throughout.
    const cache = new WriteBackCache(this.o.rebuildCacheDocuments);
    // Most of the work happens while the live version keeps applying events; only the last
    // stretch, the switch and the hand-over of the live feed happen under the mutex. The build
    // is cold (it clears the version first); when the projection threw, catchUp builds it again
    // page by page and stops at the failing event.
    await this.buildCold(next.version, cache, members);
    await this.catchUp(next.version, cache, members);
    await this.mutex.run(async () => {
      const position = await this.catchUp(next.version, cache, members);
      await this.o.documents.transaction((uow) => putActive(uow, this.projection, next));
      this.version = next.version;
      this.members = members;
      this.position = position;
    });
    await clearAll(this.o.documents, leftBehind(this.projection, { ...before, active }, next));
    this.changes.notify();
    return next;
  }

  /**
   * Derives one member of a group again into a new version of its own, from the group's
   * documents (no event is read), and switches that member alone; the other members and the
   * fold are untouched. Runs under the mutex: the live feed waits for it (it costs a pass over
   * the group's documents, not over the feed). A partitioned group rebuilds whole instead.
   */
  rebuildMember(name: string): Promise<void> {
    const member = membersOf(this.projection).find((m) => m.name === name);
    if (!member) throw new Error(`Projection ${this.projection.name} has no member ${name}.`);
    return this.rebuilds.run(async () => {
      if (this.state !== 'running')
        throw new NotRunningHere(this.projection.name, this.state, name);
      if (this.partitioned) return this.rebuildWhole();
      await this.mutex.run(() => this.switchMember(member));
    });
  }

  private async switchMember(member: ProjectionMember): Promise<GroupVersion> {
    const at = await readGroupVersions(this.o.documents, this.projection);
    const active = at.active;
    if (!active) throw new Error(`Projection ${this.projection.name} has no active version yet.`);
    const next: GroupVersion = {
      ...active,
      members: { ...active.members, [member.name]: nextMemberVersion(member, at) },
    };
    const checkpoint = this.checkpoint(active.version);
    const position = await this.o.documents.getCheckpoint(checkpoint);
    // The member's build rewrites the group's documents: nothing cached of them stays good.
    this.live = undefined;
    await buildMember(this.o.documents, this.projection, member, {
      version: next,
      cache: new WriteBackCache(this.o.rebuildCacheDocuments),
      pageSize: 500,
      abandoned: () =>
        this.stopping
          ? `Rebuild of ${member.name} abandoned: the projector is stopping.`
          : this.leaseLost
            ? `Rebuild of ${member.name} abandoned: the lease was lost.`
            : undefined,
      switchTo: (uow) => {
        putActive(uow, this.projection, next);
        // Only if the group has not moved on meanwhile (another worker took it over).
        if (position !== undefined) uow.setCheckpoint(checkpoint, position, { expected: position });
      },
    });
    if (active.version === this.version) this.members = versionsOf(next);
    await clearAll(this.o.documents, leftBehind(this.projection, at, next));
    this.changes.notify();
    return next;
  }

  /**
   * Applies everything stored after a version's checkpoint in large pages, each one transaction
   * through the write-back cache; returns the new checkpoint.
   */
  private async catchUp(
    version: number,
    cache: WriteBackCache,
    members: MemberVersions | undefined,
  ): Promise<bigint | undefined> {
    let position = toPosition(await this.o.documents.getCheckpoint(this.checkpoint(version)));
    for (;;) {
      // A rebuild can take minutes: stopping abandons it (the next one starts by clearing it).
      if (this.stopping)
        throw new Error(`Rebuild of ${this.projection.name} abandoned: the projector is stopping.`);
      const page = await this.readPage(position);
      if (page.length === 0) return position;
      position = await applyBatch(this.o.documents, this.projection, version, position, page, {
        cache,
        partition: this.partition,
        members,
      });
      await turnOfTheLoop();
    }
  }

  /** Where this projection is: in memory while it runs here, from the store while another worker runs it. */
  async reachedPosition(): Promise<bigint | undefined> {
    return (await this.whereItStands()).position;
  }

  snapshot(): RunnerSnapshot {
    const f = this.failure;
    return {
      projection: this.projection.name,
      ...(this.partitioned ? { partition: this.partition.index } : {}),
      state: this.state,
      version: this.version,
      position: this.position?.toString(),
      caughtUp: this.caughtUp,
      failure: f && {
        position: f.position.toString(),
        eventType: f.eventType,
        cause: f.cause instanceof Error ? f.cause.message : String(f.cause),
      },
      lastError: this.lastError,
    };
  }

  /** Why the projection stopped, here or in the projections thread; undefined while it has not. */
  failed(): ProjectionFailedError | undefined {
    const f = this.remote?.state === 'failed' ? this.remote.failure : undefined;
    return (
      this.failure ??
      (f &&
        new ProjectionFailedError(
          this.projection.name,
          BigInt(f.position),
          f.eventType,
          new Error(f.cause),
        ))
    );
  }

  /** The version serving reads and its position, read from the store unless it runs here. */
  async whereItStands(): Promise<{ version?: number; position?: bigint }> {
    if (this.state === 'running') return { version: this.version, position: this.position };
    // The thread sends its position after each commit: never ahead of what the store holds.
    if (this.remote?.state === 'running' && this.remote.position !== undefined)
      return { version: this.remote.version, position: BigInt(this.remote.position) };
    const active = await this.o.documents.get(ACTIVE_VERSIONS, this.projection.name);
    if (!active) return {};
    return {
      version: active.version,
      position: toPosition(await this.o.documents.getCheckpoint(this.checkpoint(active.version))),
    };
  }
}
