/**
 * Projected, validated polygon shapes: the engine's internal geometry.
 *
 * A Shape is a set of rings in the LAEA plane (metres), each a flat Float64Array
 * [x0,y0,x1,y1,...] without the closing vertex, oriented so that the winding number is 1
 * inside and 0 outside (outer rings counter-clockwise, holes clockwise). The engine's area
 * formulas only need the rings, not the polygon structure.
 */
import type { FeatureId, InputWarning, PolygonalGeometry } from './types.ts';
import { AUTHALIC_SERIES, D2R as D2R_, E2 as E2_, RQ as RQ_, type Projection } from './projection.ts';
import { findSelfIntersection, isStarShaped, partsOverlap } from './validity.ts';
import { repairRings } from './clip.ts';
import { buildEdgeStrips, intersectionArea, type EdgeStrips } from './overlap-area.ts';

export interface Shape {
  id: FeatureId;
  /** Index of the feature in its input collection. */
  index: number;
  rings: Float64Array[];
  /** minx, miny, maxx, maxy in metres. */
  bbox: [number, number, number, number];
  areaM2: number;
  /** Strip index of the edges, for shapes with many edges (zones); see overlap-area.ts. */
  strips?: EdgeStrips;
}

/** Signed shoelace area of a flat ring, computed around its first vertex for precision. */
export function ringSignedArea(r: Float64Array): number {
  const n = r.length >> 1;
  if (n < 3) return 0;
  const ox = r[0], oy = r[1];
  let s = 0;
  let px = 0, py = 0;
  for (let i = 1; i < n; i++) {
    const x = r[2 * i] - ox, y = r[2 * i + 1] - oy;
    s += px * y - x * py;
    px = x; py = y;
  }
  return s / 2;
}

function reverseRing(r: Float64Array): Float64Array {
  const n = r.length >> 1;
  const out = new Float64Array(r.length);
  for (let i = 0; i < n; i++) { out[2 * i] = r[2 * (n - 1 - i)]; out[2 * i + 1] = r[2 * (n - 1 - i) + 1]; }
  return out;
}

