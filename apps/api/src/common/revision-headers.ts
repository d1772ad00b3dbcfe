import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';

/** `ETag: W/"<revision>"` on reads of a stream's state (conventions.md, "HTTP"). */
export const etagOf = (revision: bigint): string => `W/"${revision}"`;

/** `If-Match: W/"<revision>"` (or a bare/strong form) pins the expected revision of a write. */
export function expectedRevisionFrom(ifMatch: string | undefined): bigint | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,19})"?\s*$/.exec(ifMatch);
  if (!match)
    throw new BadRequestException({
      title: 'Invalid If-Match',
      detail: 'If-Match must be the ETag you read, e.g. W/"3".',
    });
  return BigInt(match[1]);
}

/** What a write returns: the new revision (as ETag too) and the global position, for read-your-writes. */
export function writeResult(
  response: Response,
  result: { revision: bigint | undefined; position: bigint | undefined },
) {
  if (result.revision !== undefined) {
    response.header('ETag', etagOf(result.revision));
    response.header('X-Stream-Revision', result.revision.toString());
  }
  if (result.position !== undefined)
    response.header('X-Global-Position', result.position.toString());
  return {
    revision: result.revision?.toString() ?? null,
    position: result.position?.toString() ?? null,
  };
}
