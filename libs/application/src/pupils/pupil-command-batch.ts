import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DecisionContext,
  PupilCommand,
  PupilEvent,
  PupilJourney,
  pupilJourneyDecider,
  pupilStreamId,
} from '@app/domain';
import { requirePupilAtSchool } from '@app/domain/pupil-journey/register-import';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { BatchItem, BatchOutcome, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { CaseAccessCheck } from './case-access';
import { CodeOfConductProvider } from './code-of-conduct';
import { pupilDecisionContext } from './pupil-commands';

export interface PupilCommandsItem {
  pupilId: string;
  /** Decided in order; their events land in the pupil's stream in one append, or none do. */
  commands: PupilCommand[];
  /** When given, the pupil must be on this school's roll (a school's register is for its own pupils). */
  schoolId?: string;
}

/**
 * The pupil command path for bulk work (register imports): the same decider, context, access
 * check and hash chain as ExecutePupilCommand, for many pupils at once, so a batch costs one
 * durable write. Each pupil's outcome is its own: a refusal for one pupil does not stop the rest.
 */
export class ExecutePupilCommandBatch extends Command<BatchOutcome<unknown>[]> {
  constructor(
    readonly items: readonly PupilCommandsItem[],
    readonly metadata: CommandMetadata,
    readonly options: { access?: CaseAccessCheck } = {},
  ) {
    super();
  }
}

@CommandHandler(ExecutePupilCommandBatch)
export class ExecutePupilCommandBatchHandler implements ICommandHandler<ExecutePupilCommandBatch> {
  constructor(
    private readonly executor: StreamExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codes: CodeOfConductProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ items, metadata, options }: ExecutePupilCommandBatch) {
    const now = this.clock();
    const { codeOfConduct } = await this.codes.current();
    return this.executor.executeMany(
      items.map((item): BatchItem<PupilCommand, PupilEvent, PupilJourney, DecisionContext> => ({
        streamId: pupilStreamId(item.pupilId),
        decider: pupilJourneyDecider,
        commands: item.commands,
        metadata,
        now,
        extraMetadata: { ruleSetVersion: codeOfConduct.version },
        context: ({ state }) => {
          if (item.schoolId !== undefined) requirePupilAtSchool(state, item.schoolId);
          return pupilDecisionContext(
            this.executor.states,
            state,
            item.commands,
            { now, codeOfConduct },
            options.access,
          );
        },
      })),
    );
  }
}
