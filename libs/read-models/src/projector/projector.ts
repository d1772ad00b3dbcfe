import { type EventStore, headPosition } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DocumentStore } from '../document-store.port';
import { InProcessLeaseManager } from '../leases/in-process-lease-manager';
import type { LeaseManager } from '../leases/lease-manager.port';
import { membersOf } from './members';
import { ACTIVE_VERSIONS, Projection, REBUILD_REQUESTS } from './projection';
import { PARTITION_BUILDS } from './partition-build';
import { MAX_PARTITIONS, partitionsOf } from './partitions';
import { NotRunningHere, ProjectionRunner, RunnerSnapshot, RunnerState } from './projection-runner';
import { WorkerShare } from './worker-share';

export interface ProjectorOptions {
  events: EventStore;
  documents: DocumentStore;
  projections: Projection[];
  /** Who owns which projection when several workers run; in-process by default (one worker). */
  leases?: LeaseManager;
  /** This worker's name in the leases; unique by default. */
  owner?: string;
  leaseTtlMs?: number;
  /** Most events applied in one transaction. */
  batchSize?: number;
  /** Events read and applied in one transaction while rebuilding (default 10,000). */
  rebuildBatchSize?: number;
  /** Most documents a rebuild holds in its write-back cache (default 20,000). */
  rebuildCacheDocuments?: number;
  /** Most documents each runner's live feed keeps cached between batches (default 1,000). */
  liveCacheDocuments?: number;
  retryMs?: number;
  /** How often a running projector looks for rebuilds asked for by other processes. */
  requestPollMs?: number;
  /**
   * Projections run as several partitions (name -> count; PROJECTION_PARTITIONS): each partition
   * has its own lease and checkpoint, and workers on the same stores share them out. A projection
   * must declare `partitionKey` to be partitioned; one partition (the default) is the whole.
   */
  partitions?: Record<string, number>;
}

/** One partition of a partitioned projection, as status shows it. */
export interface PartitionStatus {
  partition: number;
  state: RunnerState;
  position: string | undefined;
  /** This process runs the partition. */
  here: boolean;
}

export interface ProjectionStatus {
  projection: string;
  state: RunnerState;
  /** The version serving reads (undefined before the projection first ran anywhere). */
  version: number | undefined;
  /** Last global position applied, as a decimal string. */
  position: string | undefined;
  caughtUp: boolean;
  /** Events in the global feed after `position`. */
  lag: string;
  /** When failed: the position of the event the projection could not apply. */
  failedAt?: string;
  error?: string;
  /** A rebuild is running in this process. */
  rebuilding: boolean;
  /** When a rebuild was asked for that has not finished yet (or why it failed). */
  rebuildRequested?: { requestedAt: string; failed?: string };
  /**
   * A member of a group (Projection.members): the group that folds it. Its state, position and
   * partitions are the group's; its version and rebuild its own.
   */
  group?: string;
  /**
   * Partitioned projections only: each partition. `position` above is then the least of theirs
   * (what read-your-writes waits for) and `state` the state of the partitions run here.
   */
  partitions?: PartitionStatus[];
}

/** No projection of that name: `names` are the ones there are. */
export class UnknownProjection extends Error {
  constructor(
    readonly projection: string,
    readonly names: string[],
  ) {
    super(
      `There is no projection named "${projection}"; the projections are: ${names.join(', ')}.`,
    );
    this.name = 'UnknownProjection';
  }
}

/** `waitForPosition` ran out of time: the projection is behind (not failed). */
export class PositionWaitTimeout extends Error {
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly timeoutMs: number,
  ) {
    super(`Projection ${projection} has not reached position ${position} within ${timeoutMs} ms.`);
    this.name = 'PositionWaitTimeout';
  }
}

/** How often a wait re-reads the store when another worker runs the projection. */
const WAIT_POLL_MS = 50;

/**
 * Keeps projections up to date from the event store's global feed. Each projection has its own
 * runner, lease and checkpoint, so one failing projection does not hold back the others.
 */
export class Projector {
  /** Each projection's runners: one, or one per partition. */
  private readonly runners = new Map<string, ProjectionRunner[]>();
  /** A group's members by name -> the group's name. */
  private readonly groupOf = new Map<string, string>();
  private readonly rebuilding = new Map<string, Promise<void>>();
  private requestTimer: NodeJS.Timeout | undefined;
  private readonly workers: WorkerShare | undefined;

