import type { Db } from '../db/connection.ts';
import { stmt } from '../db/statements.ts';

/** The SQL for staff and assignments (written only through commit()). */

export type StaffKind = 'officer' | 'auxOfficer' | 'gridWorker';
export type AssignmentRole = 'directorAssistant' | 'partTimeGridWorker' | 'beatOfficer' | 'auxGrid' | 'gridWorker';

/** A staff member as served and stored in revisions. */
export interface StaffImage {
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

/** An assignment as served and stored in revisions. */
export interface AssignmentImage {
  id: number;
  staffId: number;
  role: AssignmentRole;
  targetId: number;
  since: string;
  until: string | null;
  version: number;
}

export type NewStaff = Omit<StaffImage, 'id' | 'version' | 'retiredAt'>;
export type StaffPatch = Partial<NewStaff>;
export type NewAssignment = Omit<AssignmentImage, 'id' | 'version' | 'until'> & { until?: string | null };
export type AssignmentPatch = Partial<Omit<AssignmentImage, 'id' | 'version'>>;

interface StaffRow {
  id: number;
  kind: StaffKind;
  code: string;
  name: string;
  unit_id: number | null;
  party_member: number;
  phone: string | null;
  version: number;
  retired_at: string | null;
}

interface AssignmentRow {
  id: number;
  staff_id: number;
  role: AssignmentRole;
  target_id: number;
  since: string;
  until: string | null;
  version: number;
}

function staffImage(r: StaffRow): StaffImage {
  return {
    id: r.id,
    kind: r.kind,
    code: r.code,
    name: r.name,
    unitId: r.unit_id,
    partyMember: r.party_member === 1,
    phone: r.phone,
    version: r.version,
    retiredAt: r.retired_at,
  };
}

function assignmentImage(r: AssignmentRow): AssignmentImage {
  return { id: r.id, staffId: r.staff_id, role: r.role, targetId: r.target_id, since: r.since, until: r.until, version: r.version };
}

/** A staff member by id (live or retired). */
export function getStaff(db: Db, id: number): StaffImage | undefined {
  const r = stmt(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return r && staffImage(r);
}

/** An assignment by id. */
export function getAssignment(db: Db, id: number): AssignmentImage | undefined {
  const r = stmt(db, 'SELECT * FROM assignments WHERE id = ?').get(id) as AssignmentRow | undefined;
  return r && assignmentImage(r);
}

/** Inserts a staff member; returns its id. */
export function insertStaff(db: Db, s: NewStaff, now: string): number {
  const info = stmt(db, 'INSERT INTO staff(kind, code, name, unit_id, party_member, phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(s.kind, s.code, s.name, s.unitId, s.partyMember ? 1 : 0, s.phone, now);
  return Number(info.lastInsertRowid);
}

/** Updates a staff member and bumps its version. */
export function updateStaff(db: Db, id: number, p: StaffPatch): void {
  const sets = ['version = version + 1'];
  const params: unknown[] = [];
  if (p.kind !== undefined) sets.push('kind = ?'), params.push(p.kind);
  if (p.code !== undefined) sets.push('code = ?'), params.push(p.code);
  if (p.name !== undefined) sets.push('name = ?'), params.push(p.name);
  if (p.unitId !== undefined) sets.push('unit_id = ?'), params.push(p.unitId);
  if (p.partyMember !== undefined) sets.push('party_member = ?'), params.push(p.partyMember ? 1 : 0);
  if (p.phone !== undefined) sets.push('phone = ?'), params.push(p.phone);
  stmt(db, `UPDATE staff SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
}

/** Retires a staff member (soft delete). */
export function retireStaff(db: Db, id: number, now: string): void {
  stmt(db, 'UPDATE staff SET retired_at = ?, version = version + 1 WHERE id = ?').run(now, id);
}

/** Inserts an assignment; returns its id. */
export function insertAssignment(db: Db, a: NewAssignment): number {
  const info = stmt(db, 'INSERT INTO assignments(staff_id, role, target_id, since, until) VALUES (?, ?, ?, ?, ?)')
    .run(a.staffId, a.role, a.targetId, a.since, a.until ?? null);
  return Number(info.lastInsertRowid);
}

/** Updates an assignment and bumps its version. */
export function updateAssignment(db: Db, id: number, p: AssignmentPatch): void {
  const sets = ['version = version + 1'];
  const params: unknown[] = [];
  if (p.staffId !== undefined) sets.push('staff_id = ?'), params.push(p.staffId);
  if (p.role !== undefined) sets.push('role = ?'), params.push(p.role);
  if (p.targetId !== undefined) sets.push('target_id = ?'), params.push(p.targetId);
  if (p.since !== undefined) sets.push('since = ?'), params.push(p.since);
  if (p.until !== undefined) sets.push('until = ?'), params.push(p.until);
  stmt(db, `UPDATE assignments SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
}

/** Ends an assignment (sets until = today). */
export function retireAssignment(db: Db, id: number, now: string): void {
  stmt(db, 'UPDATE assignments SET until = ?, version = version + 1 WHERE id = ?').run(now.slice(0, 10), id);
}

/** Current assignments targeting a feature, with their staff. */
export function assignmentsOfTarget(db: Db, targetId: number): (AssignmentImage & { staff: StaffImage })[] {
  const rows = stmt(db, 
      `SELECT a.* FROM assignments a JOIN staff s ON s.id = a.staff_id
       WHERE a.target_id = ? AND a.until IS NULL AND s.retired_at IS NULL ORDER BY a.role, a.id`,
    )
    .all(targetId) as AssignmentRow[];
  return rows.map((r) => ({ ...assignmentImage(r), staff: getStaff(db, r.staff_id)! }));
}
