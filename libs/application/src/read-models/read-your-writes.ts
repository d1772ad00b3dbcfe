import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, headPosition } from '@app/event-store';
import { PositionWaitTimeout, type Projector } from '@app/read-models';
import type { AppConfig } from '../config/config';
import { APP_CONFIG, EVENT_STORE, PROJECTOR } from '../tokens';

/** A position that is not a global position: the caller's mistake (400). */
export class InvalidPosition extends Error {
  constructor(
    readonly value: string,
    why = `"${value}" is not a position: pass the "position" a command returned (digits only).`,
  ) {
    super(why);
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async wait(position: string | undefined): Promise<void> {
    if (position === undefined || position === '') return;
    if (!/^\d{1,20}$/.test(position)) throw new InvalidPosition(position);
    const wanted = BigInt(position);
    // A position past the store's newest event was never returned by a command: waiting for the
    // read models to reach it could only time out.
    if (wanted > ((await headPosition(this.store)) ?? 0n))
      throw new InvalidPosition(
        position,
        `No command has returned position ${position}: pass the "position" a command returned.`,
      );
    const timeoutMs = this.config.projections.readYourWritesTimeoutMs;
    try {
      await this.projector.waitForPosition(wanted, timeoutMs);
    } catch (error) {
      if (error instanceof PositionWaitTimeout) throw new ReadModelsBehind(position, timeoutMs);
      throw error;
    }
  }
}
