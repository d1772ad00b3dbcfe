/**
 * Who may receive which public events, and which of their personal fields: the subscriber's role
 * and scope, through the same access policy as every other read (access-policy.ts). A webhook
 * subscription is a principal of its own (`subscription:<id>`, its role, its schools).
 */
import type { FeedEntry } from '@app/read-models';
import { PersonalFieldClass } from '@app/domain';
import { canAccessCase, hasCapability } from '../auth/access-policy';
import type { Principal } from '../auth/roles';

const CLASS_CAPABILITY = {
  identifiers: 'feed.identifiers',
  vulnerability: 'feed.vulnerability',
  family: 'feed.family',
} as const satisfies Record<PersonalFieldClass, string>;

/** The personal field classes a role may receive in the feed. */
export const personalClassesFor = (principal: Pick<Principal, 'role'>): PersonalFieldClass[] =>
  (Object.keys(CLASS_CAPABILITY) as PersonalFieldClass[]).filter((c) =>
    hasCapability(principal, CLASS_CAPABILITY[c]),
  );

/** Whether the principal may see the pupil an entry is about (at any of the schools it concerns). */
export function maySee(principal: Principal, entry: Pick<FeedEntry, 'scope'>): boolean {
  return entry.scope.schoolIds.some((schoolId) => {
    const scope = {
      schoolId,
      leadPractitionerId: entry.scope.leadPractitionerId ?? undefined,
      socialWorkerId: entry.scope.socialWorkerId,
      lookedAfter: entry.scope.lookedAfter,
    };
    return canAccessCase(principal, scope);
  });
}

/**
 * Whether the principal sees every pupil (its role is not bounded by schools or allocation): a
 * pupil at no school and allocated to no one is in scope only for such a role.
 */
export const seesEveryPupil = (principal: Principal): boolean =>
  canAccessCase(principal, { schoolId: undefined, leadPractitionerId: undefined });
