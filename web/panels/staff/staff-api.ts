import { getJson } from '../../api/client.ts';
import type { AssignmentImage, AssignmentRole, StaffImage, StaffKind } from '../../../server/store/staff.ts';
import { ROLE_RULES } from '../../../server/staff/role-rules.ts';

/** Wire formats of /api/staff and /api/assignments are the server's own types. */
export type { AssignmentRole, StaffKind };
export type Staff = StaffImage;
export type Assignment = AssignmentImage;

/**
 * Which kinds may hold a role and on which layers its target may lie: the server's own rule
 * table, used here only to offer sensible choices; the server decides (422).
 */
export const ROLE_CHOICES: Record<AssignmentRole, { kinds: StaffKind[]; targets: string[] }> = ROLE_RULES;

/** Roles a staff kind may hold. */
export function rolesFor(kind: StaffKind): AssignmentRole[] {
  return (Object.keys(ROLE_CHOICES) as AssignmentRole[]).filter((r) => ROLE_CHOICES[r].kinds.includes(kind));
}

const reasonHeader = (reason: string) => ({ 'X-Change-Reason': encodeURIComponent(reason) });

/** /api/staff and /api/assignments (docs/coverage.md). */
export const staffApi = {
  /** Live staff of a unit (a station's officers and aux officers, a community's grid workers). */
  ofUnit: (unitId: number) => getJson<{ staff: Staff[] }>(`/api/staff?unit=${unitId}`).then((r) => r.staff),
  /** Live assignments of a staff member. */
  assignmentsOf: (staffId: number) => getJson<{ assignments: Assignment[] }>(`/api/assignments?staff=${staffId}`).then((r) => r.assignments),
  /** Assigns a staff member to a target (community, grid, aux-grid, beat). */
  assign: (staffId: number, role: AssignmentRole, targetId: number, reason: string) =>
    getJson<Assignment>('/api/assignments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ staffId, role, targetId, reason }),
    }),
  /** Ends an assignment today (kept in history). */
  end: (a: Assignment, reason: string) =>
    getJson<Assignment>(`/api/assignments/${a.id}`, { method: 'DELETE', headers: { 'If-Match': `"${a.version}"`, ...reasonHeader(reason) } }),
};
