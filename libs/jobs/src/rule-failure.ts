/**
 * Thrown by a handler when the job cannot succeed however often it is tried (a rule says no, the
 * case was closed). The job ends at once as failed, with this message as its reason, without retry.
 * Any other error is treated as transient and retried with backoff.
 */
export class RuleFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleFailure';
  }
}
