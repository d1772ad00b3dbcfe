/**
 * Every refusal the domain makes is a typed DomainError with a message a caseworker can act on.
 * `kind` lets the edges choose a response without knowing each error:
 * - `conflict`: the command clashes with the journey's current state (HTTP 409);
 * - `rule`: a statutory or local rule forbids it as asked (HTTP 422);
 * - `invalid`: the command itself is malformed in a way only the domain can see (HTTP 422).
 */
export type DomainErrorKind = 'conflict' | 'rule' | 'invalid';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Stable machine-readable code, e.g. `penalty-notice-limit-reached`. */
  abstract readonly code: string;
  /** Structured facts behind the message (dates, counts), safe to show to the caseworker. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** A value that cannot be interpreted (an unknown attendance code, an impossible date). */
export class InvalidInput extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'invalid-input';
}
