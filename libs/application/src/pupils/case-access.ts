import { DomainError } from '@app/domain';
import type { CaseScope } from '../auth/access-policy';

/** The caller may not work on this case (HTTP 403). */
export class CaseAccessDenied extends Error {
  constructor() {
    super(
      'This case is outside your allocation: it is not at one of your schools and not allocated to you.',
    );
    this.name = 'CaseAccessDenied';
  }
}

/** The stream does not exist (HTTP 404). */
export class CaseNotFound extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'not-found';
  constructor(what: string) {
    super(`No such ${what}.`);
  }
}

/** Decides whether the caller may act on a case, given its school and allocation; jobs pass none. */
export type CaseAccessCheck = (scope: CaseScope) => boolean;
