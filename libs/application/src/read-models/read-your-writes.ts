import { Inject, Injectable } from '@nestjs/common';
import { PositionWaitTimeout, type Projector } from '@app/read-models';
import type { AppConfig } from '../config/config';
import { APP_CONFIG, PROJECTOR } from '../tokens';

/** A position that is not a global position: the caller's mistake (400). */
export class InvalidPosition extends Error {
  constructor(readonly value: string) {
    super(`"${value}" is not a position: pass the "position" a command returned (digits only).`);
    this.name = 'InvalidPosition';
  }
}

/** The read models have not reached the position in the time allowed (503, try again). */
export class ReadModelsBehind extends Error {
  constructor(
    readonly position: string,
    readonly timeoutMs: number,
  ) {
    super(
      `The read models have not yet caught up with position ${position} (waited ${timeoutMs} ms); try again shortly.`,
    );
    this.name = 'ReadModelsBehind';
  }
}

/**
 * Read-your-writes: a query may pass the `position` a command returned, and is answered only once
 * every projection has applied the global feed up to it, or refused after a bounded wait.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async wait(position: string | undefined): Promise<void> {
    if (position === undefined || position === '') return;
    if (!/^\d{1,20}$/.test(position)) throw new InvalidPosition(position);
    const timeoutMs = this.config.projections.readYourWritesTimeoutMs;
    try {
      await this.projector.waitForPosition(BigInt(position), timeoutMs);
    } catch (error) {
      if (error instanceof PositionWaitTimeout) throw new ReadModelsBehind(position, timeoutMs);
      throw error;
    }
  }
}
