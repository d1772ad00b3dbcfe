import { Inject, Injectable } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  ICommandHandler,
  IQueryHandler,
  Query,
  QueryHandler,
} from '@nestjs/cqrs';
import {
  LETTER_SETTINGS_STREAM,
  LetterSettings,
  LetterSettingsEvent,
  LetterSettingsMissing,
  letterSettingsDecider,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, loadStream, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

type LetterSettingsAdoptedData = Extract<
  LetterSettingsEvent,
  { type: 'LetterSettingsAdopted' }
>['data'];

/** The LA's letter settings in force: the last adopted, or none yet. */
@Injectable()
export class LetterSettingsProvider {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<{ settings: LetterSettings | null; revision: bigint | undefined }> {
    const { state, revision } = await loadStream(
      this.store,
      LETTER_SETTINGS_STREAM,
      letterSettingsDecider.evolve,
      letterSettingsDecider.initialState,
    );
    return { settings: state.current, revision };
  }

  /**
   * The settings a letter needs (409 until an administrator has adopted them): those in force when
   * its notice was recorded (`at`, an ISO instant), so a copy printed later carries the letterhead
   * and payment details the parent was sent; the first adopted for a notice recorded before any.
   */
  async required(at?: string): Promise<LetterSettings> {
    const { state, events } = await loadStream(
      this.store,
      LETTER_SETTINGS_STREAM,
      letterSettingsDecider.evolve,
      letterSettingsDecider.initialState,
    );
    if (!state.current) throw new LetterSettingsMissing();
    if (at === undefined) return state.current;
    const inForce = events.filter((e) => e.recordedAt <= at);
    const chosen = inForce.length > 0 ? inForce[inForce.length - 1] : events[0];
    return (chosen.data as LetterSettingsAdoptedData).settings;
  }
}

export class AdoptLetterSettings extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly settings: LetterSettings,
    readonly metadata: CommandMetadata,
    readonly expectedRevision?: bigint,
  ) {
    super();
  }
}

@CommandHandler(AdoptLetterSettings)
export class AdoptLetterSettingsHandler implements ICommandHandler<AdoptLetterSettings> {
  constructor(
    private readonly executor: StreamExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ settings, metadata, expectedRevision }: AdoptLetterSettings) {
    const now = this.clock();
    return this.executor.execute({
      streamId: LETTER_SETTINGS_STREAM,
      decider: letterSettingsDecider,
      command: { type: 'AdoptLetterSettings', settings },
      metadata,
      now,
      expectedRevision,
      context: () => now,
    });
  }
}

export class GetLetterSettings extends Query<{
  settings: LetterSettings | null;
  revision: bigint | undefined;
}> {}

@QueryHandler(GetLetterSettings)
export class GetLetterSettingsHandler implements IQueryHandler<GetLetterSettings> {
  constructor(private readonly provider: LetterSettingsProvider) {}
  execute() {
    return this.provider.current();
  }
}
