/**
 * Shared plumbing of the editing operations: loading live features with clear 404/409s,
 * the common response shape (change, revision(s), notices), and dry runs.
 */
import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import type { CommitResult } from '../edits/types.ts';
import { busyAs503 } from '../edits/busy.ts';
import { ConflictError, NotFoundError } from '../http/errors.ts';
import type { NoticeView } from '../notices/repo.ts';
import { featureRowToFeature, getFeatureRow, type FeatureRow } from '../store/features.ts';

/** The common part of every editing response. */
export interface EditResponse {
  change: { id: number; kind: string; actor: string; reason: string; at: string };
  /** the main revision: the new / updated feature's */
  revision: number;
  /** every revision of the change (entity: feature, or assignment for assignments carried by a merge/split) */
  revisions: { id: number; entity: string; entityId: number; layer: string | null; op: string; version: number }[];
  notices: NoticeView[];
  /** live alignment update of the affected area (commit hook `alignment`, docs/ALIGNMENT-API.md) */
  alignment: unknown;
  dryRun?: true;
}

/** Builds the common response from a commit result. `mainId` picks the main revision. */
export function editResponse(db: Db, result: CommitResult, change: { kind: string; actor: string; reason: string }, mainId?: number): EditResponse {
  const revisions = result.revisions.map((r) => ({
    id: r.revisionId,
    entity: r.entity,
    entityId: r.id,
    layer: r.entity === 'feature' ? (getFeatureRow(db, r.id)?.layer ?? null) : null,
    op: r.op,
    version: r.version,
  }));
  const features = revisions.filter((r) => r.entity === 'feature');
  const main = features.find((r) => r.entityId === mainId) ?? features.find((r) => r.op !== 'retire') ?? revisions[0];
  return {
    change: { id: result.changeId, kind: change.kind, actor: change.actor, reason: change.reason, at: result.at },
    revision: main.id,
    revisions,
    notices: (result.hookResults.notices as NoticeView[] | undefined) ?? [],
    alignment: result.hookResults.alignment ?? null,
  };
}

/** Retired features of a commit as {id, code, version}. */
export function retiredList(db: Db, result: CommitResult): { id: number; code: string; version: number }[] {
  return result.retired.map((id) => {
    const row = getFeatureRow(db, id)!;
    return { id, code: row.code, version: row.version };
  });
}

/**
 * A feature of `layer` that must be live: absent / other layer → 404; retired → 409 with the
 * current (retired) feature; `baseVersion` given and different → 409 stale_version.
 */
export function liveRow(db: Db, layer: LayerName, id: number, baseVersion?: number): FeatureRow {
  const row = getFeatureRow(db, id);
  if (!row || row.layer !== layer) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
  if (row.retired_at) {
    throw new ConflictError(
      `${layer} ${row.code} (id ${id}) was retired at ${row.retired_at}; reload and try again`,
      { entity: 'feature', layer, id, currentVersion: row.version, current: featureRowToFeature(row) },
      'retired',
    );
  }
  if (baseVersion !== undefined && baseVersion !== row.version) {
    throw new ConflictError(
      `${layer} ${row.code} (id ${id}) was changed by someone else: you edited version ${baseVersion}, the current version is ${row.version}`,
      { entity: 'feature', layer, id, baseVersion, currentVersion: row.version, current: featureRowToFeature(row) },
      'stale_version',
    );
  }
  return row;
}

/** The served Feature of a live feature id. */
export function featureOf(db: Db, id: number): Feature {
  return featureRowToFeature(getFeatureRow(db, id)!);
}

const ROLLBACK = Symbol('dry-run rollback');

/**
 * Runs `fn` in an IMMEDIATE transaction (the write lock is taken before the reads, so two
 * processes editing the same grids serialise and the loser sees the winner's result: 409;
 * a lock held elsewhere past busy_timeout: 503 database_busy). With `dryRun` the transaction is rolled back after `fn` returns
 * (its result is still returned), so nothing is written.
 */
export function inTransaction<T>(db: Db, dryRun: boolean, fn: () => T): T {
  // a write lock held by another process past busy_timeout → 503 database_busy, not a 500
  if (!dryRun) return busyAs503(() => db.transaction(fn).immediate());
  let out: T | undefined;
  try {
    busyAs503(() =>
      db.transaction(() => {
        out = fn();
        throw ROLLBACK;
      }).immediate(),
    );
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return out as T;
}
