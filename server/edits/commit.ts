import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import { PARENT_LAYER, POINT_LAYERS, type LayerName } from '../domain/layers.ts';
import { validateGeometry, type GeometryProblem } from '../geometry/validate.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.ts';
import {
  featureRowToFeature,
  featureRowToImage,
  findLiveByCode,
  getFeatureRow,
  insertFeature,
  restoreFeature,
  retireFeature,
  updateFeature,
  cleanProps,
  type FeatureImage,
  type FeatureRow,
} from '../store/features.ts';
import {
  getAssignment,
  getStaff,
  insertAssignment,
  insertStaff,
  retireAssignment,
  retireStaff,
  updateAssignment,
  updateStaff,
} from '../store/staff.ts';
import { assertFeatureLimits } from '../auth/limits.ts';
import { busyAs503 } from './busy.ts';
import { commitHooks } from './hooks.ts';
import type {
  ChangeInput,
  ChangeOp,
  CommitOptions,
  CommitResult,
  EntityImage,
  EntityKind,
  EntityRef,
  FeatureOp,
  RevisionRecord,
} from './types.ts';
import { stmt } from '../db/statements.ts';

export { registerCommitHook } from './hooks.ts';
export type * from './types.ts';

/** One feature's geometry problems, as reported in a 422's details. */
export interface FeatureProblems {
  op: number;
  layer: LayerName;
  id?: number;
  code?: string;
  reason: string;
  problems: GeometryProblem[];
}

function featureLabel(layer: LayerName, code: string | undefined, id?: number): string {
  return `feature ${layer}/${code ?? `#${id}`}${code && id ? ` (id ${id})` : ''}`;
}

function currentImage(db: Db, entity: EntityKind, id: number): EntityImage | undefined {
  if (entity === 'feature') {
    const row = getFeatureRow(db, id);
    return row && featureRowToImage(row);
  }
  return entity === 'staff' ? getStaff(db, id) : getAssignment(db, id);
}

/** Checks that an update/retire op's entity exists and was not changed since baseVersion. */
function checkVersion(db: Db, op: Exclude<ChangeOp, { op: 'create' }>): void {
  const img = currentImage(db, op.entity, op.id);
  if (!img) throw new NotFoundError(`No ${op.entity} with id ${op.id}`, { entity: op.entity, id: op.id });
  const current = () => (op.entity === 'feature' ? featureRowToFeature(getFeatureRow(db, op.id)!) : img);
  const retired = 'retiredAt' in img && img.retiredAt !== null;
  if (img.version !== op.baseVersion) {
    throw new ConflictError(
      `${op.entity} ${op.id} was changed by someone else: you edited version ${op.baseVersion}, the current version is ${img.version}`,
      { entity: op.entity, id: op.id, baseVersion: op.baseVersion, currentVersion: img.version, current: current() },
      'stale_version',
    );
  }
  if (op.op === 'restore' ? !retired : retired) {
    throw new ConflictError(
      `${op.entity} ${op.id} is ${retired ? 'retired' : 'live'}; it cannot be ${op.op === 'restore' ? 'restored' : `${op.op}d`}`,
      { entity: op.entity, id: op.id, currentVersion: img.version, current: current() },
      retired ? 'retired' : 'not_retired',
    );
  }
}

