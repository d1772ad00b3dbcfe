/** Who asked for a command, and how it relates to what came before it (architecture.md, "Streams"). */
export interface CommandMetadata {
  /** User id from the verified token, or `system:<job>` for timed work. */
  actor: string;
  role: string;
  correlationId: string;
  /** The id of whatever caused this command (an HTTP request id, a job id, an event id). */
  causationId: string;
}
