/**
 * Cutting an area geometry in two by a drawn LineString (pure; the split operation's core).
 *
 * The rings are noded with the line (crossing points are inserted into both, computed once,
 * so both pieces share them bit-for-bit), the line's stretches inside the polygon become
 * two-way cut edges, and the faces of that planar graph are the pieces.
 * Holes stay in the piece they fall in; a line may pass through a hole.
 * MultiPolygon: exactly one part must be cut (into two); every untouched part joins the
 * piece on its side of the line (side of the nearest line segment, ends extended).
 */
import type { LineString, Position } from 'geojson';
import { assembleRings, edge, FaceTraceError, traceFaces, type DirectedEdge } from './faces.ts';
import {
  areaM2,
  cross,
  dedupeRing,
  fromPolys,
  interiorPoint,
  onSegment,
  perimeterM,
  pointInPolys,
  posKey,
  projectorFor,
  rewindPolys,
  segmentIntersection,
  toPolys,
  type AreaGeometry,
  type Poly,
  type Pos,
  type Projector,
} from './geom.ts';

/** Why a cut was refused. */
export type CutErrorCode = 'invalid_line' | 'line_does_not_cross' | 'too_many_pieces' | 'crosses_several_parts' | 'sliver_piece';

/** A refused cut: code, a readable message, and where to look. */
export interface CutFailure {
  ok: false;
  code: CutErrorCode;
  message: string;
  location: Pos | null;
  details?: Record<string, unknown>;
}

/** A successful cut: two pieces, the left one (of the drawn line) first. */
export interface CutSuccess {
  ok: true;
  pieces: [AreaGeometry, AreaGeometry];
  areasM2: [number, number];
}

/** Thresholds below which a piece is a sliver. */
export interface CutOptions {
  minAreaM2: number;
  minWidthM: number;
}

/** Default sliver thresholds for split pieces: 50 m² and 2 m mean width (2·area/perimeter). */
export const DEFAULT_CUT_OPTIONS: CutOptions = { minAreaM2: 50, minWidthM: 2 };

const PARAM_EPS = 1e-9;

/**
 * Cuts `geom` by `line` into exactly two polygons (see the module comment for the rules).
 * Never throws for bad user input: returns a CutFailure naming what is wrong and where.
 */
export function cutByLine(geom: AreaGeometry, line: LineString, opts: CutOptions = DEFAULT_CUT_OPTIONS): CutSuccess | CutFailure {
  const coords = dedupeLine(line.coordinates);
  if (coords.length < 2) return fail('invalid_line', 'The split line needs at least two distinct points', null);
  const kink = lineSelfIntersection(coords);
  if (kink) return fail('invalid_line', 'The split line crosses itself', kink);
  const parts = rewindPolys(toPolys(geom).map((p) => p.map(dedupeRing)));
  const pr = projectorFor(parts);

  const cutParts: { index: number; pieces: Poly[] }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const r = cutPart(parts[i], coords);
    if (!r.ok) return r;
    if (r.pieces) cutParts.push({ index: i, pieces: r.pieces });
  }
  if (cutParts.length === 0) {
    return fail('line_does_not_cross', 'The line does not cross the grid: draw it from outside, across the grid, to outside', coords[0]);
  }
  if (cutParts.length > 1) {
    return fail(
      'crosses_several_parts',
      `The line cuts ${cutParts.length} parts of this multi-part grid; draw it across one part only`,
      interiorPoint(parts[cutParts[1].index]),
      { parts: cutParts.map((c) => c.index) },
    );
  }
  const { index, pieces } = cutParts[0];
  if (pieces.length > 2) {
    const small = pieces.slice().sort((a, b) => areaM2([a], pr) - areaM2([b], pr))[0];
    return fail('too_many_pieces', `The line cuts the grid into ${pieces.length} pieces; a split must give exactly two`, interiorPoint(small), {
      pieces: pieces.length,
    });
  }
  if (pieces.length < 2) {
    return fail('line_does_not_cross', 'The line does not divide the grid in two (it only reaches a hole or runs along the boundary)', coords[0]);
  }

  // Sides: left piece first; untouched parts join the piece on their side.
  const sideOf = (p: Poly) => lineSide(interiorPoint(p), coords, pr);
  let [a, b] = pieces;
  if (sideOf(a) < 0 && sideOf(b) > 0) [a, b] = [b, a];
  const groups: [Poly[], Poly[]] = [[a], [b]];
  const sa = sideOf(a);
  parts.forEach((p, i) => {
    if (i === index) return;
    const s = sideOf(p);
    groups[s === sa ? 0 : 1].push(p);
  });
  const out: AreaGeometry[] = [];
  const areas: number[] = [];
  for (const g of groups) {
    const area = areaM2(g, pr);
    const width = (2 * area) / perimeterM(g, pr);
    if (area < opts.minAreaM2 || width < opts.minWidthM) {
      return fail(
        'sliver_piece',
        `One piece would be a sliver (${area.toFixed(1)} m², mean width ${width.toFixed(2)} m; minimum ${opts.minAreaM2} m² and ${opts.minWidthM} m)`,
        interiorPoint(g[0]),
        { area, width },
      );
    }
    out.push(fromPolys(g));
    areas.push(area);
  }
  return { ok: true, pieces: [out[0], out[1]], areasM2: [areas[0], areas[1]] };
}

