import type { Db } from '../db/connection.ts';
import type { AssignmentRole, StaffKind } from '../store/staff.ts';
import { UnprocessableError } from '../http/errors.ts';
import { ROLE_RULES } from './role-rules.ts';

export { ROLE_RULES };

/** The layer a staff kind's unit must be on. */
export const UNIT_LAYER: Record<StaffKind, string> = { officer: 'stations', auxOfficer: 'stations', gridWorker: 'communities' };

function liveLayer(db: Db, id: number): string | undefined {
  const r = db.prepare('SELECT layer FROM features WHERE id = ? AND retired_at IS NULL').get(id) as { layer: string } | undefined;
  return r?.layer;
}

/** 422 unless `unitId` is a live feature of the layer the staff kind belongs to. */
export function checkUnit(db: Db, kind: StaffKind, unitId: number | null, who: string): void {
  if (unitId === null) return;
  const layer = liveLayer(db, unitId);
  if (layer !== UNIT_LAYER[kind]) {
    throw new UnprocessableError(
      `${who}: unitId ${unitId} must be a live ${UNIT_LAYER[kind]} feature for a ${kind}${layer ? ` (it is on ${layer})` : ' (no such live feature)'}`,
      { unitId, expected: UNIT_LAYER[kind], found: layer ?? null },
      'bad_unit',
    );
  }
}

/** 422 unless the staff kind may hold the role and the target is a live feature of an allowed layer. */
export function checkAssignment(db: Db, staff: { id: number; kind: StaffKind; retiredAt: string | null }, role: AssignmentRole, targetId: number): void {
  const rule = ROLE_RULES[role];
  if (staff.retiredAt) throw new UnprocessableError(`Staff ${staff.id} has retired and cannot be assigned`, { staffId: staff.id }, 'retired_staff');
  if (!rule.kinds.includes(staff.kind)) {
    throw new UnprocessableError(
      `A ${staff.kind} cannot be ${role} (${rule.zh}); allowed: ${rule.kinds.join(', ')}`,
      { staffId: staff.id, kind: staff.kind, role, allowedKinds: rule.kinds },
      'bad_role',
    );
  }
  const layer = liveLayer(db, targetId);
  if (!layer || !rule.targets.includes(layer)) {
    throw new UnprocessableError(
      `The target of a ${role} assignment must be a live feature of ${rule.targets.join(' or ')}; ${targetId} ${layer ? `is on ${layer}` : 'is not a live feature'}`,
      { targetId, role, allowedTargets: rule.targets, found: layer ?? null },
      'bad_target',
    );
  }
}
