import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import {
  CheckpointConflictError,
  DocumentStore,
  InProcessLeaseManager,
  LeaseManager,
} from '@app/read-models';
import { randomUUID } from 'node:crypto';

/**
 * A reaction to events (architecture.md, "Jobs"): it schedules jobs or sends commands, and every
 * effect is idempotent (deterministic job ids, command ids built from the facts), because the
 * runner delivers each event at least once.
 */
export interface ProcessManager {
  /** Letters, digits, `-`: names the checkpoint and the lease. */
  name: string;
  /** Only events of streams starting with one of these; all when omitted. */
  streamPrefixes?: string[];
  /** Throw for a transient failure: the runner waits and delivers the event again. */
  handle(event: RecordedEvent): Promise<void>;
}

export interface ProcessManagerRunnerOptions {
  events: EventStore;
  /** Where checkpoints are kept (the read models' store: SQLite or Redis). */
  documents: DocumentStore;
  managers: ProcessManager[];
  /** One owner per process manager when several workers run; in-process by default. */
  leases?: LeaseManager;
  owner?: string;
  leaseTtlMs?: number;
  /** The checkpoint is written after this many events, on catching up, and `checkpointAfterMs` after the last event. */
  checkpointEvery?: number;
  /** How long a handled event may wait for the checkpoint when no more follow (default 1 s). */
  checkpointAfterMs?: number;
  retryMs?: number;
  /** Told about transient failures (no personal data: event ids and types only). */
  onError?: (manager: string, error: unknown, event?: Pick<RecordedEvent, 'id' | 'type'>) => void;
}

export const processManagerCheckpoint = (name: string): string =>
  `process-manager.${name}.position`;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Runs process managers from the event store's global feed, each from its own checkpoint in the
 * DocumentStore. At least once: the checkpoint moves only after the events before it were handled,
 * so a crash or a failure replays events, never skips one. A checkpoint write that finds another
 * owner's checkpoint is refused (CheckpointConflictError) and this runner stands down.
 */
export class ProcessManagerRunner {
  private readonly loops: ManagerLoop[];

  constructor(options: ProcessManagerRunnerOptions) {
    const leases = options.leases ?? new InProcessLeaseManager();
    const owner = options.owner ?? `process-managers:${process.pid}:${randomUUID()}`;
    this.loops = options.managers.map(
      (manager) =>
        new ManagerLoop(manager, {
          ...options,
          leases,
          owner,
          leaseTtlMs: options.leaseTtlMs ?? 10_000,
          checkpointEvery: options.checkpointEvery ?? 100,
          checkpointAfterMs: options.checkpointAfterMs ?? 1_000,
          retryMs: options.retryMs ?? 1_000,
        }),
    );
  }

