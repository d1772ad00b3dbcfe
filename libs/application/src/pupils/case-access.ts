import { DomainError, PupilJourney } from '@app/domain';
import type { CaseScope } from '../auth/access-policy';

/** The caller may not work on this case (HTTP 403). */
export class CaseAccessDenied extends Error {
  constructor(
    message = 'This case is outside your allocation: it is not at one of your schools and not allocated to you.',
  ) {
    super(message);
    this.name = 'CaseAccessDenied';
  }
}

/** A school the LA's directory does not hold (HTTP 422): a pupil cannot be moved there. */
export class UnknownSchool extends DomainError {
  readonly kind = 'rule' as const;
  readonly code = 'unknown-school';
  constructor(schoolId: string) {
    super(
      `School ${schoolId} is not in the LA's directory; an administrator registers it (POST /admin/schools) before a pupil can move there.`,
    );
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

/** Who a pupil's case is in scope for, from its journey: school, lead practitioner, social worker, looked after. */
export const caseScopeOf = (
  state: Pick<PupilJourney, 'schoolId' | 'leadPractitionerId' | 'socialWorkerId' | 'flags'>,
): CaseScope => ({
  schoolId: state.schoolId,
  leadPractitionerId: state.leadPractitionerId ?? undefined,
  socialWorkerId: state.socialWorkerId ?? null,
  lookedAfter: state.flags.lookedAfter,
});
