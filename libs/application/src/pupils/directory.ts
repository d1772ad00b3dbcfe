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
import { KeptReading, SETTINGS_REFRESH_MS } from '../commands/kept-reading';
import { StreamStates } from '../commands/stream-states';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

/**
 * Schools and staff allocations as administrators have set them up: kept in memory and read again
 * from their stream (the events after the revision kept: usually none) at most once per
 * SETTINGS_REFRESH_MS, or at once with `fresh()`.
 */
@Injectable()
export class DirectoryProvider {
  private readonly reading: KeptReading<DirectoryState>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() states?: StreamStates) {
    const kept = states ?? new StreamStates(store);
    this.reading = new KeptReading(
      async () => (await kept.load(DIRECTORY_STREAM, directoryDecider)).state,
      SETTINGS_REFRESH_MS,
    );
  }

  /**
   * The directory as read within the last SETTINGS_REFRESH_MS (the auth guard asks it for a link
   * worker's allocated schools on every request).
   */
  current(): Promise<DirectoryState> {
    return this.reading.current();
  }

  /** The directory as its stream holds it now. */
  fresh(): Promise<DirectoryState> {
    return this.reading.fresh();
  }

  /** After a change to the directory: the next use reads the stream. */
  forget(): void {
    this.reading.forget();
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
    private readonly directory: DirectoryProvider,
  ) {}

  async execute({ command, metadata }: ExecuteDirectoryCommand) {
    try {
      return await this.executor.execute({
        streamId: DIRECTORY_STREAM,
        decider: directoryDecider,
        command,
        metadata,
        now: this.clock(),
        context: () => undefined,
      });
    } finally {
      this.directory.forget();
    }
  }
}

export class GetDirectory extends Query<DirectoryState> {}

@QueryHandler(GetDirectory)
export class GetDirectoryHandler implements IQueryHandler<GetDirectory> {
  constructor(private readonly directory: DirectoryProvider) {}
  execute() {
    return this.directory.fresh();
  }
}
