import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ExecutePupilCommand } from '@app/application';
import type { PupilCommand } from '@app/domain';
import type { CommandCall } from '../common/command-call';
import { accessFor, metadataOf } from '../common/command-context';
import { expectedRevisionFrom, writeResult } from '../common/revision-headers';

/** Sends one domain command for a pupil with the caller's identity, case access and If-Match. */
@Injectable()
export class PupilCommandSender {
  constructor(private readonly commands: CommandBus) {}

  async send(
    call: CommandCall,
    pupilId: string,
    command: PupilCommand,
    created?: Record<string, string>,
  ) {
    const result = await this.commands.execute(
      new ExecutePupilCommand(pupilId, command, metadataOf(call.principal, call.request), {
        expectedRevision: expectedRevisionFrom(call.ifMatch),
        access: accessFor(call.principal),
      }),
    );
    return { ...created, ...writeResult(call.response, result) };
  }
}
