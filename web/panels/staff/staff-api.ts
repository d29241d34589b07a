import { getJson } from '../../api/client.ts';

/** Staff kinds and assignment roles (server/store/staff.ts). */
export type StaffKind = 'officer' | 'auxOfficer' | 'gridWorker';
export type AssignmentRole = 'directorAssistant' | 'partTimeGridWorker' | 'beatOfficer' | 'auxGrid' | 'gridWorker';

/** A staff member as served by /api/staff. */
export interface Staff {
  id: number;
  kind: StaffKind;
  code: string;
  name: string;
  unitId: number | null;
  partyMember: boolean;
  phone: string | null;
  version: number;
  retiredAt: string | null;
}

/** An assignment as served by /api/assignments. */
export interface Assignment {
  id: number;
  staffId: number;
  role: AssignmentRole;
  targetId: number;
  since: string;
  until: string | null;
  version: number;
}

/**
 * Which kinds may hold a role and on which layers its target may lie — the page's copy of
 * server/staff/rules.ts ROLE_RULES, only to offer sensible choices; the server decides (422).
 */
export const ROLE_CHOICES: Record<AssignmentRole, { kinds: StaffKind[]; targets: string[] }> = {
  directorAssistant: { kinds: ['officer'], targets: ['communities'] },
  partTimeGridWorker: { kinds: ['officer', 'auxOfficer'], targets: ['grids', 'communities'] },
  beatOfficer: { kinds: ['officer'], targets: ['beats'] },
  auxGrid: { kinds: ['auxOfficer'], targets: ['aux-grids', 'grids'] },
  gridWorker: { kinds: ['gridWorker'], targets: ['grids'] },
};

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
