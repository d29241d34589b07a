/**
 * Adjacency of area features: two features are adjacent when their boundaries share a
 * stretch of positive length (touching at a single point is not adjacent). Exact shared
 * edges are found by key; otherwise collinear overlapping segments within a small
 * tolerance count too (neighbours digitised with different vertices).
 */
import Flatbush from 'flatbush';
import { posKey, projectorFor, toPolys, type AreaGeometry, type Pos, type Projector } from './geom.ts';

/** Minimum shared boundary length (m) for two features to count as adjacent. */
export const MIN_SHARED_LENGTH_M = 0.5;
/** Distance (m) within which two boundary segments are taken as the same line. */
export const COLLINEAR_TOLERANCE_M = 0.01;

type Seg = [Pos, Pos];

function segments(g: AreaGeometry): Seg[] {
  const out: Seg[] = [];
  for (const p of toPolys(g))
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++) out.push([r[i] as Pos, r[i + 1] as Pos]);
  return out;
}

/** Length (m) of boundary that geometries a and b share (exact edges, else collinear overlap). */
export function sharedBoundaryLength(a: AreaGeometry, b: AreaGeometry, pr: Projector = projectorFor([...toPolys(a), ...toPolys(b)])): number {
  const sa = segments(a).map(([p, q]) => [pr.toMeters(p), pr.toMeters(q)] as Seg);
  const sb = segments(b).map(([p, q]) => [pr.toMeters(p), pr.toMeters(q)] as Seg);
  if (sa.length === 0 || sb.length === 0) return 0;
  const exactB = new Set(segments(b).map(([p, q]) => undirectedKey(p, q)));
  const rawA = segments(a);
  let total = 0;
  const index = new Flatbush(sb.length);
  for (const [p, q] of sb) index.add(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]));
  index.finish();
  const tol = COLLINEAR_TOLERANCE_M;
  sa.forEach(([p, q], i) => {
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (len === 0) return;
    if (exactB.has(undirectedKey(rawA[i][0], rawA[i][1]))) {
      total += len;
      return;
    }
    const hits = index.search(Math.min(p[0], q[0]) - tol, Math.min(p[1], q[1]) - tol, Math.max(p[0], q[0]) + tol, Math.max(p[1], q[1]) + tol);
    const ux = (q[0] - p[0]) / len;
    const uy = (q[1] - p[1]) / len;
    for (const j of hits) {
      const [c, d] = sb[j];
      const dc = Math.abs((c[0] - p[0]) * uy - (c[1] - p[1]) * ux);
      const dd = Math.abs((d[0] - p[0]) * uy - (d[1] - p[1]) * ux);
      if (dc > tol || dd > tol) continue;
      const tc = (c[0] - p[0]) * ux + (c[1] - p[1]) * uy;
      const td = (d[0] - p[0]) * ux + (d[1] - p[1]) * uy;
      const lo = Math.max(0, Math.min(tc, td));
      const hi = Math.min(len, Math.max(tc, td));
      if (hi > lo) total += hi - lo;
    }
  });
  return total;
}

function undirectedKey(p: Pos, q: Pos): string {
  const a = posKey(p);
  const b = posKey(q);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * Splits features into groups connected through shared boundaries (indices into `geoms`).
 * One group means all of them form a single connected patch.
 */
export function adjacencyGroups(geoms: AreaGeometry[]): number[][] {
  const parent = geoms.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const pr = projectorFor(geoms.flatMap(toPolys));
  for (let i = 0; i < geoms.length; i++)
    for (let j = i + 1; j < geoms.length; j++) {
      if (find(i) === find(j)) continue;
      if (sharedBoundaryLength(geoms[i], geoms[j], pr) >= MIN_SHARED_LENGTH_M) parent[find(i)] = find(j);
    }
  const groups = new Map<number, number[]>();
  geoms.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()];
}
