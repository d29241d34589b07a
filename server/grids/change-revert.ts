/**
 * Whole-change revert (the server side of undo for merges, splits and shared-vertex moves):
 * inverts every feature revision of a change as ONE new commit (kind 'revert'): created or
 * restored features are retired, retired ones restored with their before image, updated ones
 * get their before image back. Every feature must still be at the version the change left it
 * at, else 409 (someone edited it since). Assignment revisions of the change (staff
 * assignments carried by a merge/split) are inverted too: moved ones go back to their old
 * grid, ended ones are reopened. Redo = reverting the revert.
 */
import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import { commit } from '../edits/commit.ts';
import type { AssignmentOp, ChangeOp, FeatureOp } from '../edits/types.ts';
import { getAssignment, type AssignmentImage } from '../store/staff.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.ts';
import { featureRowToFeature, getFeatureRow, type FeatureImage } from '../store/features.ts';
import { editResponse, featureOf, inTransaction, retiredList, type EditResponse } from './respond.ts';

interface RevRow {
  id: number;
  entity: string;
  entity_id: number;
  op: 'create' | 'update' | 'retire' | 'restore';
  version: number;
  before: string | null;
}

export interface ChangeRevertResponse extends EditResponse {
  revertedChange: number;
  features: Feature[];
  retired: { id: number; code: string; version: number }[];
}

/** Reverts change `changeId` as a new change. */
export function revertChange(db: Db, input: { changeId: number; actor: string; reason?: string; dryRun?: boolean }): ChangeRevertResponse {
  return inTransaction(db, !!input.dryRun, () => {
    const ch = db.prepare('SELECT id, kind FROM changes WHERE id = ?').get(input.changeId) as { id: number; kind: string } | undefined;
    if (!ch) throw new NotFoundError(`No change with id ${input.changeId}`, { changeId: input.changeId });
    const revs = db
      .prepare('SELECT id, entity, entity_id, op, version, before FROM revisions WHERE change_id = ? ORDER BY id')
      .all(ch.id) as RevRow[];
    if (revs.some((r) => r.entity === 'staff')) {
      throw new UnprocessableError(`Change ${ch.id} also changed staff records; revert its features one by one`, { changeId: ch.id }, 'unsupported_revert');
    }
    const featureRevs = revs.filter((r) => r.entity === 'feature');
    if (featureRevs.length === 0) throw new UnprocessableError(`Change ${ch.id} changed no features`, { changeId: ch.id }, 'nothing_to_revert');
    const retires: FeatureOp[] = [];
    const others: FeatureOp[] = [];
    for (const r of featureRevs) {
      const row = getFeatureRow(db, r.entity_id)!;
      if (row.version !== r.version) {
        throw new ConflictError(
          `${row.layer} ${row.code} (id ${row.id}) changed after change ${ch.id} (now version ${row.version}, the change left version ${r.version}); it cannot be reverted as a whole`,
          { entity: 'feature', layer: row.layer, id: row.id, currentVersion: row.version, current: featureRowToFeature(row) },
          'stale_version',
        );
      }
      if (r.op === 'create' || r.op === 'restore') {
        retires.push({ entity: 'feature', op: 'retire', id: row.id, baseVersion: row.version });
        continue;
      }
      const img = JSON.parse(r.before!) as FeatureImage;
      const set = { code: img.code, name: img.name, parentId: img.parentId, stationId: img.stationId, props: img.props, geometry: img.geometry };
      others.push(r.op === 'retire' ? { entity: 'feature', op: 'restore', id: row.id, baseVersion: row.version, set } : { entity: 'feature', op: 'update', id: row.id, baseVersion: row.version, set });
    }
    // after the features: a change undone meanwhile by someone else is reported on its grids
    // (409 naming the grid and its current state), not on a staff assignment it carried
    const assignmentOps = revs.filter((r) => r.entity === 'assignment').map((r) => inverseAssignmentOp(db, ch.id, r));
    const change = { kind: 'revert', actor: input.actor, reason: input.reason || `revert change ${ch.id} (${ch.kind})` };
    const ops: ChangeOp[] = [...retires, ...others, ...assignmentOps];
    const result = commit(db, { ...change, ops });
    const out: ChangeRevertResponse = {
      ...editResponse(db, result, change),
      revertedChange: ch.id,
      features: result.features.map((f) => featureOf(db, Number(f.id))),
      retired: retiredList(db, result),
    };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}

/** The op undoing one assignment revision of change `changeId` (409 when it changed since). */
function inverseAssignmentOp(db: Db, changeId: number, r: RevRow): AssignmentOp {
  const now = getAssignment(db, r.entity_id)!;
  if (now.version !== r.version) {
    throw new ConflictError(
      `assignment ${now.id} changed after change ${changeId} (now version ${now.version}, the change left version ${r.version}); it cannot be reverted as a whole`,
      { entity: 'assignment', id: now.id, currentVersion: now.version, current: now },
      'stale_version',
    );
  }
  if (r.op === 'create') return { entity: 'assignment', op: 'retire', id: now.id, baseVersion: now.version };
  const b = JSON.parse(r.before!) as AssignmentImage;
  return { entity: 'assignment', op: 'update', id: now.id, baseVersion: now.version, set: { staffId: b.staffId, role: b.role, targetId: b.targetId, since: b.since, until: b.until } };
}
