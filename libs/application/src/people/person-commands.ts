import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  ErasureBasis,
  PersonCommand,
  personDecider,
  PersonalDetails,
  PersonKind,
  personStreamId,
} from '@app/domain';
import type { CommandMetadata } from '../commands/command-metadata';
import { ExecuteResult, StreamExecutor } from '../commands/stream-executor';
import { CLOCK, Clock } from '../tokens';
import { PersonalDataCipher } from './personal-data-cipher';

/** A person command as callers send it: details in the clear, sealed here before deciding. */
export type PersonRequest =
  | {
      type: 'RecordPerson';
      personId: string;
      kind: PersonKind;
      details: PersonalDetails;
      recordedOn?: string;
    }
  | {
      type: 'CorrectPersonDetails';
      personId: string;
      details: PersonalDetails;
      reason: string;
      correctedOn?: string;
    }
  | {
      type: 'ErasePerson';
      personId: string;
      basis: ErasureBasis;
      reason: string;
      erasedOn?: string;
    };

export class ExecutePersonCommand extends Command<ExecuteResult<unknown>> {
  constructor(
    readonly request: PersonRequest,
    readonly metadata: CommandMetadata,
    readonly options: { expectedRevision?: bigint } = {},
  ) {
    super();
  }
}

@CommandHandler(ExecutePersonCommand)
export class ExecutePersonCommandHandler implements ICommandHandler<ExecutePersonCommand> {
  constructor(
    private readonly executor: StreamExecutor,
    private readonly cipher: PersonalDataCipher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, metadata, options }: ExecutePersonCommand) {
    const now = this.clock();
    const command: PersonCommand =
      request.type === 'ErasePerson'
        ? request
        : { ...request, details: await this.cipher.seal(request.personId, request.details) };
    const result = await this.executor.execute({
      streamId: personStreamId(request.personId),
      decider: personDecider,
      command,
      metadata,
      now,
      expectedRevision: options.expectedRevision,
      context: () => now,
    });
    // The erasure is recorded first, then the key destroyed: a crash between the two leaves an
    // erased person whose key a repeat of the erasure (which records nothing more) destroys.
    if (request.type === 'ErasePerson') await this.cipher.shred(request.personId);
    return result;
  }
}
