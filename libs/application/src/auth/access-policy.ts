/**
 * Least privilege by role (the brief, "Standards"), then case access: a role may be allowed an
 * action in general, and a link worker only on the cases of their schools or allocated to them,
 * school staff only on their schools' pupils, a social worker only on the children allocated to
 * them and a virtual school head only on looked-after children (canAccessCase).
 * This table is the one place that says who may do what; the role x endpoint test reads it back.
 */
import type { Principal, Role } from './roles';

/** Every role that reads pupils' journeys, each within its own scope (canAccessCase). */
const JOURNEY_READERS = [
  'link-worker',
  'panel-chair',
  'attendance-officer',
  'auditor',
  'school-staff',
  'social-worker',
  'virtual-school-head',
] as const satisfies readonly Role[];

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
  /** One's own work list (`GET /tasks`): complete or hand on the tasks that fall to oneself. */
  'tasks.read': ['link-worker', 'panel-chair', 'attendance-officer'],
  /**
   * A manager's view of the work lists: anyone's (`?assignee=`), the unassigned, and completing or
   * reassigning any task. The directory has no teams, so the LA attendance team (attendance
   * officers) manages every caseworker's list.
   */
  'tasks.manage': ['attendance-officer'],
  /** Erase a person's personal details (their key is destroyed; the erasure is recorded). */
  'people.erase': ['admin'],
  /** A subject access request (UK GDPR art 15): everything held about one person, reads included. */
  'people.subject-access': ['admin'],
  /** Schools, staff allocations, the local code of conduct and the event feed's webhook subscriptions. */
  'admin.configure': ['admin'],
  /**
   * The caseload rows and a pupil's journey (attendance, stage, open items): also for the people
   * around the child, each on their own pupils (school staff: their schools'; a social worker: the
   * children allocated to them; a virtual school head: looked-after children), never the family's
   * history or the case file.
   */
  'journey.read': JOURNEY_READERS,
  /** A targeting support meeting's list of pupils at risk and the actions agreed. */
  'meetings.read': ['link-worker', 'panel-chair', 'attendance-officer', 'auditor', 'school-staff'],
  /** Prepare a school's targeting support meeting, record it held and the actions agreed and done. */
  'meetings.record': ['link-worker', 'attendance-officer', 'school-staff'],
  /** What a pupil's school may put to the LA: a concern, a referral, a request for a penalty notice. */
  'school.request': ['link-worker', 'attendance-officer', 'school-staff'],
  /** The LA's answer to a school's referral or penalty notice request: its attendance team's. */
  'school.answer': ['attendance-officer'],
  /**
   * Allocation and workload, the manager's part: reallocate cases between workers, see each
   * worker's open cases, allocate a child's social worker. The LA's attendance officers hold it.
   */
  'workload.manage': ['attendance-officer'],
  /**
   * Follow the event feed (`GET /feed`, or a webhook subscribed in this role): the public events
   * of the pupils the role may read (canAccessCase), for partner systems.
   */
  'feed.read': JOURNEY_READERS,
  /** In the event feed: the pupil's UPN and date of birth (a partner matches its records by them). */
  'feed.identifiers': JOURNEY_READERS,
  /** In the event feed: the pupil's vulnerability flags (special-category data). */
  'feed.vulnerability': JOURNEY_READERS.filter((role) => role !== 'school-staff'),
  /** In the event feed: the parents a notice or prosecution concerns, and the sums they owe or paid. */
  'feed.family': ['link-worker', 'panel-chair', 'attendance-officer', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export const hasCapability = (
  principal: Pick<Principal, 'role'>,
  capability: Capability,
): boolean => (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);

/**
 * What a case-access decision needs to know about a pupil. The social worker and looked-after
 * status are left out where a caller does not know them: the roles scoped by them are then refused.
 */
export interface CaseScope {
  schoolId: string | undefined;
  leadPractitionerId: string | undefined;
  socialWorkerId?: string | null;
  lookedAfter?: boolean;
}

/** The roles whose work is bounded by the schools they work with (claim `schools`). */
const SCHOOL_SCOPED: readonly Role[] = ['link-worker', 'school-staff'];

/** Whether the user may work with a school's pupils as a whole (its meetings, its caseload). */
export function worksWithSchool(principal: Principal, schoolId: string): boolean {
  if (principal.role === 'social-worker' || principal.role === 'virtual-school-head') return false;
  return !SCHOOL_SCOPED.includes(principal.role) || principal.schoolIds.includes(schoolId);
}

/**
 * Link workers work on pupils at their schools or allocated to them; school staff on their
 * schools' pupils; a social worker on the children allocated to them; a virtual school head on
 * looked-after children; every other role that holds the capability works LA-wide. A pupil not
 * yet registered is in scope for a school the user covers.
 */
export function canAccessCase(principal: Principal, scope: CaseScope): boolean {
  const atTheirSchool =
    scope.schoolId !== undefined && principal.schoolIds.includes(scope.schoolId);
  switch (principal.role) {
    case 'link-worker':
      return (
        (scope.leadPractitionerId !== undefined && scope.leadPractitionerId === principal.userId) ||
        atTheirSchool
      );
    case 'school-staff':
      return atTheirSchool;
    case 'social-worker':
      return scope.socialWorkerId != null && scope.socialWorkerId === principal.userId;
    case 'virtual-school-head':
      return scope.lookedAfter === true;
    default:
      return true;
  }
}
