import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { type KeyedRequest, newEntityId, type Principal } from '@app/application';
import type { Request, Response } from 'express';
import { headerOf } from './http-headers';

/** Everything about the HTTP call a command needs besides its body: who, which request, If-Match, where to put headers. */
export interface CommandCall {
  principal: Principal;
  request: Request & { id?: unknown; keyed?: KeyedRequest };
  response: Response;
  ifMatch: string | undefined;
  /** The id of a new entity (pupil, concern, notice…): derived from the Idempotency-Key if sent. */
  newId(): string;
}

export const Call = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandCall => {
  const http = ctx.switchToHttp();
  const request = http.getRequest<
    Request & { principal?: Principal; id?: unknown; keyed?: KeyedRequest }
  >();
  if (!request.principal) throw new Error('Call used on a public endpoint');
  return {
    principal: request.principal,
    request,
    response: http.getResponse<Response>(),
    ifMatch: headerOf(request, 'if-match'),
    newId: () => newEntityId(request.keyed),
  };
});
