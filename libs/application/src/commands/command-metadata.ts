import type { KeyedRequest } from '../idempotency/keyed-request';

/** Who asked for a command, and how it relates to what came before it (architecture.md, "Streams"). */
export interface CommandMetadata {
  /** User id from the verified token, or `system:<job>` for timed work. */
  actor: string;
  role: string;
  correlationId: string;
  /** The id of whatever caused this command (an HTTP request id, a job id, an event id). */
  causationId: string;
  /**
   * Sent with an `Idempotency-Key`: the command's events get ids derived from the key, and a
   * write already in the stream under them is answered instead of decided again. Not stored.
   */
  keyed?: KeyedRequest;
}