  start(): void {
    for (const loop of this.loops) loop.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  /** Resolves once every manager has handled the feed up to `position` (tests, read-your-writes). */
  async waitForPosition(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const loop of this.loops) {
      while ((loop.handled ?? -1n) < position) {
        if (Date.now() > deadline)
          throw new Error(
            `Process manager ${loop.manager.name} has not reached position ${position} within ${timeoutMs} ms.`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  status(): { manager: string; handled: string | undefined; caughtUp: boolean }[] {
    return this.loops.map((l) => ({
      manager: l.manager.name,
      handled: l.handled?.toString(),
      caughtUp: l.caughtUp,
    }));
  }
}

type LoopOptions = Required<
  Pick<
    ProcessManagerRunnerOptions,
    | 'events'
    | 'documents'
    | 'leases'
    | 'owner'
    | 'leaseTtlMs'
    | 'checkpointEvery'
    | 'checkpointAfterMs'
    | 'retryMs'
  >
> &
  Pick<ProcessManagerRunnerOptions, 'onError'>;

/** A handler's failure, already reported with its event. */
class ReportedFailure extends Error {}

class ManagerLoop {
  /** The last position handled (or known to be skipped by the filter); undefined before any. */
  handled: bigint | undefined;
  caughtUp = false;
  private saved: string | null = null;
  private stopping = false;
  private wake = new AbortController();
  private running?: Promise<void>;
  private subscription?: Subscription;
  private flushTimer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly manager: ProcessManager,
    private readonly o: LoopOptions,
  ) {}

  private get lease(): string {
    return `process-manager:${this.manager.name}`;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
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
    while (!this.stopping) {
      let held = false;
      try {
        held = await this.o.leases.acquire(this.lease, this.o.owner, this.o.leaseTtlMs);
      } catch (error) {
        this.o.onError?.(this.manager.name, error);
      }
      if (!held) {
        await sleep(this.o.retryMs, this.wake.signal);
        continue;
      }
      const renewal = setInterval(() => {
        this.o.leases.renew(this.lease, this.o.owner, this.o.leaseTtlMs).then(
          (still) => (still ? undefined : void this.subscription?.close()),
          () => void this.subscription?.close(),
        );
      }, this.o.leaseTtlMs / 3);
      try {
        await this.runAsOwner();
      } catch (error) {
        if (!(error instanceof CheckpointConflictError || error instanceof ReportedFailure))
          this.o.onError?.(this.manager.name, error);
        if (!this.stopping) await sleep(this.o.retryMs, this.wake.signal);
      } finally {
        clearInterval(renewal);
      }
      if (this.stopping) {
        await this.o.leases.release(this.lease, this.o.owner).catch(() => undefined);
      } else {
        // The feed ended by itself (lease lost, store closed): try again later rather than spin.
        await sleep(this.o.retryMs, this.wake.signal);
      }
    }
  }

  private async runAsOwner(): Promise<void> {
    const stored = await this.o.documents.getCheckpoint(
      processManagerCheckpoint(this.manager.name),
    );
    this.saved = stored ?? null;
    this.handled = stored === undefined ? undefined : BigInt(stored);
    this.caughtUp = false;
    const subscription = this.o.events.subscribeToAll({
      after: this.handled,
      filter: this.manager.streamPrefixes
        ? { streamNamePrefixes: this.manager.streamPrefixes }
        : undefined,
    });
    this.subscription = subscription;
    let sinceCheckpoint = 0;
    try {
      for await (const message of subscription) {
        if (this.stopping) break;
        if (message.kind === 'caught-up') {
          this.caughtUp = true;
          if (message.position !== undefined && (this.handled ?? -1n) < message.position)
            this.handled = message.position;
          await this.checkpoint();
          sinceCheckpoint = 0;
          continue;
        }
        const { event } = message;
        try {
          await this.manager.handle(event);
        } catch (error) {
          this.o.onError?.(this.manager.name, error, { id: event.id, type: event.type });
          throw new ReportedFailure();
        }
        this.handled = event.position;
        sinceCheckpoint += 1;
        // Live events come one at a time (an import brings thousands): a write per event would
        // cost more than the work, so the checkpoint follows in a batch or shortly after the last.
        if (sinceCheckpoint >= this.o.checkpointEvery) {
          await this.checkpoint();
          sinceCheckpoint = 0;
        } else if (this.caughtUp) {
          this.checkpointSoon();
        }
      }
    } finally {
      this.subscription = undefined;
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      await subscription.close();
      // Whatever was handled before a stop or a failure need not be handled again.
      await this.checkpoint().catch(() => undefined);
    }
  }

  private checkpointSoon(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.checkpoint().catch((error: unknown) => {
        if (!(error instanceof CheckpointConflictError)) this.o.onError?.(this.manager.name, error);
      });
    }, this.o.checkpointAfterMs);
  }

  /** One checkpoint write at a time: each names the checkpoint it last saw. */
  private checkpoint(): Promise<void> {
    const next = this.writing.then(() => this.writeCheckpoint());
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writeCheckpoint(): Promise<void> {
    if (this.handled === undefined) return;
    const position = this.handled.toString();
    if (position === this.saved) return;
    const expected = this.saved;
    await this.o.documents.transaction((tx) =>
      tx.setCheckpoint(processManagerCheckpoint(this.manager.name), position, { expected }),
    );
    this.saved = position;
  }
}
