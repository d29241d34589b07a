import { booleanPointInPolygon } from '@turf/turf';
import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import gjv from 'geojson-validation';
import { selfIntersections } from './kinks.ts';

/**
 * Geometry validation for writes. Results are terra-draw style `{valid, reason}` plus the
 * list of problems, each with its location (polygon, ring, position index, coordinate), so a
 * client can highlight it. Validation never throws on bad input; the helpers that expect a
 * valid geometry (normalizeWinding, ringSignedArea) throw TypeError when misused.
 */

/** One thing wrong with a geometry, and where. Indices are 0-based, as in the JSON. */
export interface GeometryProblem {
  message: string;
  /** which polygon of a MultiPolygon (0 for a Polygon) */
  polygon?: number;
  /** ring index: 0 = exterior, 1.. = holes */
  ring?: number;
  /** position index within the ring */
  position?: number;
  /** the offending coordinate (or intersection point) */
  coordinate?: number[];
}

export type ValidationResult =
  | { valid: true; reason?: undefined; problems: []; geometry: Geometry }
  | { valid: false; reason: string; problems: GeometryProblem[]; geometry?: undefined };

/** What geometry a layer takes. */
export type GeometryExpectation = 'polygon' | 'point';

export interface ValidateOptions {
  expect: GeometryExpectation;
  /** names the feature in messages, e.g. `grids 220502001001` */
  label?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short JSON preview of a bad value; never throws (a hostile, deeply nested array overflows JSON.stringify). */
function preview(v: unknown): string {
  if (Array.isArray(v) && v.some(Array.isArray)) return `an array of ${v.length} item(s) holding arrays`;
  try {
    return String(JSON.stringify(v)).slice(0, 60);
  } catch {
    return typeof v;
  }
}

function ringName(polygon: number, ring: number, multi: boolean): string {
  const r = ring === 0 ? 'ring 0 (exterior)' : `ring ${ring} (hole ${ring})`;
  return multi ? `polygon ${polygon}, ${r}` : r;
}

function checkPosition(p: unknown, where: string, loc: Omit<GeometryProblem, 'message'>, out: GeometryProblem[]): p is Position {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number')) {
    out.push({ ...loc, message: `${where}: position is not [lon, lat] numbers (got ${preview(p)})` });
    return false;
  }
  if (!p.every(Number.isFinite)) {
    out.push({ ...loc, message: `${where}: coordinate is not a finite number`, coordinate: p });
    return false;
  }
  if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
    out.push({ ...loc, coordinate: p, message: `${where}: [${p[0]}, ${p[1]}] is outside lon -180..180 / lat -90..90` });
    return false;
  }
  return true;
}

