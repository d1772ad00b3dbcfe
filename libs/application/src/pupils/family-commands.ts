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
import { ExecuteResult, StreamExecutor } from '../commands/stream-executor';
import { StreamStates } from '../commands/stream-states';
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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: StreamStates,
  ) {}

  /** The family's kept state and the events after it, and who registered it (its first event). */
  async execute({ familyId }: GetFamily) {
    const streamId = familyStreamId(familyId);
    const { state, revision } = await this.states.load(streamId, familyDecider);
    if (revision === undefined) throw new CaseNotFound('family');
    for await (const first of this.store.readStream(streamId, { maxCount: 1 }))
      return { family: state, revision, registeredBy: String(first.metadata.actor) };
    throw new CaseNotFound('family');
  }
}
