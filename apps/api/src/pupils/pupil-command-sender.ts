import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ExecutePupilCommand, Principal } from '@app/application';
import type { PupilCommand } from '@app/domain';
import type { Request, Response } from 'express';
import { accessFor, metadataOf } from '../common/command-context';
import { expectedRevisionFrom, writeResult } from '../common/revision-headers';

/** Sends one domain command for a pupil with the caller's identity, case access and If-Match. */
@Injectable()
export class PupilCommandSender {
  constructor(private readonly commands: CommandBus) {}

  async send(
    principal: Principal,
    request: Request & { id?: unknown },
    response: Response,
    pupilId: string,
    command: PupilCommand,
    ifMatch?: string,
    created?: Record<string, string>,
  ) {
    const result = await this.commands.execute(
      new ExecutePupilCommand(pupilId, command, metadataOf(principal, request), {
        expectedRevision: expectedRevisionFrom(ifMatch),
        access: accessFor(principal),
      }),
    );
    return { ...created, ...writeResult(response, result) };
  }
}