/** Validates and normalises the geometries of feature ops; throws 422 with every problem found. */
function validateFeatureGeometries(db: Db, ops: ChangeOp[]): Map<number, Geometry> {
  const normalised = new Map<number, Geometry>();
  const bad: FeatureProblems[] = [];
  ops.forEach((op, i) => {
    if (op.entity !== 'feature' || op.op === 'retire') return;
    const geometry = op.op === 'create' ? op.geometry : op.set.geometry;
    if (geometry === undefined) return;
    const row = op.op === 'create' ? undefined : getFeatureRow(db, op.id)!;
    const layer = op.op === 'create' ? op.layer : row!.layer;
    const code = op.op === 'create' ? op.code : (op.set.code ?? row!.code);
    const id = op.op === 'create' ? undefined : op.id;
    const label = featureLabel(layer, code, id);
    assertFeatureLimits(geometry as Geometry, label); // 413 above LIMITS.verticesPerFeature
    const r = validateGeometry(geometry, { expect: POINT_LAYERS.has(layer) ? 'point' : 'polygon', label });
    if (r.valid) normalised.set(i, r.geometry);
    else bad.push({ op: i, layer, id, code, reason: r.reason, problems: r.problems });
  });
  if (bad.length) {
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more features with problems)` : '';
    throw new UnprocessableError(`Invalid geometry: ${bad[0].reason}${more}`, { features: bad }, 'invalid_geometry');
  }
  return normalised;
}

/**
 * THE one write path. Inside ONE transaction: checks base versions (stale → 409 with the
 * current entity), validates geometry (422 with per-feature problems), checks parents and
 * codes, writes the entities, one `changes` row and one `revisions` row per entity (full
 * before/after images), lineage rows, then runs the registered commit hooks (a hook that
 * throws rolls everything back).
 */
export function commit(db: Db, change: ChangeInput, opts: CommitOptions = {}): CommitResult {
  if (change.ops.length === 0) throw new UnprocessableError('A change needs at least one operation', null, 'empty_change');
  const at = (opts.now ?? (() => new Date().toISOString()))();
  const run = db.transaction((): CommitResult => {
    for (const op of change.ops) if (op.op !== 'create') checkVersion(db, op);
    const geometries = opts.trustedGeometry ? new Map<number, Geometry>() : validateFeatureGeometries(db, change.ops);

    const changeId = Number(
      stmt(db, 'INSERT INTO changes(kind, actor, reason, at) VALUES (?, ?, ?, ?)').run(change.kind, change.actor, change.reason ?? '', at)
        .lastInsertRowid,
    );
    const refs = new Map<string, { entity: EntityKind; id: number }>();
    const resolve = (r: EntityRef | null | undefined, what: string): number | null | undefined => {
      if (typeof r !== 'string') return r;
      const hit = refs.get(r);
      if (!hit) throw new UnprocessableError(`${what} refers to "${r}", which no earlier operation of this change created`, { ref: r }, 'unknown_ref');
      return hit.id;
    };
    const insertRevision = stmt(db, 
      'INSERT INTO revisions(change_id, entity, entity_id, layer, version, op, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const revisions: RevisionRecord[] = [];
    const record = (entity: EntityKind, id: number, op: RevisionRecord['op'], before: EntityImage | null, ref?: string, known?: EntityImage) => {
      const afterImg = known ?? currentImage(db, entity, id)!;
      const after = op === 'retire' && entity !== 'assignment' ? null : afterImg;
      const layer = entity === 'feature' ? (afterImg as { layer: LayerName }).layer : undefined;
      const revisionId = Number(
        insertRevision.run(changeId, entity, id, layer ?? null, afterImg.version, op, before && JSON.stringify(before), after && JSON.stringify(after))
          .lastInsertRowid,
      );
      revisions.push({ entity, id, ref, op, version: afterImg.version, revisionId, layer, before, after });
    };

    change.ops.forEach((op, i) => {
      if (op.entity === 'feature') applyFeatureOp(db, op, geometries.get(i), at, resolve, refs, record);
      else if (op.entity === 'staff') {
        if (op.op === 'create') {
          const { entity: _e, op: _o, ref, ...fields } = op;
          const id = insertStaff(db, { ...fields, unitId: resolve(fields.unitId, `op ${i} unitId`) ?? null }, at);
          if (ref) refs.set(ref, { entity: 'staff', id });
          record('staff', id, 'create', null, ref);
        } else {
          const before = getStaff(db, op.id)!;
          if (op.op === 'update') updateStaff(db, op.id, op.set);
          else retireStaff(db, op.id, at);
          record('staff', op.id, op.op, before);
        }
      } else {
        if (op.op === 'create') {
          const { entity: _e, op: _o, ref, ...fields } = op;
          const staffId = resolve(fields.staffId, `op ${i} staffId`)!;
          const targetId = resolve(fields.targetId, `op ${i} targetId`)!;
          if (!getStaff(db, staffId)) throw new UnprocessableError(`op ${i}: no staff with id ${staffId}`, null, 'bad_reference');
          if (!getFeatureRow(db, targetId)) throw new UnprocessableError(`op ${i}: no feature with id ${targetId}`, null, 'bad_reference');
          const id = insertAssignment(db, { ...fields, staffId, targetId });
          if (ref) refs.set(ref, { entity: 'assignment', id });
          record('assignment', id, 'create', null, ref);
        } else {
          const before = getAssignment(db, op.id)!;
          if (op.op === 'update') {
            const targetId = resolve(op.set.targetId, `op ${i} targetId`) ?? undefined;
            if (targetId !== undefined && !getFeatureRow(db, targetId)) throw new UnprocessableError(`op ${i}: no feature with id ${targetId}`, null, 'bad_reference');
            updateAssignment(db, op.id, { ...op.set, targetId });
          }
          else retireAssignment(db, op.id, at);
          record('assignment', op.id, op.op, before);
        }
      }
    });

    const insertLineage = stmt(db, 'INSERT INTO lineage(change_id, kind, from_id, to_id, at) VALUES (?, ?, ?, ?, ?)');
    for (const l of change.lineage ?? []) {
      insertLineage.run(changeId, l.kind, resolve(l.from, 'lineage from'), resolve(l.to, 'lineage to'), at);
    }

    const hookResults: Record<string, unknown> = {};
    if (!opts.skipHooks) {
      for (const h of commitHooks()) hookResults[h.name] = h.fn({ db, changeId, change, at, revisions });
    }
    const features: Feature[] = [];
    const retired: number[] = [];
    for (const r of revisions) {
      if (r.entity !== 'feature') continue;
      if (r.op === 'retire') retired.push(r.id);
      else if (opts.returnFeatures !== false) features.push(featureRowToFeature(getFeatureRow(db, r.id)!));
    }
    return {
      changeId,
      at,
      revisions: revisions.map(({ entity, id, ref, op, version, revisionId }) => ({ entity, id, ref, op, version, revisionId })),
      features,
      retired,
      hookResults,
    };
  });
  // IMMEDIATE: take the write lock before reading versions, so two processes cannot both
  // pass the version check (the loser waits, then sees the new version and gets 409). A lock
  // held by another process past busy_timeout is a 503, not a 500 (edits/busy.ts).
  return busyAs503(() => run.immediate());
}

type Resolve = (r: EntityRef | null | undefined, what: string) => number | null | undefined;
type Record_ = (entity: EntityKind, id: number, op: RevisionRecord['op'], before: EntityImage | null, ref?: string, known?: EntityImage) => void;

/** Checks that parent/station references point at live features of the right layers. */
function checkReferences(db: Db, layer: LayerName, label: string, parentId: number | null | undefined, stationId: number | null | undefined): void {
  if (parentId !== undefined && parentId !== null) {
    const want = PARENT_LAYER[layer];
    const p = getFeatureRow(db, parentId);
    if (!want) throw new UnprocessableError(`${label}: ${layer} have no parent, but parentId ${parentId} was given`, null, 'bad_parent');
    if (!p || p.retired_at || p.layer !== want) {
      throw new UnprocessableError(`${label}: parentId ${parentId} is not a live feature of ${want}`, { parentId, expected: want }, 'bad_parent');
    }
  }
  if (stationId !== undefined && stationId !== null) {
    const s = getFeatureRow(db, stationId);
    if (!s || s.retired_at || s.layer !== 'stations') {
      throw new UnprocessableError(`${label}: stationId ${stationId} is not a live police station`, { stationId }, 'bad_station');
    }
  }
}

function checkCodeFree(db: Db, layer: LayerName, code: string, selfId?: number): void {
  const hit = findLiveByCode(db, layer, code);
  if (hit && hit.id !== selfId) {
    throw new ConflictError(`${layer} code ${code} is already used by feature ${hit.id}`, { layer, code, id: hit.id }, 'duplicate_code');
  }
}

function applyFeatureOp(
  db: Db,
  op: FeatureOp,
  geometry: Geometry | undefined,
  at: string,
  resolve: Resolve,
  refs: Map<string, { entity: EntityKind; id: number }>,
  record: Record_,
): void {
  if (op.op === 'create') {
    const label = featureLabel(op.layer, op.code);
    const parentId = resolve(op.parentId, `${label} parentId`);
    const stationId = resolve(op.stationId, `${label} stationId`);
    checkReferences(db, op.layer, label, parentId, stationId);
    checkCodeFree(db, op.layer, op.code);
    const g = geometry ?? op.geometry;
    const id = insertFeature(db, { ...op, parentId, stationId, geometry: g }, at);
    if (op.ref) refs.set(op.ref, { entity: 'feature', id });
    const image: FeatureImage = {
      id,
      layer: op.layer,
      code: op.code,
      name: op.name,
      parentId: parentId ?? null,
      stationId: stationId ?? null,
      props: cleanProps(op.props),
      geometry: g,
      version: 1,
      retiredAt: null,
    };
    record('feature', id, 'create', null, op.ref, image);
    return;
  }
  const row: FeatureRow = getFeatureRow(db, op.id)!;
  const before = featureRowToImage(row);
  if (op.op === 'retire') {
    retireFeature(db, op.id, at);
    record('feature', op.id, 'retire', before);
    return;
  }
  const label = featureLabel(row.layer, op.set.code ?? row.code, row.id);
  const parentId = resolve(op.set.parentId, `${label} parentId`);
  const stationId = resolve(op.set.stationId, `${label} stationId`);
  checkReferences(db, row.layer, label, parentId, stationId);
  if (op.set.code !== undefined || op.op === 'restore') checkCodeFree(db, row.layer, op.set.code ?? row.code, row.id);
  const patch = { ...op.set, parentId, stationId, geometry: geometry ?? op.set.geometry };
  if (op.op === 'restore') restoreFeature(db, op.id, patch, at);
  else updateFeature(db, op.id, patch, at);
  record('feature', op.id, op.op, before);
}
