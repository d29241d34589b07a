/**
 * Thin wrapper over Clipper2 (integer, robust) for the few places that need real polygons:
 * repairing invalid input, mismatch polygons and realigned zone geometries. Coordinates are
 * LAEA metres relative to a local origin (the subject's bounding-box corner), snapped to 0.1 mm:
 * extents up to ~5 km keep every cross product exact in doubles, and clipper2-ts needs
 * |coordinates| < 2^31 units (≈ 200 km) anyway.
 */
import { Clipper, Clipper64, ClipType, FillRule, InternalClipper, PolyTree64, type Path64, type Paths64, type PolyPath64 } from '@countertype/clipper2-ts';

// clipper2-ts decides collinearity with BigInt 128-bit products on every call, which dominated
// our mismatch-polygon time (and its garbage). When both products fit in 2^53 a double product is
// exact, so compare directly and only fall back to the library for bigger values.
const bigIntCollinear = InternalClipper.isCollinear;
InternalClipper.isCollinear = (pt1, shared, pt2) => {
  const ab = (shared.x - pt1.x) * (pt2.y - shared.y);
  const cd = (shared.y - pt1.y) * (pt2.x - shared.x);
  if (Math.abs(ab) < 9007199254740992 && Math.abs(cd) < 9007199254740992) return ab === cd;
  return bigIntCollinear(pt1, shared, pt2);
};

export const CLIP_SCALE = 10_000;

/** Local origin for a set of rings: the floor of their bounding-box minimum. */
export function originOf(ringSets: Float64Array[][]): [number, number] {
  let x = Infinity, y = Infinity;
  for (const rs of ringSets) for (const r of rs) for (let i = 0; i < r.length; i += 2) { if (r[i] < x) x = r[i]; if (r[i + 1] < y) y = r[i + 1]; }
  return Number.isFinite(x) ? [Math.floor(x), Math.floor(y)] : [0, 0];
}

/** Flat metre ring → Clipper path (0.1 mm integers relative to origin o). */
export function toPath(r: Float64Array, o: [number, number]): Path64 {
  const n = r.length >> 1;
  const p: Path64 = new Array(n);
  for (let i = 0; i < n; i++) p[i] = { x: Math.round((r[2 * i] - o[0]) * CLIP_SCALE), y: Math.round((r[2 * i + 1] - o[1]) * CLIP_SCALE) };
  return p;
}

/** Clipper path → flat metre ring. */
export function fromPath(p: Path64, o: [number, number]): Float64Array {
  const r = new Float64Array(p.length * 2);
  for (let i = 0; i < p.length; i++) { r[2 * i] = p[i].x / CLIP_SCALE + o[0]; r[2 * i + 1] = p[i].y / CLIP_SCALE + o[1]; }
  return r;
}

export function toPaths(rings: Float64Array[], o: [number, number]): Paths64 {
  return rings.map((r) => toPath(r, o));
}

/** Polygon with holes as flat metre rings: [outer (CCW), ...holes (CW)]. */
export type RingPolygon = Float64Array[];

/** Flatten a Clipper PolyTree into polygons (outer + direct holes), islands in holes recursed. */
function treeToPolygons(tree: PolyPath64, o: [number, number], out: RingPolygon[]): void {
  for (let i = 0; i < tree.count; i++) {
    const outer = tree.child(i);
    if (!outer.poly) continue;
    const poly: RingPolygon = [fromPath(outer.poly, o)];
    for (let j = 0; j < outer.count; j++) {
      const hole = outer.child(j);
      if (hole.poly) poly.push(fromPath(hole.poly, o));
      treeToPolygons(hole, o, out);
    }
    out.push(poly);
  }
}

