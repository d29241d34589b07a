/**
 * Small, dependency-free planar geometry helpers shared by the editing operations
 * (merge, split, topology, validation). Coordinates are WGS84 [lon, lat]; metric measures
 * use a local equirectangular projection around the geometry, which is accurate to well
 * under 0.1 % at grid scale (a few km).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type Pos = [number, number];
export type Ring = Pos[];
/** One polygon: outer ring first, then holes. */
export type Poly = Ring[];
export type AreaGeometry = Polygon | MultiPolygon;

const EARTH_RADIUS = 6371008.8;
const RAD = Math.PI / 180;

/** Exact text key of a position (bit-for-bit identity of coordinates). */
export function posKey(p: Position): string {
  return `${p[0]},${p[1]}`;
}

/** The polygons of a Polygon or MultiPolygon, as plain coordinate arrays. */
export function toPolys(g: AreaGeometry): Poly[] {
  if (g.type === 'Polygon') return [g.coordinates as Poly];
  if (g.type === 'MultiPolygon') return g.coordinates as Poly[];
  throw new Error(`Expected a Polygon or MultiPolygon, got ${(g as { type: string }).type}`);
}

/** A Polygon for one polygon, a MultiPolygon for several. */
export function fromPolys(polys: Poly[]): AreaGeometry {
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0] };
  return { type: 'MultiPolygon', coordinates: polys };
}

/** Twice the signed planar area of a closed ring in its own units (> 0: counter-clockwise). */
export function ringSignedArea2(ring: Ring): number {
  // relative to the first vertex: avoids cancellation with large lon/lat values
  if (ring.length === 0) return 0;
  const ox = ring[0][0];
  const oy = ring[0][1];
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = ring[i][0] - ox;
    const ay = ring[i][1] - oy;
    const bx = ring[i + 1][0] - ox;
    const by = ring[i + 1][1] - oy;
    s += ax * by - bx * ay;
  }
  return s;
}

/** The ring with the requested orientation (copy; closed rings stay closed). */
export function orientRing(ring: Ring, ccw: boolean): Ring {
  const isCcw = ringSignedArea2(ring) > 0;
  return isCcw === ccw ? ring.slice() : ring.slice().reverse();
}

/** RFC 7946 right-hand rule: outer rings counter-clockwise, holes clockwise. */
export function rewindPolys(polys: Poly[]): Poly[] {
  return polys.map((p) => p.map((r, i) => orientRing(r, i === 0)));
}

/** Bounding box [minx, miny, maxx, maxy] of any positions. */
export function bboxOf(polys: Poly[]): [number, number, number, number] {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  for (const p of polys)
    for (const r of p)
      for (const c of r) {
        if (c[0] < minx) minx = c[0];
        if (c[0] > maxx) maxx = c[0];
        if (c[1] < miny) miny = c[1];
        if (c[1] > maxy) maxy = c[1];
      }
  return [minx, miny, maxx, maxy];
}

/** A local metric projection (equirectangular around latitude `lat0`): [lon, lat] → [x m, y m]. */
export interface Projector {
  lat0: number;
  toMeters(p: Position): Pos;
  toLonLat(p: Position): Pos;
}

/** Builds a local projector centred on the latitude of the given polygons. */
export function projectorFor(polys: Poly[]): Projector {
  const [, miny, , maxy] = bboxOf(polys);
  return projectorAt((miny + maxy) / 2);
}

/** A local projector at latitude `lat0` (degrees). */
export function projectorAt(lat0: number): Projector {
  const kx = EARTH_RADIUS * RAD * Math.cos(lat0 * RAD);
  const ky = EARTH_RADIUS * RAD;
  return {
    lat0,
    toMeters: (p) => [p[0] * kx, p[1] * ky],
    toLonLat: (p) => [p[0] / kx, p[1] / ky],
  };
}

/** Area of a ring in m² (absolute). */
export function ringAreaM2(ring: Ring, pr: Projector): number {
  if (ring.length === 0) return 0;
  const o = pr.toMeters(ring[0]);
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = pr.toMeters(ring[i]);
    const b = pr.toMeters(ring[i + 1]);
    s += (a[0] - o[0]) * (b[1] - o[1]) - (b[0] - o[0]) * (a[1] - o[1]);
  }
  return Math.abs(s) / 2;
}

