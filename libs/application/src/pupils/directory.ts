import { Inject, Injectable } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  ICommandHandler,
  IQueryHandler,
  Query,
  QueryHandler,
} from '@nestjs/cqrs';
import { DIRECTORY_STREAM, DirectoryCommand, directoryDecider, DirectoryState } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, loadStream, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

/** Schools and staff allocations as administrators have set them up. */
@Injectable()
export class DirectoryProvider {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<DirectoryState> {
    return (
      await loadStream(
        this.store,
        DIRECTORY_STREAM,
        directoryDecider.evolve,
        directoryDecider.initialState,
      )
    ).state;
  }

  async allocatedSchools(userId: string): Promise<string[]> {
    return (await this.current()).allocations[userId] ?? [];
  }
}

export class ExecuteDirectoryCommand extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly command: DirectoryCommand,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ExecuteDirectoryCommand)
export class ExecuteDirectoryCommandHandler implements ICommandHandler<ExecuteDirectoryCommand> {
  constructor(
    private readonly executor: StreamExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ command, metadata }: ExecuteDirectoryCommand) {
    return this.executor.execute({
      streamId: DIRECTORY_STREAM,
      decider: directoryDecider,
      command,
      metadata,
      now: this.clock(),
      context: () => undefined,
    });
  }
}

export class GetDirectory extends Query<DirectoryState> {}

@QueryHandler(GetDirectory)
export class GetDirectoryHandler implements IQueryHandler<GetDirectory> {
  constructor(private readonly directory: DirectoryProvider) {}
  execute() {
    return this.directory.current();
  }
}
