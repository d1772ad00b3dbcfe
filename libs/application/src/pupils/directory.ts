import { Inject, Injectable, Optional } from '@nestjs/common';
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
import { ExecuteResult, StreamExecutor } from '../commands/stream-executor';
import { StreamStates } from '../commands/stream-states';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

/**
 * Schools and staff allocations as administrators have set them up: kept in memory and refreshed
 * from their stream on each use (the events after the revision kept: usually none).
 */
@Injectable()
export class DirectoryProvider {
  private readonly states: StreamStates;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() states?: StreamStates) {
    this.states = states ?? new StreamStates(store);
  }

  async current(): Promise<DirectoryState> {
    return (await this.states.load(DIRECTORY_STREAM, directoryDecider)).state;
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
