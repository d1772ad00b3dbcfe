import type { EventStore } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DocumentStore } from '../document-store.port';
import { InProcessLeaseManager } from '../leases/in-process-lease-manager';
import type { LeaseManager } from '../leases/lease-manager.port';
import type { Projection } from './projection';
import { ProjectionRunner, RunnerState } from './projection-runner';

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
  retryMs?: number;
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
  private readonly runners = new Map<string, ProjectionRunner>();

  constructor(private readonly options: ProjectorOptions) {
    const leases = options.leases ?? new InProcessLeaseManager();
    const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    for (const projection of options.projections) {
      if (this.runners.has(projection.name))
        throw new Error(`Two projections are named ${projection.name}.`);
      this.runners.set(
        projection.name,
        new ProjectionRunner(projection, {
          events: options.events,
          documents: options.documents,
          leases,
          owner,
          leaseTtlMs: options.leaseTtlMs ?? 10_000,
          batchSize: options.batchSize ?? 200,
          retryMs: options.retryMs ?? 1_000,
        }),
      );
    }
  }

  start(): void {
    for (const runner of this.runners.values()) runner.start();
  }

  /** Finishes the batch in hand, releases the leases and returns. */
  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  /**
   * Read-your-writes: resolves once every projection has applied the feed up to `position` (the
   * position an append returned). Rejects when a projection failed before it, or on timeout.
   */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    await Promise.all(
      [...this.runners.values()].map(async (runner) => {
        for (;;) {
          const reached = await runner.reachedPosition();
          if (reached !== undefined && reached >= position) return;
          if (runner.failure) throw runner.failure;
          const left = deadline - performance.now();
          if (left <= 0) throw new PositionWaitTimeout(runner.projection.name, position, timeoutMs);
          await runner.changes.wait(Math.min(left, WAIT_POLL_MS));
        }
      }),
    );
  }

  async status(): Promise<ProjectionStatus[]> {
    let head = 0n;
    for await (const e of this.options.events.readAll({ direction: 'backwards', maxCount: 1 }))
      head = e.position;
    return Promise.all(
      [...this.runners.values()].map(async (runner) => {
        const { version, position } = await runner.whereItStands();
        return {
          projection: runner.projection.name,
          state: runner.state,
          version,
          position: position?.toString(),
          caughtUp: runner.state === 'running' && runner.caughtUp,
          lag: (head - (position ?? 0n)).toString(),
          failedAt: runner.failure?.position.toString(),
          error: runner.failure?.message ?? runner.lastError,
        };
      }),
    );
  }

  /**
   * Builds a new version of a projection from position zero into fresh collections while the
   * current version keeps serving reads, switches the active version, then drops the old one.
   * Runs where the projection runs (this worker must hold its lease).
   */
  async rebuild(projection: Projection | string): Promise<void> {
    const name = typeof projection === 'string' ? projection : projection.name;
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`This projector does not run a projection named ${name}.`);
    await runner.rebuild();
  }
}
