/**
 * The embedded default runs the projections on a worker thread of the api's own process
 * (PROJECTIONS_THREAD, default true). The thread has its own connections to the same stores and
 * its own core: a week of registers for a whole LA, or a rebuild, is projected beside the import
 * instead of taking turns with it on one event loop, and requests are answered meanwhile.
 *
 * The projector of this thread does not run the projections: it mirrors where the thread's stand
 * (sent after every committed batch), so read-your-writes waits and `GET /admin/projections` answer
 * as before. Appends made here wake the thread's subscriptions at once. If the thread dies it is
 * started again: each projection resumes from its checkpoint, committed with its writes, so
 * nothing is applied twice or skipped.
 */
import { Logger } from '@nestjs/common';
import { EventStore, SqliteEventStore } from '@app/event-store';
import type { Projector, RunnerSnapshot } from '@app/read-models';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppConfig } from '../config/config';

export type ToProjectionsThread = { kind: 'appended' } | { kind: 'stop' };
/** The thread's own V8 heap (its isolate's, not the process's), as `process.memoryUsage` gives it there. */
export interface ThreadMemory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export type FromProjectionsThread =
  | { kind: 'snapshots'; snapshots: RunnerSnapshot[] }
  | { kind: 'memory'; memory: ThreadMemory }
  | { kind: 'stopped' };

/** How often the thread reports its heap (MEMORY below): often enough for a benchmark's peak. */
export const THREAD_MEMORY_EVERY_MS = 250;

/** How long `stop` lets the thread finish its batch and release its leases before ending it. */
const STOP_TIMEOUT_MS = 30_000;
const RESTART_FIRST_MS = 500;
const RESTART_MOST_MS = 30_000;

export class ProjectionsThread {
  private readonly logger = new Logger('ProjectionsThread');
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = RESTART_FIRST_MS;
  private stopListening: (() => void) | undefined;
  /** How many times the thread has been started (the first start included). */
  starts = 0;
  /**
   * The thread's heap as it last reported it (every THREAD_MEMORY_EVERY_MS): the process's RSS
   * counts both threads, this says which one holds what (bench:import prints it per phase).
   */
  memory: ThreadMemory | undefined;
  /**
   * The leases' owner name for every thread this process starts: a thread started after one died
   * takes the projections back at once instead of waiting out the dead one's leases (only one
   * thread is ever alive, so the name is never used twice at a time).
   */
  private readonly owner = `${hostname()}:${process.pid}:projections-thread:${randomUUID()}`;

  constructor(
    private readonly config: AppConfig,
    private readonly projector: Projector,
    private readonly events: EventStore,
  ) {}

  start(): void {
    this.stopping = false;
    if (this.events instanceof SqliteEventStore)
      this.stopListening ??= this.events.onAppend(() =>
        this.worker?.postMessage({ kind: 'appended' } satisfies ToProjectionsThread),
      );
    this.spawn();
  }

  /** Asks the thread to finish the batch in hand, release its leases and close its stores. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.stopListening?.();
    this.stopListening = undefined;
    const worker = this.worker;
    if (!worker) return;
    worker.postMessage({ kind: 'stop' } satisfies ToProjectionsThread);
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** A thread is running (or starting). */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  /** Ends the thread abruptly, as a crash would (tests); it is started again like after one. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): void {
    // Built, this file is .js; run from source (tests, `tsx`, swc-node), the thread needs the same
    // TypeScript loader to read projections-thread.main.ts.
    const ext = path.extname(__filename);
    const worker = new Worker(path.join(__dirname, `projections-thread.main${ext}`), {
      workerData: { config: this.config, owner: this.owner },
      execArgv: ext === '.ts' ? ['-r', '@swc-node/register'] : undefined,
    });
    this.worker = worker;
    this.starts += 1;
    worker.on('message', (message: FromProjectionsThread) => {
      if (message.kind === 'snapshots') {
        this.restartDelayMs = RESTART_FIRST_MS;
        this.projector.mirror(message.snapshots);
      } else if (message.kind === 'memory') this.memory = message.memory;
    });
    worker.on('error', (error) =>
      // The message only: a stack or event data could carry personal data.
      this.logger.error({ error: error.message }, 'projections thread failed'),
    );
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.worker = undefined;
        // Until it is back, waits read the checkpoints from the store.
        this.projector.mirror(
          this.projector.names.map((projection) => ({
            projection,
            state: 'stopped',
            caughtUp: false,
          })),
        );
        if (!this.stopping) {
          this.logger.warn(
            { code, restartInMs: this.restartDelayMs },
            'projections thread ended; starting it again',
          );
          this.restartTimer = setTimeout(() => this.spawn(), this.restartDelayMs);
          this.restartDelayMs = Math.min(this.restartDelayMs * 2, RESTART_MOST_MS);
        }
        resolve();
      }),
    );
  }
}
