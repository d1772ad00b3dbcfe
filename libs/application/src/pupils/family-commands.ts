import { Inject } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  ICommandHandler,
  IQueryHandler,
  Query,
  QueryHandler,
} from '@nestjs/cqrs';
import { FamilyCommand, familyDecider, FamilyState, familyStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, loadStream, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { CaseNotFound } from './case-access';

export class ExecuteFamilyCommand extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly familyId: string,
    readonly command: FamilyCommand,
    readonly metadata: CommandMetadata,
    readonly options: { expectedRevision?: bigint; extraMetadata?: Record<string, unknown> } = {},
  ) {
    super();
  }
}

@CommandHandler(ExecuteFamilyCommand)
export class ExecuteFamilyCommandHandler implements ICommandHandler<ExecuteFamilyCommand> {
  constructor(
    private readonly executor: StreamExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ familyId, command, metadata, options }: ExecuteFamilyCommand) {
    const now = this.clock();
    return this.executor.execute({
      streamId: familyStreamId(familyId),
      decider: familyDecider,
      command,
      metadata,
      now,
      expectedRevision: options.expectedRevision,
      extraMetadata: options.extraMetadata,
      context: () => now,
    });
  }
}

export class GetFamily extends Query<{
  family: FamilyState;
  revision: bigint;
  registeredBy: string;
}> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(GetFamily)
export class GetFamilyHandler implements IQueryHandler<GetFamily> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ familyId }: GetFamily) {
    const { state, revision, events } = await loadStream(
      this.store,
      familyStreamId(familyId),
      familyDecider.evolve,
      familyDecider.initialState,
    );
    if (revision === undefined) throw new CaseNotFound('family');
    return { family: state, revision, registeredBy: String(events[0].metadata.actor) };
  }
}