/** Drops consecutive duplicate positions (keeps the ring closed). */
function dedupe(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Twice the signed area (shoelace) of a ring in coordinate units; > 0 = counter-clockwise. */
export function ringSignedArea(ring: Position[]): number {
  if (!Array.isArray(ring) || ring.length < 4) throw new TypeError('ringSignedArea: a ring needs at least 4 positions');
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function orient(ring: Position[], ccw: boolean): Position[] {
  return ringSignedArea(ring) > 0 === ccw ? ring : [...ring].reverse();
}

/**
 * Returns the polygon(s) with RFC 7946 winding: exterior rings counter-clockwise, holes
 * clockwise. Throws TypeError for anything but a Polygon or MultiPolygon.
 */
export function normalizeWinding<G extends Polygon | MultiPolygon>(g: G): G {
  const fix = (rings: Position[][]) => rings.map((r, i) => orient(r, i === 0));
  if (g?.type === 'Polygon') return { ...g, coordinates: fix(g.coordinates) };
  if (g?.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map(fix) };
  throw new TypeError(`normalizeWinding expects a Polygon or MultiPolygon, got ${(g as { type?: unknown })?.type}`);
}

/**
 * True when all positions of a ring lie on one line (zero area, not a bow-tie): every vertex
 * within `1e-9 ×` the ring's extent of the line through its first vertex and the vertex farthest
 * from it. Exact collinearity is not enough: a "line" whose midpoint is rounded (found by the
 * fuzz test) has a floating-point area of ~1e-17 deg² and is no polygon either.
 */
export function isCollinear(ring: Position[]): boolean {
  const a = ring[0];
  let far = a;
  let farD2 = 0;
  for (const p of ring) {
    const d2 = (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2;
    if (d2 > farD2) (far = p), (farD2 = d2);
  }
  if (farD2 === 0) return true; // every vertex the same
  const ux = far[0] - a[0];
  const uy = far[1] - a[1];
  // |cross| / |u| is the distance from the line; compare squared to avoid the square root
  const tol2 = 1e-18 * farD2 * farD2;
  return ring.every((p) => {
    const cross = ux * (p[1] - a[1]) - uy * (p[0] - a[0]);
    return cross * cross <= tol2;
  });
}

/** Checks one polygon's rings; returns the cleaned rings or null when it has problems. */
function checkPolygon(rings: unknown, pi: number, multi: boolean, out: GeometryProblem[]): Position[][] | null {
  const before = out.length;
  const pname = multi ? `polygon ${pi}` : 'polygon';
  if (!Array.isArray(rings) || rings.length === 0) {
    out.push({ polygon: pi, message: `${pname} has no rings (coordinates must be an array of linear rings)` });
    return null;
  }
  const cleaned: Position[][] = [];
  rings.forEach((ring: unknown, ri: number) => {
    const where = ringName(pi, ri, multi);
    if (!Array.isArray(ring)) {
      out.push({ polygon: pi, ring: ri, message: `${where} is not an array of positions` });
      return;
    }
    const okBefore = out.length;
    ring.forEach((p: unknown, k: number) => checkPosition(p, `${where}, position ${k}`, { polygon: pi, ring: ri, position: k }, out));
    if (out.length > okBefore) return;
    const pos = ring as Position[];
    if (pos.length < 4) {
      out.push({ polygon: pi, ring: ri, message: `${where} has ${pos.length} positions; a closed ring needs at least 4` });
      return;
    }
    const first = pos[0];
    const last = pos[pos.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      out.push({
        polygon: pi,
        ring: ri,
        position: pos.length - 1,
        coordinate: last,
        message: `${where} is not closed: first position [${first[0]}, ${first[1]}] differs from last [${last[0]}, ${last[1]}]`,
      });
      return;
    }
    const d = dedupe(pos);
    if (d.length < 4) {
      out.push({ polygon: pi, ring: ri, coordinate: first, message: `${where} has fewer than 3 distinct positions` });
      return;
    }
    cleaned.push(d);
  });
  if (out.length > before) return null;
  const flat = cleaned.findIndex(isCollinear);
  if (flat >= 0) {
    out.push({
      polygon: pi,
      ring: flat,
      coordinate: cleaned[flat][0],
      message: `${ringName(pi, flat, multi)} has zero area (all positions on one line)`,
    });
    return null;
  }
  const kinks = selfIntersections(cleaned);
  if (kinks.length > 0) {
    const at = kinks[0];
    out.push({
      polygon: pi,
      coordinate: at,
      message: `${pname} self-intersects at [${at[0]}, ${at[1]}]${kinks.length > 1 ? ` (and ${kinks.length - 1} more places)` : ''}`,
    });
    return null;
  }
  for (let ri = 1; ri < cleaned.length; ri++) {
    const outside = cleaned[ri].findIndex(
      (p) => !booleanPointInPolygon(p, { type: 'Polygon', coordinates: [cleaned[0]] }, { ignoreBoundary: false }),
    );
    if (outside >= 0) {
      const p = cleaned[ri][outside];
      out.push({
        polygon: pi,
        ring: ri,
        position: outside,
        coordinate: p,
        message: `${ringName(pi, ri, multi)} is not inside its exterior ring: [${p[0]}, ${p[1]}] lies outside`,
      });
      return null;
    }
  }
  return cleaned;
}

function fail(label: string | undefined, problems: GeometryProblem[]): ValidationResult {
  const prefix = label ? `${label}: ` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return { valid: false, reason: `${prefix}${problems[0].message}${more}`, problems };
}

/**
 * Validates a geometry for a layer and returns it normalised (consecutive duplicate positions
 * dropped, RFC 7946 winding) or the problems with their locations.
 */
export function validateGeometry(input: unknown, opts: ValidateOptions): ValidationResult {
  const problems: GeometryProblem[] = [];
  if (!isObj(input)) return fail(opts.label, [{ message: 'geometry must be a GeoJSON geometry object' }]);
  const type = input.type;
  const allowed = opts.expect === 'polygon' ? ['Polygon', 'MultiPolygon'] : ['Point'];
  if (typeof type !== 'string' || !allowed.includes(type)) {
    return fail(opts.label, [{ message: `geometry type must be ${allowed.join(' or ')} (got ${JSON.stringify(type)})` }]);
  }
  let geometry: Geometry;
  if (type === 'Point') {
    if (!checkPosition(input.coordinates, 'point', {}, problems)) return fail(opts.label, problems);
    geometry = { type: 'Point', coordinates: input.coordinates } satisfies Point;
  } else if (type === 'Polygon') {
    const rings = checkPolygon(input.coordinates, 0, false, problems);
    if (!rings) return fail(opts.label, problems);
    geometry = normalizeWinding({ type: 'Polygon', coordinates: rings });
  } else {
    if (!Array.isArray(input.coordinates) || input.coordinates.length === 0) {
      return fail(opts.label, [{ message: 'MultiPolygon coordinates must be a non-empty array of polygons' }]);
    }
    const polys = (input.coordinates as unknown[]).map((c, i) => checkPolygon(c, i, true, problems));
    if (problems.length) return fail(opts.label, problems);
    geometry = normalizeWinding({ type: 'MultiPolygon', coordinates: polys as Position[][][] });
  }
  const structural = gjv.valid(geometry, true);
  if (structural.length) return fail(opts.label, structural.map((m) => ({ message: `invalid GeoJSON: ${m}` })));
  return { valid: true, problems: [], geometry };
}
