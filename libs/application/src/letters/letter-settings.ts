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
  LetterSettingsMissing,
  letterSettingsDecider,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, loadStream, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';

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

  /** The settings a letter needs (409 until an administrator has adopted them). */
  async required(): Promise<LetterSettings> {
    const { settings } = await this.current();
    if (!settings) throw new LetterSettingsMissing();
    return settings;
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