  constructor(private readonly options: ProjectorOptions) {
    const leases = options.leases ?? new InProcessLeaseManager();
    const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    const leaseTtlMs = options.leaseTtlMs ?? 10_000;
    const partitioned = Object.entries(options.partitions ?? {}).filter(([, n]) => n > 1);
    for (const [name, count] of partitioned) {
      const projection = options.projections.find((p) => p.name === name);
      if (!projection)
        throw new Error(`Partitions are set for ${name}, which is not a projection run here.`);
      if (!projection.partitionKey)
        throw new Error(
          `Projection ${name} declares no partitionKey, so it cannot be partitioned.`,
        );
      if (!Number.isInteger(count) || count > MAX_PARTITIONS)
        throw new Error(`Projection ${name} can have 1 to ${MAX_PARTITIONS} partitions.`);
    }
    if (partitioned.length) this.workers = new WorkerShare(leases, owner, leaseTtlMs);
    for (const projection of options.projections) {
      if (this.runners.has(projection.name))
        throw new Error(`Two projections are named ${projection.name}.`);
      const count = options.partitions?.[projection.name] ?? 1;
      const runners: ProjectionRunner[] = partitionsOf(count).map(
        (partition) =>
          new ProjectionRunner(
            projection,
            {
              events: options.events,
              documents: options.documents,
              leases,
              owner,
              leaseTtlMs,
              batchSize: options.batchSize ?? 200,
              rebuildBatchSize: options.rebuildBatchSize ?? 10_000,
              rebuildCacheDocuments: options.rebuildCacheDocuments ?? 20_000,
              liveCacheDocuments: options.liveCacheDocuments ?? 1_000,
              retryMs: options.retryMs ?? 1_000,
              underShare:
                count > 1
                  ? (): boolean => this.workers?.underShare(runners, count) ?? true
                  : undefined,
            },
            partition,
          ),
      );
      this.runners.set(projection.name, runners);
      for (const member of membersOf(projection)) {
        if (this.runners.has(member.name) || this.groupOf.has(member.name))
          throw new Error(`Two projections are named ${member.name}.`);
        this.groupOf.set(member.name, projection.name);
      }
    }
  }

  /** Every projection run here by name, each group followed by its members. */
  get names(): string[] {
    return [...this.runners.values()].flatMap(([r]) => [
      r.projection.name,
      ...membersOf(r.projection).map((m) => m.name),
    ]);
  }

  private all(): ProjectionRunner[] {
    return [...this.runners.values()].flat();
  }

  start(): void {
    this.workers?.start(() => this.handOverExcess());
    for (const runner of this.all()) runner.start();
    this.requestTimer ??= setInterval(
      () => void this.takeRebuildRequests(),
      this.options.requestPollMs ?? 1_000,
    );
  }

  /** Finishes the batch in hand, abandons a rebuild in progress, releases the leases and returns. */
  async stop(): Promise<void> {
    clearInterval(this.requestTimer);
    this.requestTimer = undefined;
    this.workers?.stop();
    await Promise.all(this.all().map((r) => r.stop()));
    await Promise.allSettled([...this.rebuilding.values()]);
    await Promise.allSettled(this.all().map((r) => r.building));
  }

  /** A worker joined: give up partitions held over the fair share, one per projection at a time. */
  private handOverExcess(): void {
    for (const runners of this.runners.values()) {
      if (runners.length === 1) continue;
      const held = runners.filter((r) => r.state === 'running');
      if (held.length > (this.workers?.share(runners.length) ?? held.length))
        held[held.length - 1].handOver();
    }
  }

