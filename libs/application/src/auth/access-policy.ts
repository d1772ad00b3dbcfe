/**
 * Least privilege by role (the brief, "Standards"), then case access: a role may be allowed an
 * action in general, and a link worker only on the cases of their schools or allocated to them.
 * This table is the one place that says who may do what; the role x endpoint test reads it back.
 */
import type { Principal, Role } from './roles';

export const CAPABILITIES = {
  /** Read a pupil's journey, a family, caseloads and other read models. */
  'case.read': ['link-worker', 'panel-chair', 'attendance-officer', 'auditor'],
  /** Register pupils and families, record marks, concerns, conversations, support, referrals, contracts, step-downs and closures. */
  'case.record': ['link-worker', 'attendance-officer'],
  /** Step a case down or close it: also a panel decision's consequence. */
  'case.step-down': ['link-worker', 'attendance-officer', 'panel-chair'],
  /** Record the attendance panel's decisions. */
  'panel.decide': ['panel-chair'],
  /** Education supervision orders, education-neglect referrals. */
  'case.formalise': ['attendance-officer'],
  /** Notices to improve, penalty notices, payments, withdrawals, prosecutions. */
  'case.enforce': ['attendance-officer'],
  /** LA-wide figures: statistics and the cohort oversight tracker (not one caseworker's cases). */
  'oversight.read': ['panel-chair', 'attendance-officer', 'auditor'],
  /** Replay a family's history, state as of a date, evidence packs. */
  'audit.history': ['auditor', 'panel-chair', 'attendance-officer'],
  /** Who looked at what: the access log. */
  'audit.access-log': ['auditor'],
  /** Sign a tree head over the transparency log now, and export the signed heads to keep elsewhere. */
  'audit.tree-heads': ['auditor', 'admin'],
  /**
   * Import school registers and read their reports (which name UPNs). One file writes marks for
   * every pupil in it, across schools, so it is the LA attendance team's job, not a link worker's
   * (whose access is per school).
   */
  'imports.run': ['attendance-officer'],
  /** Erase a person's personal details (their key is destroyed; the erasure is recorded). */
  'people.erase': ['admin'],
  /** Schools, staff allocations and the local code of conduct. */
  'admin.configure': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export const hasCapability = (
  principal: Pick<Principal, 'role'>,
  capability: Capability,
): boolean => (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);

/** What a case-access decision needs to know about a pupil. */
export interface CaseScope {
  schoolId: string | undefined;
  leadPractitionerId: string | undefined;
}

/**
 * Link workers work on pupils at their schools or allocated to them; every other role that holds
 * the capability works LA-wide. A pupil not yet registered is in scope for a school the user covers.
 */
export function canAccessCase(principal: Principal, scope: CaseScope): boolean {
  if (principal.role !== 'link-worker') return true;
  if (scope.leadPractitionerId !== undefined && scope.leadPractitionerId === principal.userId)
    return true;
  return scope.schoolId !== undefined && principal.schoolIds.includes(scope.schoolId);
}
