import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PROJECTOR } from '@app/application';
import type { Projector } from '@app/read-models';

/** How often the worker looks for projections that have stopped on an event they cannot apply. */
const CHECK_EVERY_MS = 15_000;

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
  }

  private async reportFailures(): Promise<void> {
    for (const s of await this.projector.status().catch(() => [])) {
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
