/**
 * Staff assignments follow a grid when it is merged or split (issue 4 gap): the current
 * assignments targeting a retired grid (网格员 gridWorker, 兼职网格员 partTimeGridWorker, 警格辅警
 * auxGrid on a grid) are moved to its successor by assignment ops inside the SAME commit, so
 * revisions record them and a whole-change revert puts them back.
 *
 * Merge: every assignment moves to the merged grid; when the same person held the same role on
 * several of the merged grids, the earliest assignment moves and the others are ended (one
 * person, one role, one grid). Split: every assignment moves to the piece chosen by the caller
 * (the larger piece: the one with the largest overlap with the old grid).
 */
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/statements.ts';
import type { AssignmentRole } from '../store/staff.ts';
import type { AssignmentOp, EntityRef } from './types.ts';

/** A current assignment targeting a grid. */
interface OpenAssignment {
  id: number;
  staff_id: number;
  role: AssignmentRole;
  target_id: number;
  since: string;
  version: number;
}

/** One assignment carried by a merge/split, as reported in the response. */
export interface CarriedAssignment {
  id: number;
  staffId: number;
  role: AssignmentRole;
  fromId: number;
  /** the new grid's id, or null when the assignment was ended as a duplicate */
  toId: number | null;
}

/**
 * Assignments targeting `gridId` that have not ended (no end date, or one after today, UTC —
 * the staff routes' "today"), oldest first. An assignment with a future end date is still in
 * force: left behind it would point at a retired grid (found by the concurrency system test:
 * an end date set just before a merge stranded the 网格员 on the old grid).
 */
export function openAssignmentsOf(db: Db, gridId: number): OpenAssignment[] {
  return stmt(
    db,
    "SELECT id, staff_id, role, target_id, since, version FROM assignments WHERE target_id = ? AND (until IS NULL OR until > date('now')) ORDER BY since, id",
  ).all(gridId) as OpenAssignment[];
}

/** The ops carrying the assignments, and the plan to report once the new grids have ids. */
export interface CarryPlan {
  ops: AssignmentOp[];
  plan: { id: number; staffId: number; role: AssignmentRole; fromId: number; to: EntityRef | null }[];
}

/**
 * Assignment ops moving the open assignments of each `from` grid to `to` (an id or the ref of
 * a grid created earlier in the change). A second assignment of the same staff member and
 * role landing on the same grid is ended instead of moved.
 */
export function carryAssignmentOps(db: Db, moves: { from: number; to: EntityRef }[]): CarryPlan {
  const out: CarryPlan = { ops: [], plan: [] };
  const landed = new Set<string>();
  const all = moves.flatMap((m) => openAssignmentsOf(db, m.from).map((a) => ({ a, to: m.to })));
  all.sort((x, y) => (x.a.since < y.a.since ? -1 : x.a.since > y.a.since ? 1 : x.a.id - y.a.id));
  for (const { a, to } of all) {
    const key = `${a.staff_id}|${a.role}|${to}`;
    const duplicate = landed.has(key);
    landed.add(key);
    out.ops.push(
      duplicate
        ? { entity: 'assignment', op: 'retire', id: a.id, baseVersion: a.version }
        : { entity: 'assignment', op: 'update', id: a.id, baseVersion: a.version, set: { targetId: to } },
    );
    out.plan.push({ id: a.id, staffId: a.staff_id, role: a.role, fromId: a.target_id, to: duplicate ? null : to });
  }
  return out;
}

/** The plan as reported, with refs of the commit's new features resolved to their ids. */
export function carriedAssignments(plan: CarryPlan['plan'], revisions: { ref?: string; id: number; entity: string }[]): CarriedAssignment[] {
  const idOf = (to: EntityRef | null): number | null =>
    typeof to === 'string' ? (revisions.find((r) => r.entity === 'feature' && r.ref === to)?.id ?? null) : to;
  return plan.map((p) => ({ id: p.id, staffId: p.staffId, role: p.role, fromId: p.fromId, toId: idOf(p.to) }));
}
