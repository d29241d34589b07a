import type { Db } from '../db/connection.ts';
import { NotFoundError, UnprocessableError } from '../http/errors.ts';
import { getFeatureRow, type FeatureImage } from '../store/features.ts';
import { commit } from './commit.ts';
import type { CommitOptions, CommitResult, FeatureOp } from './types.ts';

export interface RevertInput {
  featureId: number;
  /** the revision whose "after" image the feature returns to */
  revisionId: number;
  actor: string;
  reason?: string;
  /** the version the client saw; defaults to the current one */
  baseVersion?: number;
}

/**
 * Reverts a feature to a past revision's "after" image, as a NEW change (kind 'revert'):
 * an update (or a restore when the feature is retired now, or a retire when the image is
 * a retirement). History is never rewritten.
 */
export function revertFeature(db: Db, input: RevertInput, opts: CommitOptions = {}): CommitResult {
  const rev = db
    .prepare("SELECT id, entity, entity_id, op, version, after FROM revisions WHERE id = ? AND entity = 'feature'")
    .get(input.revisionId) as { id: number; entity_id: number; op: string; version: number; after: string | null } | undefined;
  if (!rev || rev.entity_id !== input.featureId) {
    throw new NotFoundError(`Feature ${input.featureId} has no revision ${input.revisionId}`, {
      featureId: input.featureId,
      revision: input.revisionId,
    });
  }
  const row = getFeatureRow(db, input.featureId);
  if (!row) throw new NotFoundError(`No feature with id ${input.featureId}`);
  const baseVersion = input.baseVersion ?? row.version;
  const reason = input.reason || `revert to revision ${rev.id} (version ${rev.version})`;
  let op: FeatureOp;
  if (rev.after === null) {
    if (row.retired_at) throw new UnprocessableError(`Feature ${row.id} is already retired, as in revision ${rev.id}`, null, 'nothing_to_revert');
    op = { entity: 'feature', op: 'retire', id: row.id, baseVersion };
  } else {
    const img = JSON.parse(rev.after) as FeatureImage;
    const set = { code: img.code, name: img.name, parentId: img.parentId, stationId: img.stationId, props: img.props, geometry: img.geometry };
    op = row.retired_at
      ? { entity: 'feature', op: 'restore', id: row.id, baseVersion, set }
      : { entity: 'feature', op: 'update', id: row.id, baseVersion, set };
  }
  return commit(db, { kind: 'revert', actor: input.actor, reason, ops: [op] }, opts);
}
