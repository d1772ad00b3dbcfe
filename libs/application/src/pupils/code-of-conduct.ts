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
import { KeptReading, SETTINGS_REFRESH_MS } from '../commands/kept-reading';
import { StreamStates } from '../commands/stream-states';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

/**
 * The code of conduct in force: the last one adopted, or the national defaults. Kept in memory and
 * read again from its stream (the events after the revision kept: usually none) at most once per
 * SETTINGS_REFRESH_MS, or at once with `fresh()`.
 */
@Injectable()
export class CodeOfConductProvider {
  private readonly reading: KeptReading<InForce>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() states?: StreamStates) {
    const kept = states ?? new StreamStates(store);
    this.reading = new KeptReading(async () => {
      const { state, revision } = await kept.load(CODE_OF_CONDUCT_STREAM, codeOfConductDecider);
      return { codeOfConduct: state.current, revision };
    }, SETTINGS_REFRESH_MS);
  }

  /** The code in force, as read within the last SETTINGS_REFRESH_MS. */
  current(): Promise<InForce> {
    return this.reading.current();
  }

  /** The code in force as its stream holds it now (what an If-Match on it must be checked against). */
  fresh(): Promise<InForce> {
    return this.reading.fresh();
  }

  /** After an adoption: the next use reads the stream. */
  forget(): void {
    this.reading.forget();
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