  /**
   * Read-your-writes: resolves once every projection has applied the feed up to `position` (the
   * position an append returned). Rejects when a projection failed before it, or on timeout.
   */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    await Promise.all(
      this.all().map(async (runner) => {
        for (;;) {
          const reached = await runner.reachedPosition();
          if (reached !== undefined && reached >= position) return;
          const failure = runner.failed();
          if (failure) throw failure;
          const left = deadline - performance.now();
          if (left <= 0) throw new PositionWaitTimeout(runner.projection.name, position, timeoutMs);
          await runner.changes.wait(Math.min(left, WAIT_POLL_MS));
        }
      }),
    );
  }

  /** Where each projection run here stands, as plain data (see `mirror`). */
  snapshots(): RunnerSnapshot[] {
    return this.all().map((r) => r.snapshot());
  }

  /** Calls `listener` whenever a projection run here moves on or changes state. */
  watch(listener: () => void): () => void {
    const stops = this.all().map((r) => r.changes.listen(listener));
    return () => stops.forEach((stop) => stop());
  }

  /**
   * Takes in where the projections stand in this process's projections thread (its `snapshots()`),
   * so waits for a position and the status answer from them without running the projections here.
   */
  mirror(snapshots: readonly RunnerSnapshot[]): void {
    for (const snapshot of snapshots) {
      const runner = this.runners.get(snapshot.projection)?.[snapshot.partition ?? 0];
      if (!runner) continue;
      runner.remote = snapshot;
      runner.changes.notify();
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = (await headPosition(this.options.events)) ?? 0n;
    const all = await Promise.all(
      [...this.runners.values()].map(async (runners) => {
        const own = await this.ownStatus(runners, head);
        return [own, ...(await this.memberStatuses(runners[0].projection, own))];
      }),
    );
    return all.flat();
  }

  /** A group's members: the group's state and position, each member's own version and rebuild. */
  private memberStatuses(projection: Projection, group: ProjectionStatus) {
    return Promise.all(
      membersOf(projection).map(async (member): Promise<ProjectionStatus> => {
        const [active, request] = await Promise.all([
          this.options.documents.get(ACTIVE_VERSIONS, member.name),
          this.options.documents.get(REBUILD_REQUESTS, member.name),
        ]);
        const { partitions: _shared, ...own } = group;
        return {
          ...own,
          projection: member.name,
          group: projection.name,
          version: active?.version,
          rebuilding: this.rebuilding.has(member.name),
          rebuildRequested: request && { requestedAt: request.requestedAt, failed: request.failed },
        };
      }),
    );
  }

  private async ownStatus(runners: ProjectionRunner[], head: bigint): Promise<ProjectionStatus> {
    if (runners.length > 1) return this.partitionedStatus(runners, head);
    const [runner] = runners;
    const { version, position } = await runner.whereItStands();
    // Run by this process's projections thread: its state, not this (idle) runner's.
    const remote = runner.state === 'stopped' ? runner.remote : undefined;
    const state = remote?.state ?? runner.state;
    const failure = runner.failed();
    return {
      projection: runner.projection.name,
      state,
      version,
      position: position?.toString(),
      caughtUp: state === 'running' && (remote?.caughtUp ?? runner.caughtUp),
      lag: (head - (position ?? 0n)).toString(),
      failedAt: failure?.position.toString(),
      error: failure?.message ?? remote?.lastError ?? runner.lastError,
      rebuilding: this.rebuilding.has(runner.projection.name),
      rebuildRequested: await this.options.documents
        .get(REBUILD_REQUESTS, runner.projection.name)
        .then((r) => r && { requestedAt: r.requestedAt, failed: r.failed }),
    };
  }

  private async partitionedStatus(
    runners: ProjectionRunner[],
    head: bigint,
  ): Promise<ProjectionStatus> {
    const { name } = runners[0].projection;
    const stands = await Promise.all(runners.map((r) => r.whereItStands()));
    const partitions = runners.map((runner, i) => {
      const remote = runner.state === 'stopped' ? runner.remote : undefined;
      const state = remote?.state ?? runner.state;
      return {
        partition: i,
        state,
        position: stands[i].position?.toString(),
        here: state === 'running',
      };
    });
    const least = stands.every((s) => s.position !== undefined)
      ? stands.reduce((m, s) => (s.position! < m ? s.position! : m), stands[0].position!)
      : undefined;
    const states = partitions.map((p) => p.state);
    const failure = runners.map((r) => r.failed()).find((f) => f);
    const state: RunnerState = failure
      ? 'failed'
      : states.includes('running')
        ? 'running'
        : states.includes('standby')
          ? 'standby'
          : 'stopped';
    return {
      projection: name,
      state,
      version: stands.find((s) => s.version !== undefined)?.version,
      position: least?.toString(),
      caughtUp: state === 'running' && least === head,
      lag: (head - (least ?? 0n)).toString(),
      failedAt: failure?.position.toString(),
      error: failure?.message ?? runners.map((r) => r.lastError).find((e) => e),
      rebuilding: this.rebuilding.has(name),
      rebuildRequested: await this.options.documents
        .get(REBUILD_REQUESTS, name)
        .then((r) => r && { requestedAt: r.requestedAt, failed: r.failed }),
      partitions,
    };
  }

  /**
   * Builds a new version of a projection from position zero into fresh collections while the
   * current version keeps serving reads, switches the active version, then drops the old one.
   * Runs where the projection runs (this worker must hold its lease).
   */
  async rebuild(projection: Projection | string): Promise<void> {
    const name = typeof projection === 'string' ? projection : projection.name;
    // A partitioned projection is rebuilt by whoever holds its partition 0 (see partition-build).
    // A group's member is rebuilt by the group's runner, from the group's documents.
    const group = this.groupOf.get(name);
    const runner = this.runners.get(group ?? name)?.[0];
    if (!runner) throw new UnknownProjection(name, this.names);
    const inProgress = this.rebuilding.get(name);
    if (inProgress) return inProgress;
    const done = (group ? runner.rebuildMember(name) : runner.rebuild()).finally(() =>
      this.rebuilding.delete(name),
    );
    this.rebuilding.set(name, done);
    return done;
  }

  /**
   * Asks for a rebuild wherever the projection runs (this process or another holding its lease):
   * the owner picks the request up within `requestPollMs` once it has caught up. Returns the
   * version serving reads now; the rebuild is done when the active version differs from it.
   */
  async requestRebuild(name: string): Promise<{ fromVersion: number | null }> {
    if (!this.runners.has(name) && !this.groupOf.has(name))
      throw new UnknownProjection(name, this.names);
    const active = await this.options.documents.get(ACTIVE_VERSIONS, name);
    const fromVersion = active?.version ?? null;
    await this.options.documents.put(REBUILD_REQUESTS, name, {
      requestedAt: new Date().toISOString(),
      fromVersion,
    });
    return { fromVersion };
  }

  /** Each partition run here that is not yet building the version a rebuild has started joins it. */
  private async joinBuilds(runners: ProjectionRunner[]): Promise<void> {
    const idle = runners.filter((r) => r.state === 'running' && !r.building);
    if (idle.length === 0) return;
    try {
      const build = await this.options.documents.get(PARTITION_BUILDS, runners[0].projection.name);
      if (build) for (const r of idle) r.joinBuild();
    } catch (error) {
      for (const r of idle) r.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  private async takeRebuildRequests(): Promise<void> {
    for (const runners of this.runners.values())
      if (runners.length > 1) await this.joinBuilds(runners);
    for (const [runner] of this.runners.values())
      for (const name of [
        runner.projection.name,
        ...membersOf(runner.projection).map((m) => m.name),
      ])
        await this.takeRebuildRequest(runner, name);
  }

  private async takeRebuildRequest(runner: ProjectionRunner, name: string): Promise<void> {
    if (runner.state !== 'running' || !runner.caughtUp || this.rebuilding.has(name)) return;
    try {
      const request = await this.options.documents.get(REBUILD_REQUESTS, name);
      if (!request || request.failed || this.rebuilding.has(name)) return;
      // Done by an owner that died before clearing it (a partitioned rebuild, switched by another).
      const active = await this.options.documents.get(ACTIVE_VERSIONS, name);
      if (request.fromVersion !== null && active && active.version !== request.fromVersion) {
        await this.options.documents.delete(REBUILD_REQUESTS, name);
        return;
      }
      void this.rebuild(name)
        .then(
          () => this.options.documents.delete(REBUILD_REQUESTS, name),
          (error: unknown) =>
            // Stopped mid-way, or the projection went to another worker between the look at the
            // request and the start (a partition handed over): leave the request for whoever
            // runs the projection next.
            this.requestTimer === undefined || error instanceof NotRunningHere
              ? undefined
              : this.options.documents.put(REBUILD_REQUESTS, name, {
                  ...request,
                  failed: error instanceof Error ? error.message : String(error),
                }),
        )
        .catch((error: unknown) => {
          runner.lastError = error instanceof Error ? error.message : String(error);
        });
    } catch (error) {
      runner.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}
