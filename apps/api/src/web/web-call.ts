import { newEntityId } from '@app/application';
import type { Response } from 'express';
import type { CommandCall } from '../common/command-call';
import type { WebRequest } from './web-auth.guard';

/** A form post as the command path sees an API call: who, which request, where headers go. */
export const webCall = (req: WebRequest, res: Response): CommandCall => ({
  principal: req.principal!,
  request: req,
  response: res,
  ifMatch: undefined,
  // A form is not keyed: each post that passes validation is a new fact.
  newId: () => newEntityId(undefined),
});
