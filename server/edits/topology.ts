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

/** A point this close (degrees, ≈ 1 mm) to an edge lies on it (a vertex the page inserted on a shared edge). */
export const EDGE_EPSILON_DEG = 1e-8;

/** Where `p` lies on an edge of the geometry (strictly between its ends): part, ring and edge index, or null. */
export function edgeHolding(g: AreaGeometry, p: Position, eps = EDGE_EPSILON_DEG): { part: number; ring: number; edge: number } | null {
  const polys = toPolys(g);
  for (let pi = 0; pi < polys.length; pi++)
    for (let ri = 0; ri < polys[pi].length; ri++) {
      const r = polys[pi][ri];
      for (let i = 0; i + 1 < r.length; i++) {
        const a = r[i];
        const b = r[i + 1];
        const dx = b[0] - a[0];
        const dy = b[1] - a[1];
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const d = Math.abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / Math.sqrt(len2);
        if (d <= eps && !same(p, a, VERTEX_EPSILON_DEG) && !same(p, b, VERTEX_EPSILON_DEG)) return { part: pi, ring: ri, edge: i };
      }
    }
  return null;
}

/**
 * The geometry with the vertex at `from` moved to `to` — or, when `from` is not a vertex but
 * lies on an edge, with `to` inserted into that edge (a vertex added on a shared boundary and
 * dragged). `how` is null when the geometry neither holds `from` nor passes through it.
 */
export function reshapeAt(g: AreaGeometry, from: Position, to: Position): { geometry: AreaGeometry; how: 'moved' | 'inserted' | null } {
  if (holdsVertex(g, from)) return { geometry: moveVertexIn(g, from, to).geometry, how: 'moved' };
  const at = edgeHolding(g, from);
  if (!at) return { geometry: g, how: null };
  const polys = toPolys(g).map((p, pi) =>
    p.map((r, ri) => (pi === at.part && ri === at.ring ? [...r.slice(0, at.edge + 1), [to[0], to[1]] as [number, number], ...r.slice(at.edge + 1)] : r)),
  );
  return { geometry: fromPolys(polys), how: 'inserted' };
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
  /** ids of the features where `to` was inserted into an edge (the others had a vertex at `from`) */
  inserted: number[];
}

/**
 * Moves a shared vertex of grid `id` in every live grid (and zone) holding it; features whose
 * edge passes through `from` (within ≈ 1 mm) get `to` inserted into that edge, so a vertex added
 * on a shared boundary and dragged keeps both sides together. Errors: unknown grid → 404; the
 * grid neither holds `from` nor passes through it → 404 vertex_not_found; stale version of any
 * feature → 409; a resulting geometry invalid → 422 (commit validation / edit-validation hook).
 */
export function moveSharedVertex(db: Db, input: MoveVertexInput): MoveVertexResponse {
  if (same(input.from, input.to, 0)) throw new UnprocessableError('The vertex is not moved: from and to are the same', null, 'no_change');
  return inTransaction(db, !!input.dryRun, () => {
    const main = liveRow(db, 'grids', input.id, input.baseVersion);
    const mainGeom = JSON.parse(main.geometry) as AreaGeometry;
    if (reshapeAt(mainGeom, input.from, input.to).how === null) {
      throw new NotFoundError(`Grid ${main.code} has no vertex or edge at [${input.from[0]}, ${input.from[1]}]`, { id: main.id, from: input.from }, 'vertex_not_found');
    }
    const e = EDGE_EPSILON_DEG;
    const layers: LayerName[] = ['grids'];
    if (input.includeZones !== false) layers.push('beats', 'aux-grids');
    if (input.includeCommunities) layers.push('communities');
    const candidates = rowsInBbox(db, [input.from[0] - e, input.from[1] - e, input.from[0] + e, input.from[1] + e], layers);
    const reshaped: { row: FeatureRow; geometry: AreaGeometry; how: 'moved' | 'inserted' }[] = [];
    for (const r of [main, ...candidates.filter((c) => c.id !== main.id)]) {
      const res = reshapeAt(JSON.parse(r.geometry) as AreaGeometry, input.from, input.to);
      if (res.how) reshaped.push({ row: r, geometry: res.geometry, how: res.how });
    }
    const holders = reshaped.map((x) => x.row);
    const ops: FeatureOp[] = reshaped.map(({ row: r, geometry }) => {
      const want = input.versions?.[String(r.id)];
      if (want !== undefined) liveRow(db, r.layer, r.id, want);
      return { entity: 'feature', op: 'update', id: r.id, baseVersion: r.id === main.id ? input.baseVersion : (want ?? r.version), set: { geometry } };
    });
    const change = { kind: 'move-vertex', actor: input.actor, reason: input.reason };
    const result = commit(db, { ...change, ops });
    const out: MoveVertexResponse = {
      ...editResponse(db, result, change, main.id),
      features: holders.map((r) => featureOf(db, r.id)),
      inserted: reshaped.filter((x) => x.how === 'inserted').map((x) => x.row.id),
    };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}

/**
 * Update ops that insert each of `points` into the edges of live features (of `layers`,
 * except `excludeIds`) whose boundary passes through it without a vertex there. A split's cut
 * ends are new vertices on the split grid's boundary; inserting them into the neighbours that
 * share that edge keeps the boundary topologically shared (no T-junctions), so a later
 * shared-vertex move of that point moves every side together.
 */
export function insertSharedVertexOps(db: Db, points: Position[], excludeIds: number[], layers: LayerName[]): FeatureOp[] {
  const e = EDGE_EPSILON_DEG;
  const changed = new Map<number, { row: FeatureRow; geometry: AreaGeometry }>();
  for (const p of points) {
    for (const row of rowsInBbox(db, [p[0] - e, p[1] - e, p[0] + e, p[1] + e], layers)) {
      if (excludeIds.includes(row.id)) continue;
      const current = changed.get(row.id)?.geometry ?? (JSON.parse(row.geometry) as AreaGeometry);
      if (holdsVertex(current, p)) continue;
      const res = reshapeAt(current, p, p);
      if (res.how === 'inserted') changed.set(row.id, { row, geometry: res.geometry });
    }
  }
  return [...changed.values()].map(({ row, geometry }) => ({ entity: 'feature', op: 'update', id: row.id, baseVersion: row.version, set: { geometry } }));
}

/** Vertices of `pieces` that are not vertices of `original` (e.g. where a cut line met the boundary). */
export function newVertices(original: AreaGeometry, pieces: AreaGeometry[]): Position[] {
  const out: Position[] = [];
  for (const g of pieces)
    for (const poly of toPolys(g))
      for (const ring of poly)
        for (const c of ring)
          if (!holdsVertex(original, c) && !out.some((o) => same(o, c, 0))) out.push(c);
  return out;
}