/** Bounding box of a set of flat rings. */
export function ringsBbox(rings: Float64Array[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i], y = r[i + 1];
      if (x < x0) x0 = x; if (x > x1) x1 = x;
      if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/** Sum of the signed ring areas (the area under winding-number semantics). */
export function ringsArea(rings: Float64Array[]): number {
  let a = 0;
  for (const r of rings) a += ringSignedArea(r);
  return a;
}

// Local copies of the projection constants: under tsx, imported bindings are getters, and the
// per-vertex loop below would call them 1.3 M times.
const D2R = D2R_, E2 = E2_, RQ = RQ_;
const [S0, S1, S2, S3, S4, S5, S6, S7, S8] = AUTHALIC_SERIES;

/** Shapes with at least this many edges get a strip index (zones typically; grids rarely). */
const STRIP_MIN_EDGES = 160;

type Warn = (problem: string, detail: string, repaired: boolean) => void;

/** Project one GeoJSON ring, dropping the closing vertex, duplicates and non-finite points. */
function projectRing(ring: unknown, proj: Projection, where: string, warn: Warn): Float64Array | null {
  if (!Array.isArray(ring)) { warn('bad-geometry', `${where} is not an array of positions`, true); return null; }
  const out = new Float64Array(ring.length * 2);
  const lon0 = proj.lon0, sinb1 = proj.sinb1, cosb1 = proj.cosb1, dd = proj.dd;
  let n = 0, dups = 0, bad = 0;
  let plon = NaN, plat = NaN;
  for (const c of ring as unknown[]) {
    if (!Array.isArray(c)) { bad++; continue; }
    const lon = c[0], lat = c[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 360) { bad++; continue; }
    if (lon === plon && lat === plat) { dups++; continue; }
    // proj.forward(lon, lat, out, 2 * n), inlined (a call would box the doubles)
    const lam = (lon - lon0) * D2R;
    const sinphi = Math.sin(lat * D2R);
    const t = E2 * sinphi * sinphi; // authalicSin(sinphi), inlined: the series needs no log
    const sinb = sinphi * (S0 + t * (S1 + t * (S2 + t * (S3 + t * (S4 + t * (S5 + t * (S6 + t * (S7 + t * S8))))))));
    const cosb = Math.sqrt(1 - sinb * sinb);
    const coslam = Math.cos(lam);
    const b = RQ * Math.sqrt(2 / (1 + sinb1 * sinb + cosb1 * cosb * coslam));
    out[2 * n] = b * dd * cosb * Math.sin(lam);
    out[2 * n + 1] = (b / dd) * (cosb1 * sinb - sinb1 * cosb * coslam);
    n++;
    plon = lon; plat = lat;
  }
  // drop closing vertex (and any trailing repeats of the first)
  while (n > 1 && out[0] === out[2 * n - 2] && out[1] === out[2 * n - 1]) n--;
  if (bad) warn('bad-coordinates', `${where}: ${bad} invalid position(s) dropped`, true);
  if (dups) warn('duplicate-vertices', `${where}: ${dups} repeated vertex/vertices removed`, true);
  if (n < 3) { warn('degenerate-ring', `${where}: fewer than 3 distinct vertices, ring dropped`, true); return null; }
  return out.subarray(0, 2 * n);
}

/**
 * Turn one GeoJSON Polygon/MultiPolygon into a Shape: project, clean rings, fix winding,
 * and repair self-intersecting rings or overlapping parts with Clipper2 (mm snapping).
 * Returns null (with a warning) when nothing usable is left.
 */
export function prepareShape(
  geometry: unknown,
  id: FeatureId,
  index: number,
  layer: 'grids' | 'zones',
  proj: Projection,
  warnings: InputWarning[],
): Shape | null {
  const warn: Warn = (problem, detail, repaired) => warnings.push({ layer, id, index, problem, detail, repaired });
  const g = geometry as PolygonalGeometry | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    warn('bad-geometry', `geometry is ${g && typeof g === 'object' && 'type' in g ? String(g.type) : 'missing'}, expected Polygon or MultiPolygon; feature skipped`, false);
    return null;
  }
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const parts: Float64Array[][] = [];
  let rewound = 0;
  polys.forEach((poly, pi) => {
    if (!Array.isArray(poly)) { warn('bad-geometry', `polygon ${pi} is not an array of rings`, true); return; }
    const rings: Float64Array[] = [];
    poly.forEach((ring: unknown, ri: number) => {
      const where = `${g.type === 'MultiPolygon' ? `polygon ${pi} ` : ''}ring ${ri}${ri === 0 ? ' (outer)' : ' (hole)'}`;
      let r = projectRing(ring, proj, where, warn);
      if (!r) { if (ri === 0) rings.length = 0; return; }
      const a = ringSignedArea(r);
      if (a === 0) { warn('degenerate-ring', `${where}: zero area, ring dropped`, true); return; }
      if (ri === 0 && rings.length === 0 && poly.length > 0) {
        if (a < 0) { r = reverseRing(r); rewound++; }
      } else if (rings.length === 0) {
        return; // hole without an outer ring
      } else if (a > 0) { r = reverseRing(r); rewound++; }
      rings.push(r);
    });
    if (rings.length) parts.push(rings);
  });
  if (rewound) warn('winding', `${rewound} ring(s) had the wrong orientation and were reversed`, true);
  if (!parts.length) { warn('bad-geometry', 'no valid polygon left; feature skipped', false); return null; }
  let shape = makeShape(id, index, parts.flat());
  // Validity under winding semantics (the winding number must be 0 or 1 everywhere):
  // 1. no two edges cross or overlap collinearly (sweep, cheap);
  // 2. with several rings, also ∫w² = ∫w, which holds iff w ∈ {0, 1} everywhere: catches nested
  //    MultiPolygon parts and holes outside their polygon, which cross nothing.
  let why = shape.rings.length === 1 && isStarShaped(shape.rings[0]) ? null : findSelfIntersection(shape.rings);
  if (!why && shape.rings.length > 1) {
    const selfArea = intersectionArea(shape, shape);
    if (Math.abs(selfArea - shape.areaM2) > 1e-4 + 1e-9 * Math.abs(shape.areaM2)) why = partsOverlap(parts) ?? 'a hole lies outside its polygon or parts overlap';
  }
  if (why) {
    const problem = why.startsWith('polygon') ? 'overlapping-parts' : 'self-intersection';
    warn(problem, `${why}; repaired (even-odd per polygon, union of polygons, 0.1 mm snapping)`, true);
    const rings = repairRings(parts);
    if (!rings.length) { warn('bad-geometry', 'nothing left after repair; feature skipped', false); return null; }
    shape = makeShape(id, index, rings);
  }
  return shape;
}

function makeShape(id: FeatureId, index: number, rings: Float64Array[]): Shape {
  const areaM2 = ringsArea(rings);
  const bbox = ringsBbox(rings);
  let edges = 0;
  for (const r of rings) edges += r.length >> 1;
  return { id, index, rings, bbox, areaM2, strips: edges >= STRIP_MIN_EDGES ? buildEdgeStrips(rings, bbox) : undefined };
}
