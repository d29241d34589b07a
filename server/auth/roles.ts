/** The four roles (issue 6 contract) and how their scope is written. */
export const ROLES = ['admin', 'civil-affairs', 'police-station', 'leadership'] as const;
export type Role = (typeof ROLES)[number];

/** Scope meaning the whole city. */
export const CITY = 'city';

/** Human (English) names of the roles, for messages. */
export const ROLE_LABEL: Record<Role, string> = {
  admin: 'admin',
  'civil-affairs': 'civil-affairs',
  'police-station': 'police-station',
  leadership: 'leadership',
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
