/**
 * Picks grids of the demo city for the concurrency tests, read over the API: grids sharing an
 * edge (mergeable), vertices shared by several grids inside one community (topological moves),
 * and a line that cuts a grid into two valid pieces (checked with a dry-run split).
 */
import type { Feature, LineString, Polygon, MultiPolygon, Position } from 'geojson';
import type { ApiClient } from './clients.ts';

/** A grid as the tests need it. */
export interface GridInfo {
  id: number;
  code: string;
  parentId: number;
  version: number;
  geometry: Polygon | MultiPolygon;
}

/** The live grids of a county (GET /api/layers/grids?county=). */
export async function countyGrids(c: ApiClient, county: string): Promise<GridInfo[]> {
  const r = await c.get(`/api/layers/grids?county=${county}`);
  if (r.status !== 200) throw new Error(`GET grids of county ${county}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return (r.body.features as Feature<Polygon | MultiPolygon>[]).map((f) => ({
    id: Number(f.id),
    code: String(f.properties!.code),
    parentId: Number(f.properties!.parentId),
    version: Number(f.properties!.version),
    geometry: f.geometry,
  }));
}

const key = (p: Position) => `${p[0]},${p[1]}`;

function rings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** The undirected edges of a geometry, as "a|b" keys (a < b). */
function edgeKeys(g: Polygon | MultiPolygon): Set<string> {
  const out = new Set<string>();
  for (const r of rings(g))
    for (let i = 0; i + 1 < r.length; i++) {
      const a = key(r[i]);
      const b = key(r[i + 1]);
      out.add(a < b ? `${a}|${b}` : `${b}|${a}`);
    }
  return out;
}

/** Pairs of grids of the same community that share at least one edge exactly (the demo's grids share vertices). */
export function adjacency(grids: GridInfo[]): Map<number, Set<number>> {
  const byEdge = new Map<string, number[]>();
  for (const g of grids) for (const e of edgeKeys(g.geometry)) byEdge.set(e, [...(byEdge.get(e) ?? []), g.id]);
  const parent = new Map(grids.map((g) => [g.id, g.parentId]));
  const adj = new Map<number, Set<number>>(grids.map((g) => [g.id, new Set<number>()]));
  for (const ids of byEdge.values())
    for (const a of ids)
      for (const b of ids) if (a !== b && parent.get(a) === parent.get(b)) adj.get(a)!.add(b);
  return adj;
}

/** Vertices held by at least `min` grids, with the ids holding them. */
export function sharedVertices(grids: GridInfo[], min: number): { at: Position; ids: number[] }[] {
  const by = new Map<string, { at: Position; ids: Set<number> }>();
  for (const g of grids)
    for (const r of rings(g.geometry))
      for (const p of r) {
        const k = key(p);
        const hit = by.get(k) ?? { at: [p[0], p[1]], ids: new Set<number>() };
        hit.ids.add(g.id);
        by.set(k, hit);
      }
  return [...by.values()].filter((v) => v.ids.size >= min).map((v) => ({ at: v.at, ids: [...v.ids] }));
}

/** Does the geometry hold this exact vertex? */
export function holds(g: Polygon | MultiPolygon, p: Position): boolean {
  return rings(g).some((r) => r.some((q) => q[0] === p[0] && q[1] === p[1]));
}

/** Distance in degrees from `p` to the nearest other vertex of the geometry. */
export function nearestOtherVertexDeg(g: Polygon | MultiPolygon, p: Position): number {
  let best = Infinity;
  for (const r of rings(g))
    for (const q of r) {
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d > 0 && d < best) best = d;
    }
  return best;
}

/**
 * A line that splits the grid into two valid pieces (a dry-run split answers 200), tried
 * across its bounding box at a few heights and widths; null when none works.
 */
export async function splitLineFor(c: ApiClient, grid: GridInfo): Promise<LineString | null> {
  const xs = rings(grid.geometry).flat().map((p) => p[0]);
  const ys = rings(grid.geometry).flat().map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 0.001;
  const candidates: LineString[] = [];
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    const y = y0 + t * (y1 - y0);
    const x = x0 + t * (x1 - x0);
    candidates.push({ type: 'LineString', coordinates: [[x0 - pad, y], [x1 + pad, y]] });
    candidates.push({ type: 'LineString', coordinates: [[x, y0 - pad], [x, y1 + pad]] });
  }
  for (const line of candidates) {
    const r = await c.post(`/api/grids/${grid.id}/split?dryRun=1`, { line, baseVersion: grid.version, reason: 'probe' });
    if (r.status === 200) return line;
  }
  return null;
}
