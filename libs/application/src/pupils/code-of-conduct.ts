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
 * The code of conduct in force: the last one adopted, or the national defaults. Kept in memory and
 * refreshed from its stream on each use (the events after the revision kept: usually none).
 */
@Injectable()
export class CodeOfConductProvider {
  private readonly states: StreamStates;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() states?: StreamStates) {
    this.states = states ?? new StreamStates(store);
  }

  async current(): Promise<{ codeOfConduct: CodeOfConduct; revision: bigint | undefined }> {
    const { state, revision } = await this.states.load(
      CODE_OF_CONDUCT_STREAM,
      codeOfConductDecider,
    );
    return { codeOfConduct: state.current, revision };
  }
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
  ) {}

  execute({ codeOfConduct, metadata, expectedRevision }: AdoptCodeOfConduct) {
    const now = this.clock();
    return this.executor.execute({
      streamId: CODE_OF_CONDUCT_STREAM,
      decider: codeOfConductDecider,
      command: { type: 'AdoptCodeOfConduct', codeOfConduct },
      metadata,
      now,
      expectedRevision,
      context: () => now,
    });
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
    return this.provider.current();
  }
}