function fail(code: CutErrorCode, message: string, location: Position | null, details?: Record<string, unknown>): CutFailure {
  return { ok: false, code, message, location: location ? [location[0], location[1]] : null, details };
}

function dedupeLine(cs: Position[]): Pos[] {
  const out: Pos[] = [];
  for (const c of cs) {
    const l = out[out.length - 1];
    if (!l || l[0] !== c[0] || l[1] !== c[1]) out.push([c[0], c[1]]);
  }
  return out;
}

/** First point where a polyline crosses or touches itself (non-adjacent segments), or null. */
export function lineSelfIntersection(cs: Pos[]): Pos | null {
  for (let i = 0; i + 1 < cs.length; i++)
    for (let j = i + 2; j + 1 < cs.length; j++) {
      const x = segmentIntersection(cs[i], cs[i + 1], cs[j], cs[j + 1]);
      if (x) return x.p;
    }
  return null;
}

type PartCut = { ok: true; pieces: Poly[] | null } | CutFailure;

/** Cuts one polygon (outer ring + holes). pieces = null when the line has no stretch inside it. */
function cutPart(part: Poly, line: Pos[]): PartCut {
  // split points per ring edge (t along the edge) and per line segment (u along it)
  const ringSplits = part.map((r) => r.map(() => [] as { t: number; p: Pos }[]));
  const lineSplits = line.map(() => [] as { u: number; p: Pos }[]);
  for (let ri = 0; ri < part.length; ri++) {
    const ring = part[ri];
    for (let ei = 0; ei + 1 < ring.length; ei++) {
      const a = ring[ei];
      const b = ring[ei + 1];
      for (let li = 0; li + 1 < line.length; li++) {
        const c = line[li];
        const d = line[li + 1];
        // ring vertex on the line: node the line there (exact ring coordinates)
        if (onSegment(a, c, d)) lineSplits[li].push({ u: param(c, d, a), p: a });
        // line vertex on the ring edge: node the ring there (exact line coordinates)
        if (onSegment(c, a, b)) ringSplits[ri][ei].push({ t: param(a, b, c), p: c });
        if (li + 2 === line.length && onSegment(d, a, b)) ringSplits[ri][ei].push({ t: param(a, b, d), p: d });
        const x = segmentIntersection(a, b, c, d);
        if (x && x.t > PARAM_EPS && x.t < 1 - PARAM_EPS && x.u > PARAM_EPS && x.u < 1 - PARAM_EPS) {
          if (onSegment(c, a, b) || onSegment(d, a, b) || onSegment(a, c, d) || onSegment(b, c, d)) continue;
          const p: Pos = x.p;
          ringSplits[ri][ei].push({ t: x.t, p });
          lineSplits[li].push({ u: x.u, p });
        }
      }
    }
  }
  const boundary: DirectedEdge[] = [];
  const onBoundary = new Set<string>();
  part.forEach((ring, ri) => {
    const pts: Pos[] = [];
    for (let ei = 0; ei + 1 < ring.length; ei++) {
      pts.push(ring[ei]);
      for (const s of ringSplits[ri][ei].sort((x, y) => x.t - y.t)) pts.push(s.p);
    }
    pts.push(ring[ring.length - 1]);
    const clean = dedupeRing(pts);
    for (let i = 0; i + 1 < clean.length; i++) {
      boundary.push(edge(clean[i], clean[i + 1]));
      onBoundary.add(posKey(clean[i]));
    }
  });
  const linePts: Pos[] = [];
  for (let li = 0; li + 1 < line.length; li++) {
    linePts.push(line[li]);
    for (const s of lineSplits[li].sort((x, y) => x.u - y.u)) linePts.push(s.p);
  }
  linePts.push(line[line.length - 1]);
  const lp = dedupeLine(linePts);
  const cuts: DirectedEdge[] = [];
  const cutDegree = new Map<string, number>();
  for (let i = 0; i + 1 < lp.length; i++) {
    const m: Pos = [(lp[i][0] + lp[i + 1][0]) / 2, (lp[i][1] + lp[i + 1][1]) / 2];
    if (pointInPolys(m, [part]) !== 1) continue;
    cuts.push(edge(lp[i], lp[i + 1]), edge(lp[i + 1], lp[i]));
    for (const p of [lp[i], lp[i + 1]]) cutDegree.set(posKey(p), (cutDegree.get(posKey(p)) ?? 0) + 1);
  }
  if (cuts.length === 0) return { ok: true, pieces: null };
  for (const [k, deg] of cutDegree) {
    if (deg === 1 && !onBoundary.has(k)) {
      const [x, y] = k.split(',').map(Number);
      return fail('line_does_not_cross', 'The line ends inside the grid; it must enter and leave it', [x, y]);
    }
  }
  let rings;
  try {
    rings = traceFaces([...boundary, ...cuts]);
  } catch (err) {
    if (err instanceof FaceTraceError) return fail('invalid_line', `The line cannot cut this grid: ${err.message}`, line[0]);
    throw err;
  }
  const cutKeys = new Set(cuts.map((e) => `${e.fromKey}>${e.toKey}`));
  for (const r of rings) {
    const seen = new Set<string>();
    for (let i = 0; i + 1 < r.length; i++) {
      const k = `${posKey(r[i])}>${posKey(r[i + 1])}`;
      if (!cutKeys.has(k)) continue;
      if (seen.has(`${posKey(r[i + 1])}>${posKey(r[i])}`)) {
        return fail('line_does_not_cross', 'The line does not divide the grid in two (part of it only reaches a hole or dead-ends)', r[i]);
      }
      seen.add(k);
    }
  }
  try {
    return { ok: true, pieces: assembleRings(rings) };
  } catch (err) {
    if (err instanceof FaceTraceError) return fail('invalid_line', `The line cannot cut this grid: ${err.message}`, line[0]);
    throw err;
  }
}

