import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PROJECTOR } from '@app/application';
import type { Projector } from '@app/read-models';

/**
 * Keeps the worker alive until it is told to stop (with nothing to project yet, no timer or socket
 * would), and says which projections it runs. No personal data: names and positions only.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  async onApplicationBootstrap(): Promise<void> {
    this.keepAlive = setInterval(() => undefined, 60_000);
    const status = await this.projector.status();
    this.logger.log({ projections: status.map((s) => s.projection) }, 'running projections');
  }

  onApplicationShutdown(signal?: string): void {
    clearInterval(this.keepAlive);
    this.logger.log(
      { signal },
      'stopping: each projection finishes its batch and releases its lease',
    );
  }
}