/** Run one boolean operation and return the result as polygons. */
export function booleanPolygons(op: ClipType, subject: Paths64, clip: Paths64 | null, o: [number, number], fill: FillRule = FillRule.NonZero, preserveCollinear = false): RingPolygon[] {
  const c = new Clipper64();
  c.preserveCollinear = preserveCollinear;
  c.addSubject(subject);
  if (clip) c.addClip(clip);
  const tree = new PolyTree64();
  c.execute(op, fill, tree);
  const out: RingPolygon[] = [];
  treeToPolygons(tree, o, out);
  return out;
}

type Box = readonly [number, number, number, number];

/**
 * Paths of `rings`, cut down with Clipper's fast rectangle clip to `box` (expanded by 1 m) when
 * given: the result of a boolean operation confined to the box does not change, and big zones
 * shrink to the few vertices near a grid.
 */
function pathsIn(rings: Float64Array[], o: [number, number], box?: Box): Paths64 {
  const paths = toPaths(rings, o);
  if (!box) return paths;
  const m = 1;
  const rect = {
    left: Math.floor((box[0] - m - o[0]) * CLIP_SCALE), top: Math.floor((box[1] - m - o[1]) * CLIP_SCALE),
    right: Math.ceil((box[2] + m - o[0]) * CLIP_SCALE), bottom: Math.ceil((box[3] + m - o[1]) * CLIP_SCALE),
  };
  return Clipper.rectClip(rect, paths);
}

/** a ∩ b as polygons; `box` (optional) must contain a ∩ b. */
export function intersectPolygons(a: Float64Array[], b: Float64Array[], box?: Box): RingPolygon[] {
  const o = originOf([a]);
  return booleanPolygons(ClipType.Intersection, pathsIn(a, o, box), pathsIn(b, o, box), o);
}

/** a − b as polygons; `box` (optional) must contain a. */
export function differencePolygons(a: Float64Array[], b: Float64Array[], box?: Box): RingPolygon[] {
  const o = originOf([a]);
  return booleanPolygons(ClipType.Difference, toPaths(a, o), pathsIn(b, o, box), o);
}

/** Union of ring sets (nonzero fill; rings oriented with winding 1 inside); keeps collinear vertices. */
export function unionPolygons(ringSets: Float64Array[][]): RingPolygon[] {
  const o = originOf(ringSets);
  const paths: Paths64 = [];
  for (const rs of ringSets) for (const r of rs) paths.push(toPath(r, o));
  return booleanPolygons(ClipType.Union, paths, null, o, FillRule.NonZero, true);
}

/**
 * Repair a feature: each polygon's rings with even-odd fill (so a self-crossing ring keeps both
 * lobes and holes cut out), then the union of the polygons. Returns oriented rings.
 */
export function repairRings(parts: Float64Array[][]): Float64Array[] {
  const o = originOf(parts);
  const pieces: Paths64 = [];
  for (const rings of parts) {
    const fixed = Clipper.union(toPaths(rings, o), FillRule.EvenOdd);
    for (const p of fixed) pieces.push(p);
  }
  const merged = Clipper.union(pieces, FillRule.NonZero);
  return merged.filter((p) => p.length >= 3).map((p) => fromPath(p, o));
}

/** Perimeter of a polygon in metres. */
export function polygonPerimeter(p: RingPolygon): number {
  let s = 0;
  for (const r of p) {
    const n = r.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) s += Math.hypot(r[2 * i] - r[2 * j], r[2 * i + 1] - r[2 * j + 1]);
  }
  return s;
}

/** Area of polygons in m². */
export function polygonsArea(polys: RingPolygon[]): number {
  let a = 0;
  for (const p of polys) for (const r of p) a += ringAreaFlat(r);
  return a;
}

function ringAreaFlat(r: Float64Array): number {
  const n = r.length >> 1;
  if (n < 3) return 0;
  const ox = r[0], oy = r[1];
  let s = 0, px = 0, py = 0;
  for (let i = 1; i < n; i++) {
    const x = r[2 * i] - ox, y = r[2 * i + 1] - oy;
    s += px * y - x * py;
    px = x; py = y;
  }
  return s / 2;
}
