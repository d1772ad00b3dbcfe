import type { LeaseManager } from '../leases/lease-manager.port';
import type { ProjectionRunner } from './projection-runner';

/** The group every projector sharing partitions beats in. */
const GROUP = 'projectors';

/**
 * How many workers share the partitions (each beats in a lease-manager group every third of a
 * lease), and so this worker's fair share of a projection's P partitions: ceil(P / workers).
 * When the count grows, the projector hands partitions held over the share back (one per
 * projection per beat) for the newcomers to take; when a worker dies its beat and leases expire,
 * the share grows and the others take its partitions over from their checkpoints.
 */
export class WorkerShare {
  private workers: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly leases: LeaseManager,
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  start(onBeat: () => void): void {
    if (this.timer) return;
    const beat = () =>
      this.leases.heartbeat(GROUP, this.owner, this.ttlMs).then(
        (count) => {
          this.workers = count;
          onBeat();
        },
        () => undefined,
      );
    void beat();
    this.timer = setInterval(beat, this.ttlMs / 3);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  share(partitions: number): number {
    return Math.ceil(partitions / (this.workers ?? 1));
  }

  /** Unknown until the first beat: then nobody is under (nothing is taken before it). */
  underShare(runners: ProjectionRunner[], partitions: number): boolean {
    if (this.workers === undefined) return false;
    return runners.filter((r) => r.state === 'running').length < this.share(partitions);
  }
}
