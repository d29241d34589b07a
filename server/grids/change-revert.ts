/**
 * Whole-change revert (the server side of undo for merges, splits and shared-vertex moves):
 * inverts every feature revision of a change as ONE new commit (kind 'revert'): created or
 * restored features are retired, retired ones restored with their before image, updated ones
 * get their before image back. Every feature must still be at the version the change left it
 * at, else 409 (someone edited it since). Redo = reverting the revert.
 */
import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import { commit } from '../edits/commit.ts';
import type { FeatureOp } from '../edits/types.ts';
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
    if (revs.some((r) => r.entity !== 'feature')) {
      throw new UnprocessableError(`Change ${ch.id} also changed staff or assignments; revert its features one by one`, { changeId: ch.id }, 'unsupported_revert');
    }
    if (revs.length === 0) throw new UnprocessableError(`Change ${ch.id} changed no features`, { changeId: ch.id }, 'nothing_to_revert');
    const retires: FeatureOp[] = [];
    const others: FeatureOp[] = [];
    for (const r of revs) {
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
    const change = { kind: 'revert', actor: input.actor, reason: input.reason || `revert change ${ch.id} (${ch.kind})` };
    const result = commit(db, { ...change, ops: [...retires, ...others] });
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
