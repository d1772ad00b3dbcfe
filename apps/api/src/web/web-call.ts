import { newEntityId } from '@app/application';
import type { CommandCall } from '../common/command-call';
import type { WebRequest } from './web-auth.guard';
import type { WebHttpResponse } from './web-http';

/**
 * The page's request as the command path types it (express's): what that path reads of it (the
 * correlation id, headers) is there on fastify's request too, and the reply takes headers alike.
 */
export const commandRequestOf = (req: WebRequest) => req as unknown as CommandCall['request'];

/** A form post as the command path sees an API call: who, which request, where headers go. */
export const webCall = (req: WebRequest, res: WebHttpResponse): CommandCall => ({
  principal: req.principal!,
  request: commandRequestOf(req),
  response: res as unknown as CommandCall['response'],
  ifMatch: undefined,
  // A form is not keyed: each post that passes validation is a new fact.
  newId: () => newEntityId(undefined),
});
