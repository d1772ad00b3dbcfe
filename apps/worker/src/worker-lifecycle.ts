import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PROJECTOR } from '@app/application';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Projector } from '@app/read-models';

/** How often the worker looks for projections that have stopped on an event they cannot apply. */
const CHECK_EVERY_MS = 15_000;

/**
 * Touched after every status read that the event and read-model stores answered: the container
 * healthcheck (`scripts/healthcheck.js worker`) calls a worker whose heartbeat is a minute old
 * unhealthy. In the container's own /tmp, so workers sharing DATA_DIR each have their own.
 */
export const WORKER_HEARTBEAT_FILE =
  process.env.WORKER_HEARTBEAT_FILE || path.join(os.tmpdir(), 'attendance-worker-heartbeat');

/**
 * Keeps the worker alive until it is told to stop (with nothing to project, no timer or socket
 * would), says which projections it runs, and logs a projection that failed once, when it fails.
 * Names and positions only: never event data, which may hold personal data.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private timer: NodeJS.Timeout | undefined;
  private readonly reported = new Set<string>();

  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.reportFailures(), CHECK_EVERY_MS);
    this.logger.log({ projections: this.projector.names }, 'running projections');
    // The first heartbeat at once, without holding up the start.
    void this.reportFailures();
  }

  private async reportFailures(): Promise<void> {
    const statuses = await this.projector.status().catch(() => undefined);
    if (!statuses) return;
    const now = new Date();
    await fs.promises
      .utimes(WORKER_HEARTBEAT_FILE, now, now)
      .catch(() => fs.promises.writeFile(WORKER_HEARTBEAT_FILE, ''))
      .catch(() => undefined);
    for (const s of statuses) {
      if (s.state !== 'failed' || this.reported.has(s.projection)) continue;
      this.reported.add(s.projection);
      this.logger.error(
        { projection: s.projection, failedAt: s.failedAt },
        'projection stopped on an event it cannot apply; fix it and restart or rebuild',
      );
    }
  }

  onApplicationShutdown(signal?: string): void {
    clearInterval(this.timer);
    this.logger.log(
      { signal },
      'stopping: each projection finishes its batch and releases its lease',
    );
  }
}
