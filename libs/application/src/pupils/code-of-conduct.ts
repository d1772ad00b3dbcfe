import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  ICommandHandler,
  IQueryHandler,
  Query,
  QueryHandler,
} from '@nestjs/cqrs';
import { CODE_OF_CONDUCT_STREAM, CodeOfConduct, codeOfConductDecider } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, StreamExecutor } from '../commands/stream-executor';
import { StreamStates } from '../commands/stream-states';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

/**
 * How long the code of conduct in force is used before its stream is read again: it changes a few
 * times a year, and every command and journey read asks for it. An adoption through this process
 * is seen at once (AdoptCodeOfConductHandler forgets the kept code); one made by another process
 * (a replica, a worker) is seen within this long.
 */
export const CODE_OF_CONDUCT_REFRESH_MS = 1_000;

/**
 * The code of conduct in force: the last one adopted, or the national defaults. Kept in memory and
 * read again from its stream (the events after the revision kept: usually none) at most once per
 * CODE_OF_CONDUCT_REFRESH_MS, or at once with `fresh()`.
 */
@Injectable()
export class CodeOfConductProvider {
  private readonly states: StreamStates;
  private kept: { read: Promise<InForce>; at: number } | undefined;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() states?: StreamStates) {
    this.states = states ?? new StreamStates(store);
  }

  /** The code in force, as read within the last CODE_OF_CONDUCT_REFRESH_MS. */
  current(): Promise<InForce> {
    const now = Date.now();
    if (!this.kept || now - this.kept.at > CODE_OF_CONDUCT_REFRESH_MS) return this.fresh();
    return this.kept.read;
  }

  /** The code in force as its stream holds it now (what an If-Match on it must be checked against). */
  fresh(): Promise<InForce> {
    const read = this.states
      .load(CODE_OF_CONDUCT_STREAM, codeOfConductDecider)
      .then(({ state, revision }) => ({ codeOfConduct: state.current, revision }));
    const kept = { read, at: Date.now() };
    this.kept = kept;
    // A failed read is not kept: the next asks again.
    read.catch(() => {
      if (this.kept === kept) this.kept = undefined;
    });
    return read;
  }

  /** After an adoption: the next use reads the stream. */
  forget(): void {
    this.kept = undefined;
  }
}

interface InForce {
  codeOfConduct: CodeOfConduct;
  revision: bigint | undefined;
}

export class AdoptCodeOfConduct extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly codeOfConduct: CodeOfConduct,
    readonly metadata: CommandMetadata,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}

@CommandHandler(AdoptCodeOfConduct)
export class AdoptCodeOfConductHandler implements ICommandHandler<AdoptCodeOfConduct> {
  constructor(
    private readonly executor: StreamExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly codes: CodeOfConductProvider,
  ) {}

  async execute({ codeOfConduct, metadata, expectedRevision }: AdoptCodeOfConduct) {
    const now = this.clock();
    try {
      return await this.executor.execute({
        streamId: CODE_OF_CONDUCT_STREAM,
        decider: codeOfConductDecider,
        command: { type: 'AdoptCodeOfConduct', codeOfConduct },
        metadata,
        now,
        expectedRevision,
        context: () => now,
      });
    } finally {
      this.codes.forget();
    }
  }
}

export class GetCodeOfConduct extends Query<{
  codeOfConduct: CodeOfConduct;
  revision: bigint | undefined;
}> {}

@QueryHandler(GetCodeOfConduct)
export class GetCodeOfConductHandler implements IQueryHandler<GetCodeOfConduct> {
  constructor(private readonly provider: CodeOfConductProvider) {}
  execute() {
    return this.provider.fresh();
  }
}
