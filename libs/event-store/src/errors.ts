import type { ExpectedRevision } from './event-store.port';

const describe = (r: ExpectedRevision | bigint | 'no_stream'): string =>
  typeof r === 'bigint' ? `revision ${r}` : r.replace('_', ' ');

/** The stream was not where the caller expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or `no_stream`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected ${describe(expected)} but found ${describe(actual)}.`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Reading a stream that has no events. */
export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist.`);
    this.name = 'StreamNotFoundError';
  }
}
