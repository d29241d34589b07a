/**
 * Exact union of polygons that share boundaries vertex-for-vertex (the normal case for
 * grids of one community): every edge that occurs twice in opposite directions is an inner
 * boundary and is removed; the remaining edges are chained into rings and classified into
 * outer rings and holes. No coordinate is computed, so the result's vertices are exactly
 * the inputs' vertices and neighbours keep sharing them bit-for-bit.
 * When the inputs do not fit (overlap, T-junctions, crossing edges) it reports why, and
 * `unionExact` falls back to polyclip-ts.
 */
import Flatbush from 'flatbush';
import { union as polyclipUnion } from 'polyclip-ts';
import { assembleRings, edge, FaceTraceError, traceFaces, type DirectedEdge } from './faces.ts';
import {
  areaM2,
  cross,
  dedupeRing,
  fromPolys,
  onSegment,
  projectorFor,
  rewindPolys,
  segmentIntersection,
  toPolys,
  type AreaGeometry,
  type Poly,
} from './geom.ts';

/** Result of the shared-edge dissolve. */
export type DissolveResult = { ok: true; polys: Poly[] } | { ok: false; reason: string };

/** The union and how it was computed. */
export interface UnionResult {
  geometry: AreaGeometry;
  method: 'dissolve' | 'polyclip';
  /** why the dissolve did not apply (method 'polyclip') */
  fallbackReason?: string;
}

/**
 * Shared-edge dissolve of the given polygons (any orientation). Succeeds only when the
 * result is provably the exact union: no edge occurs twice in the same direction, and the
 * remaining boundary edges neither cross nor touch except at shared endpoints.
 */
export function dissolveSharedEdges(polysIn: Poly[]): DissolveResult {
  const polys = rewindPolys(polysIn.map((p) => p.map(dedupeRing)));
  const directed = new Map<string, DirectedEdge>();
  for (const p of polys)
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++) {
        const e = edge(r[i], r[i + 1]);
        const k = `${e.fromKey}>${e.toKey}`;
        if (directed.has(k)) return { ok: false, reason: `edge ${k} occurs twice in the same direction (inputs overlap)` };
        directed.set(k, e);
      }
  const remaining: DirectedEdge[] = [];
  for (const [k, e] of directed) {
    if (directed.has(`${e.toKey}>${e.fromKey}`)) continue;
    remaining.push(e);
    void k;
  }
  if (remaining.length === 0) return { ok: false, reason: 'no boundary left after removing shared edges' };
  const clash = findClash(remaining);
  if (clash) return { ok: false, reason: clash };
  let polysOut: Poly[];
  try {
    polysOut = assembleRings(traceFaces(remaining));
  } catch (err) {
    if (err instanceof FaceTraceError) return { ok: false, reason: err.message };
    throw err;
  }
  // Safety net: the exact union of non-overlapping inputs has their summed area.
  const pr = projectorFor(polys);
  const want = polys.reduce((s, p) => s + areaM2([p], pr), 0);
  const got = areaM2(polysOut, pr);
  if (Math.abs(got - want) > 1e-6 * Math.max(1, want)) {
    return { ok: false, reason: `dissolved area ${got.toFixed(3)} m² differs from the inputs' ${want.toFixed(3)} m²` };
  }
  return { ok: true, polys: polysOut };
}

/** Finds two remaining boundary edges that cross, overlap or form a T-junction. */
function findClash(edges: DirectedEdge[]): string | null {
  const index = new Flatbush(edges.length);
  for (const e of edges) {
    index.add(
      Math.min(e.from[0], e.to[0]),
      Math.min(e.from[1], e.to[1]),
      Math.max(e.from[0], e.to[0]),
      Math.max(e.from[1], e.to[1]),
    );
  }
  index.finish();
  for (let i = 0; i < edges.length; i++) {
    const a = edges[i];
    const hits = index.search(
      Math.min(a.from[0], a.to[0]),
      Math.min(a.from[1], a.to[1]),
      Math.max(a.from[0], a.to[0]),
      Math.max(a.from[1], a.to[1]),
    );
    for (const j of hits) {
      if (j <= i) continue;
      const b = edges[j];
      const shared =
        (a.fromKey === b.fromKey ? 1 : 0) + (a.fromKey === b.toKey ? 1 : 0) + (a.toKey === b.fromKey ? 1 : 0) + (a.toKey === b.toKey ? 1 : 0);
      if (shared >= 2) return `edges ${a.fromKey}→${a.toKey} and ${b.fromKey}→${b.toKey} coincide`;
      if (shared === 1) {
        // touching at one common endpoint is fine unless they run along each other
        const collinear = cross(a.from, a.to, b.from) === 0 && cross(a.from, a.to, b.to) === 0;
        if (collinear) {
          const other = a.fromKey === b.fromKey || a.toKey === b.fromKey ? b.to : b.from;
          if (onSegment(other, a.from, a.to)) return `edges overlap along ${a.fromKey}→${a.toKey}`;
          const mine = a.fromKey === b.fromKey || a.fromKey === b.toKey ? a.to : a.from;
          if (onSegment(mine, b.from, b.to)) return `edges overlap along ${b.fromKey}→${b.toKey}`;
        }
        continue;
      }
      if (onSegment(b.from, a.from, a.to) || onSegment(b.to, a.from, a.to)) return `T-junction on edge ${a.fromKey}→${a.toKey}`;
      if (onSegment(a.from, b.from, b.to) || onSegment(a.to, b.from, b.to)) return `T-junction on edge ${b.fromKey}→${b.toKey}`;
      if (segmentIntersection(a.from, a.to, b.from, b.to)) return `edges ${a.fromKey}→${a.toKey} and ${b.fromKey}→${b.toKey} cross`;
    }
  }
  return null;
}

/**
 * Exact union of area geometries: the shared-edge dissolve when it applies (inputs sharing
 * vertices bit-for-bit), otherwise polyclip-ts. Output follows the right-hand rule.
 */
export function unionExact(geoms: AreaGeometry[]): UnionResult {
  const polys = geoms.flatMap(toPolys);
  if (polys.length === 0) throw new Error('unionExact: no geometries');
  const d = dissolveSharedEdges(polys);
  if (d.ok) return { geometry: fromPolys(d.polys), method: 'dissolve' };
  const [first, ...rest] = polys;
  const u = polyclipUnion(first as never, ...(rest as never[]));
  const out = rewindPolys(u as Poly[]);
  if (out.length === 0) throw new Error('unionExact: the union is empty');
  return { geometry: fromPolys(out), method: 'polyclip', fallbackReason: d.reason };
}
