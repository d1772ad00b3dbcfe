/** The refusal shared by the formal routes (notices to improve, ESOs, contracts): a rule says no. */
import { DomainError } from '../errors';

export class FormalRouteRefused extends DomainError {
  readonly kind = 'rule' as const;
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}
