import type { Role } from '@app/application';

/**
 * The development identity provider's people, one per role, so a newcomer can sign in straight
 * after `npm start`. They exist only on the embedded default (no AUTH_JWKS_URL, no OIDC_ISSUER).
 */
export interface DevUser {
  sub: string;
  name: string;
  role: Role;
  schools: string[];
  description: string;
}

export const DEV_USERS: readonly DevUser[] = [
  {
    sub: 'worker-1',
    name: 'Alex Morgan',
    role: 'link-worker',
    schools: ['school-1'],
    description: 'Early help link worker for school-1',
  },
  {
    sub: 'chair-1',
    name: 'Sam Patel',
    role: 'panel-chair',
    schools: [],
    description: 'Chairs the attendance panel',
  },
  {
    sub: 'officer-1',
    name: 'Jo Williams',
    role: 'attendance-officer',
    schools: [],
    description: 'Attendance officer: formal measures and enforcement',
  },
  {
    sub: 'auditor-1',
    name: 'Chris Taylor',
    role: 'auditor',
    schools: [],
    description: 'Auditor: family histories and what was known when',
  },
  {
    sub: 'admin-1',
    name: 'Pat Evans',
    role: 'admin',
    schools: [],
    description: 'Administrator: code of conduct, directory, projections',
  },
  {
    sub: 'school-staff-1',
    name: 'Robin Hughes',
    role: 'school-staff',
    schools: ['school-1'],
    description: 'Attendance lead at school-1: its pupils, meetings and requests to the LA',
  },
  {
    sub: 'social-worker-1',
    name: 'Dana Clarke',
    role: 'social-worker',
    schools: [],
    description: 'Social worker: attendance of the children allocated to them',
  },
  {
    sub: 'vsh-1',
    name: 'Lee Foster',
    role: 'virtual-school-head',
    schools: [],
    description: 'Virtual school head: attendance of looked-after children',
  },
];
