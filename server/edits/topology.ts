/**
 * Topological editing: moving a vertex that neighbouring features share moves it in all of
 * them, in ONE commit with a version check for each, so the edit cannot open a gap or an
 * overlap between neighbours. Grids sharing the vertex always move; beats and aux-grids
 * holding exactly the same vertex move too unless `includeZones` is false; communities
 * holding it move when `includeCommunities` is true (else moving a grid corner that lies on
 * the community boundary outwards is refused: outside_parent).
 */
import type { Feature, Position } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { NotFoundError, UnprocessableError } from '../http/errors.ts';
import { toPolys, type AreaGeometry, type Poly, fromPolys } from '../grids/geom.ts';
import { editResponse, featureOf, inTransaction, liveRow, type EditResponse } from '../grids/respond.ts';
import { rowsInBbox, type FeatureRow } from '../store/features.ts';
import { commit } from './commit.ts';
import type { FeatureOp } from './types.ts';

/** Two positions closer than this (degrees, ≈ 0.1 mm) are the same vertex. */
export const VERTEX_EPSILON_DEG = 1e-9;

const same = (a: Position, b: Position, eps: number) => Math.abs(a[0] - b[0]) <= eps && Math.abs(a[1] - b[1]) <= eps;

/**
 * Replaces every position equal to `from` (within eps) by `to`, in all rings. Returns the new
 * geometry and how many positions moved (a ring's closing position counts once). Consecutive
 * duplicates created by the move are removed.
 */
export function moveVertexIn(g: AreaGeometry, from: Position, to: Position, eps = VERTEX_EPSILON_DEG): { geometry: AreaGeometry; moved: number } {
  let moved = 0;
  const polys: Poly[] = toPolys(g).map((p) =>
    p.map((ring) => {
      const out: [number, number][] = [];
      ring.forEach((c, i) => {
        const hit = same(c, from, eps);
        if (hit && i < ring.length - 1) moved++;
        const next: [number, number] = hit ? [to[0], to[1]] : [c[0], c[1]];
        const last = out[out.length - 1];
        if (!last || last[0] !== next[0] || last[1] !== next[1]) out.push(next);
      });
      return out;
    }),
  );
  return { geometry: fromPolys(polys), moved };
}

/** Does the geometry hold the vertex? */
export function holdsVertex(g: AreaGeometry, v: Position, eps = VERTEX_EPSILON_DEG): boolean {
  return toPolys(g).some((p) => p.some((r) => r.some((c) => same(c, v, eps))));
}

export interface MoveVertexInput {
  id: number;
  from: [number, number];
  to: [number, number];
  baseVersion: number;
  reason: string;
  actor: string;
  /** base versions of the other features the client saw (optional) */
  versions?: Record<string, number>;
  includeZones?: boolean;
  /** also move the vertex in communities holding it (a grid corner on a community boundary) */
  includeCommunities?: boolean;
  dryRun?: boolean;
}

export interface MoveVertexResponse extends EditResponse {
  /** every updated feature, the grid :id first */
  features: Feature[];
}

/**
 * Moves a shared vertex of grid `id` in every live grid (and zone) holding it. Errors:
 * unknown grid → 404; the grid does not hold `from` → 404 vertex_not_found; stale version of
 * any feature → 409; a resulting geometry invalid → 422 (from the commit's validation).
 */
export function moveSharedVertex(db: Db, input: MoveVertexInput): MoveVertexResponse {
  if (same(input.from, input.to, 0)) throw new UnprocessableError('The vertex is not moved: from and to are the same', null, 'no_change');
  return inTransaction(db, !!input.dryRun, () => {
    const main = liveRow(db, 'grids', input.id, input.baseVersion);
    const mainGeom = JSON.parse(main.geometry) as AreaGeometry;
    if (!holdsVertex(mainGeom, input.from)) {
      throw new NotFoundError(`Grid ${main.code} has no vertex at [${input.from[0]}, ${input.from[1]}]`, { id: main.id, from: input.from }, 'vertex_not_found');
    }
    const e = VERTEX_EPSILON_DEG;
    const layers: LayerName[] = ['grids'];
    if (input.includeZones !== false) layers.push('beats', 'aux-grids');
    if (input.includeCommunities) layers.push('communities');
    const candidates = rowsInBbox(db, [input.from[0] - e, input.from[1] - e, input.from[0] + e, input.from[1] + e], layers);
    const holders: FeatureRow[] = [main, ...candidates.filter((r) => r.id !== main.id && holdsVertex(JSON.parse(r.geometry) as AreaGeometry, input.from))];
    const ops: FeatureOp[] = holders.map((r) => {
      const want = input.versions?.[String(r.id)];
      if (want !== undefined) liveRow(db, r.layer, r.id, want);
      const { geometry } = moveVertexIn(JSON.parse(r.geometry) as AreaGeometry, input.from, input.to);
      return { entity: 'feature', op: 'update', id: r.id, baseVersion: r.id === main.id ? input.baseVersion : (want ?? r.version), set: { geometry } };
    });
    const change = { kind: 'move-vertex', actor: input.actor, reason: input.reason };
    const result = commit(db, { ...change, ops });
    const out: MoveVertexResponse = { ...editResponse(db, result, change, main.id), features: holders.map((r) => featureOf(db, r.id)) };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}