/** Area of polygons in m² (outer rings minus holes). */
export function areaM2(polys: Poly[], pr: Projector = projectorFor(polys)): number {
  let a = 0;
  for (const p of polys) p.forEach((r, i) => (a += i === 0 ? ringAreaM2(r, pr) : -ringAreaM2(r, pr)));
  return a;
}

/** Total boundary length of polygons in m (all rings). */
export function perimeterM(polys: Poly[], pr: Projector = projectorFor(polys)): number {
  let l = 0;
  for (const p of polys)
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++) {
        const a = pr.toMeters(r[i]);
        const b = pr.toMeters(r[i + 1]);
        l += Math.hypot(b[0] - a[0], b[1] - a[1]);
      }
  return l;
}

/** Where a point lies with respect to a ring: 1 inside, 0 on the boundary, -1 outside. */
export function pointInRing(pt: Position, ring: Ring): -1 | 0 | 1 {
  let inside = false;
  const x = pt[0];
  const y = pt[1];
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (onSegment(pt, a, b)) return 0;
    if (a[1] > y !== b[1] > y) {
      const xi = ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0];
      if (x < xi) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** Where a point lies with respect to polygons: 1 inside, 0 on a boundary, -1 outside. */
export function pointInPolys(pt: Position, polys: Poly[]): -1 | 0 | 1 {
  for (const p of polys) {
    const o = pointInRing(pt, p[0]);
    if (o === 0) return 0;
    if (o < 0) continue;
    let inHole = false;
    for (let h = 1; h < p.length; h++) {
      const q = pointInRing(pt, p[h]);
      if (q === 0) return 0;
      if (q > 0) inHole = true;
    }
    if (!inHole) return 1;
  }
  return -1;
}

/** Cross product of (b - a) × (c - a). */
export function cross(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** True when p lies on the closed segment ab (with a tiny relative tolerance for collinearity). */
export function onSegment(p: Position, a: Position, b: Position): boolean {
  if (p[0] < Math.min(a[0], b[0]) || p[0] > Math.max(a[0], b[0])) return false;
  if (p[1] < Math.min(a[1], b[1]) || p[1] > Math.max(a[1], b[1])) return false;
  const c = cross(a, b, p);
  const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
  // |c| / |ab| is the distance of p from the line; tolerate ~1e-12 degrees (~0.1 µm)
  return c * c <= 1e-24 * len2;
}

/** Intersection of segments ab and cd: parameters (t on ab, u on cd) and the point; null when parallel or apart. */
export function segmentIntersection(
  a: Position,
  b: Position,
  c: Position,
  d: Position,
): { t: number; u: number; p: Pos } | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qx = c[0] - a[0];
  const qy = c[1] - a[1];
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  const eps = 1e-12;
  if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) return null;
  return { t, u, p: [a[0] + t * rx, a[1] + t * ry] };
}

/** A point strictly inside the polygon (for labels, side tests, containment of parts). */
export function interiorPoint(poly: Poly): Pos {
  // Scan-line through the middle of the bbox; take the midpoint of the widest inside interval.
  const [minx, miny, maxx, maxy] = bboxOf([poly]);
  const tries = [0.5, 0.37, 0.63, 0.21, 0.79, 0.1, 0.9, 0.45, 0.55];
  for (const f of tries) {
    const y = miny + (maxy - miny) * f;
    const xs: number[] = [];
    for (const r of poly)
      for (let i = 0; i + 1 < r.length; i++) {
        const a = r[i];
        const b = r[i + 1];
        if (a[1] > y !== b[1] > y) xs.push(a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]));
      }
    xs.sort((p, q) => p - q);
    let best: Pos | null = null;
    let bestW = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1] - xs[i];
      if (w > bestW) {
        bestW = w;
        best = [(xs[i] + xs[i + 1]) / 2, y];
      }
    }
    if (best && pointInPolys(best, [poly]) === 1) return best;
  }
  return [(minx + maxx) / 2, (miny + maxy) / 2];
}

/** Removes consecutive duplicate positions of a closed ring (keeps it closed). */
export function dedupeRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  return out;
}
