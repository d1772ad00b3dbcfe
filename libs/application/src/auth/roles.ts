/** The people who use the system (the brief, "The people who use it"). */
export const ROLES = [
  'link-worker',
  'panel-chair',
  'attendance-officer',
  'auditor',
  'admin',
  'school-staff',
  'social-worker',
  'virtual-school-head',
] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Who is calling, from a verified token. */
export interface Principal {
  userId: string;
  role: Role;
  /** Schools the user works with (claim `schools`); a link worker's and school staff's case access is scoped by them. */
  schoolIds: readonly string[];
}