/** Parameter of p's projection on segment ab (0 at a, 1 at b). */
function param(a: Position, b: Position, p: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  return ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
}

/**
 * Side of point p relative to the polyline: +1 left, -1 right. Uses the nearest segment;
 * at an inner vertex where the two segments disagree, the turn of the line decides.
 */
export function lineSide(p: Pos, line: Pos[], pr: Projector): 1 | -1 {
  const q = pr.toMeters(p);
  const pts = line.map((c) => pr.toMeters(c));
  let best = Infinity;
  let bestSeg = 0;
  let bestT = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i];
    const b = pts[i + 1];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    let t = ((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / (dx * dx + dy * dy);
    t = Math.max(0, Math.min(1, t));
    const d = Math.hypot(a[0] + t * dx - q[0], a[1] + t * dy - q[1]);
    if (d < best - 1e-12) {
      best = d;
      bestSeg = i;
      bestT = t;
    }
  }
  const sign = (i: number) => (cross(pts[i], pts[i + 1], q) >= 0 ? 1 : -1);
  let s = sign(bestSeg);
  const atStartOfSeg = bestT === 0 && bestSeg > 0;
  const atEndOfSeg = bestT === 1 && bestSeg + 2 < pts.length;
  if (atStartOfSeg || atEndOfSeg) {
    const i = atStartOfSeg ? bestSeg - 1 : bestSeg;
    const s1 = sign(i);
    const s2 = sign(i + 1);
    if (s1 === s2) s = s1;
    else s = cross(pts[i], pts[i + 1], pts[i + 2]) > 0 ? -1 : 1;
  }
  return s as 1 | -1;
}
