import type { Geometry, Position } from 'geojson';
import { LIMITS, countVertices } from '../auth/limits.ts';
import { selfIntersections } from '../geometry/kinks.ts';
import { isCollinear, validateGeometry } from '../geometry/validate.ts';
import type { ImportProblem } from './types.ts';

/**
 * Per-feature geometry checks of an import, on WGS84 coordinates: what is wrong, where
 * (polygon, ring, vertex, a point to fly to), whether it can be repaired, and the repaired
 * geometry. Repairs are deliberately conservative: close an unclosed ring, drop consecutive
 * duplicate vertices, fix the winding. Anything else (crossing edges, too few corners, a hole
 * outside its shell) is reported and never guessed at.
 */

/** A problem before it is tied to a feature (index and code are added by the caller). */
export type GeometryFinding = Omit<ImportProblem, 'index' | 'code'>;

/** The outcome of checking one geometry. */
export interface GeometryCheck {
  problems: GeometryFinding[];
  /** the repaired geometry when it is valid after repair, else null */
  geometry: Geometry | null;
  /** something to draw in the preview even when invalid (structurally readable), else null */
  drawable: Geometry | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumPos = (p: unknown): p is number[] => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
const fmt = (p: Position) => `[${p[0]}, ${p[1]}]`;
const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function ringLabel(polygon: number, ring: number, multi: boolean): string {
  const r = ring === 0 ? 'ring 0 (exterior)' : `ring ${ring} (hole ${ring})`;
  return multi ? `polygon ${polygon}, ${r}` : r;
}

/** Twice the signed area, relative to the first vertex (no cancellation at lon 125). */
function signedArea2(ring: Position[]): number {
  const [ox, oy] = ring[0];
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  return s;
}

/** The ring and vertex (segment start) nearest to a point: where a crossing happens. */
function nearestSegment(rings: Position[][], p: Position): { ring: number; vertex: number } {
  let best = { ring: 0, vertex: 0, d: Infinity };
  rings.forEach((r, ri) => {
    for (let i = 0; i + 1 < r.length; i++) {
      const [ax, ay] = r[i];
      const [bx, by] = r[i + 1];
      const dx = bx - ax;
      const dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len));
      const d = (ax + t * dx - p[0]) ** 2 + (ay + t * dy - p[1]) ** 2;
      if (d < best.d) best = { ring: ri, vertex: i, d };
    }
  });
  return { ring: best.ring, vertex: best.vertex };
}

/** Reads the raw rings of one polygon; null (with problems) when not readable. */
function readRings(raw: unknown, pi: number, multi: boolean, out: GeometryFinding[]): Position[][] | null {
  const pname = multi ? `polygon ${pi}` : 'the polygon';
  if (!Array.isArray(raw) || raw.length === 0) {
    out.push({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: `${pname} has no rings (coordinates must be an array of linear rings)`, where: { polygon: pi } });
    return null;
  }
  const rings: Position[][] = [];
  const before = out.length;
  raw.forEach((ring: unknown, ri) => {
    const where = ringLabel(pi, ri, multi);
    if (!Array.isArray(ring) || ring.length === 0) {
      out.push({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: `${where} is not an array of positions`, where: { polygon: pi, ring: ri } });
      return;
    }
    for (let k = 0; k < ring.length; k++) {
      const p = ring[k] as unknown;
      if (!isNumPos(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        out.push({
          problem: 'invalid_geojson',
          severity: 'error',
          repairable: false,
          message: `${where}, vertex ${k}: not a pair of finite numbers (got ${JSON.stringify(p)?.slice(0, 60)})`,
          where: { polygon: pi, ring: ri, vertex: k },
        });
        return;
      }
      if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
        out.push({
          problem: 'out_of_range',
          severity: 'error',
          repairable: false,
          message: `${where}, vertex ${k}: ${fmt(p)} is outside lon -180..180 / lat -90..90`,
          where: { polygon: pi, ring: ri, vertex: k },
        });
        return;
      }
    }
    rings.push((ring as number[][]).map((p) => [p[0], p[1]]));
  });
  return out.length > before ? null : rings;
}

/**
 * Repairs and checks one polygon's rings; pushes findings. Returns the repaired rings
 * (RFC 7946 winding) and whether something unrepairable remains.
 */
function checkPolygonRings(rings: Position[][], pi: number, multi: boolean, out: GeometryFinding[]): { rings: Position[][]; fatal: boolean } {
  let fatal = false;
  const repaired: Position[][] = [];
  let rewound = 0;
  let firstRewound: { ring: number; point: Position } | null = null;
  rings.forEach((ring0, ri) => {
    const where = ringLabel(pi, ri, multi);
    let ring = ring0;
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (ring.length > 1 && !same(first, last)) {
      out.push({
        problem: 'unclosed_ring',
        severity: 'error',
        repairable: true,
        message: `${where} is not closed: it starts at ${fmt(first)} and ends at ${fmt(last)} (repair adds the first vertex at the end)`,
        where: { polygon: pi, ring: ri, vertex: ring.length - 1, point: [last[0], last[1]] },
      });
      ring = [...ring, first];
    }
    const deduped: Position[] = [];
    let dupes = 0;
    let firstDupe = -1;
    ring.forEach((p, k) => {
      if (deduped.length && same(deduped[deduped.length - 1], p)) {
        dupes++;
        if (firstDupe < 0) firstDupe = k;
      } else deduped.push(p);
    });
    if (dupes > 0) {
      out.push({
        problem: 'duplicate_vertices',
        severity: 'warning',
        repairable: true,
        message: `${where} repeats a vertex ${dupes} time${dupes > 1 ? 's' : ''} in a row (first at vertex ${firstDupe}, ${fmt(ring[firstDupe])}); repair drops the repeats`,
        where: { polygon: pi, ring: ri, vertex: firstDupe, point: [ring[firstDupe][0], ring[firstDupe][1]] },
      });
    }
    ring = deduped;
    if (ring.length < 4) {
      const distinct = Math.max(0, ring.length - 1);
      out.push({
        problem: 'too_few_points',
        severity: 'error',
        repairable: false,
        message: `${where} has ${distinct} distinct vertices; a ring needs at least 3`,
        where: { polygon: pi, ring: ri, vertex: 0, point: [ring0[0][0], ring0[0][1]] },
      });
      fatal = true;
      return;
    }
    const a2 = signedArea2(ring);
    // zero area with every vertex on one line; a bow-tie also sums to zero but is a crossing
    if (isCollinear(ring)) {
      out.push({
        problem: 'degenerate',
        severity: 'error',
        repairable: false,
        message: `${where} has zero area (all its vertices lie on one line)`,
        where: { polygon: pi, ring: ri, vertex: 0, point: [ring[0][0], ring[0][1]] },
      });
      fatal = true;
      return;
    }
    const wantCcw = ri === 0;
    if (a2 !== 0 && a2 > 0 !== wantCcw) {
      rewound++;
      firstRewound ??= { ring: ri, point: ring[0] };
      ring = [...ring].reverse();
    }
    repaired.push(ring);
  });
  if (rewound > 0 && firstRewound) {
    const fr = firstRewound as { ring: number; point: Position };
    out.push({
      problem: 'wrong_winding',
      severity: 'warning',
      repairable: true,
      message: `${rewound} ring${rewound > 1 ? 's' : ''} of ${multi ? `polygon ${pi}` : 'the polygon'} wound the wrong way (first: ${ringLabel(pi, fr.ring, multi)}); RFC 7946 wants exteriors counter-clockwise and holes clockwise, repair re-winds them`,
      where: { polygon: pi, ring: fr.ring, vertex: 0, point: [fr.point[0], fr.point[1]] },
    });
  }
  if (!fatal) {
    const kinks = selfIntersections(repaired, 5);
    if (kinks.length > 0) {
      const at = kinks[0];
      const seg = nearestSegment(repaired, at);
      out.push({
        problem: 'self_intersection',
        severity: 'error',
        repairable: false,
        message: `${ringLabel(pi, seg.ring, multi)} crosses itself or another ring at ${fmt(at.map((v) => Math.round(v * 1e7) / 1e7))} (near vertex ${seg.vertex})${kinks.length > 1 ? ` and in ${kinks.length - 1} more place${kinks.length > 2 ? 's' : ''}` : ''}`,
        where: { polygon: pi, ring: seg.ring, vertex: seg.vertex, point: [at[0], at[1]] },
      });
      fatal = true;
    }
  }
  return { rings: repaired, fatal };
}

/**
 * Checks a raw WGS84 geometry for a layer expecting polygons or points; returns every finding
 * with its place, the repaired geometry (null when something unrepairable remains) and a
 * geometry to draw in the preview.
 */
export function checkGeometry(raw0: unknown, expect: 'polygon' | 'point', layerNoun: string): GeometryCheck {
  const problems: GeometryFinding[] = [];
  const none = (p: GeometryFinding): GeometryCheck => ({ problems: [...problems, p], geometry: null, drawable: null });
  if (raw0 === null || raw0 === undefined) {
    return none({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: 'the feature has no geometry' });
  }
  if (!isObj(raw0) || typeof raw0.type !== 'string') {
    return none({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: 'the geometry is not a GeoJSON geometry object (no "type")' });
  }
  // (a KML MultiGeometry of polygons was made a MultiPolygon by the reader, server/io/kml.ts;
  // a GeometryCollection here is the wrong geometry type)
  const raw = raw0;
  const type = raw.type as string;
  const allowed = expect === 'polygon' ? ['Polygon', 'MultiPolygon'] : ['Point'];
  if (!allowed.includes(type)) {
    const known = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'].includes(type);
    return none(
      known
        ? { problem: 'wrong_geometry_type', severity: 'error', repairable: false, message: `the geometry is a ${type}; a ${layerNoun} must be ${allowed.join(' or ')}` }
        : { problem: 'invalid_geojson', severity: 'error', repairable: false, message: `unknown geometry type ${JSON.stringify(type).slice(0, 40)}` },
    );
  }
  const vertices = countVertices(raw as unknown as Geometry);
  if (vertices > LIMITS.verticesPerFeature) {
    return none({
      problem: 'too_many_vertices',
      severity: 'error',
      repairable: false,
      message: `the geometry has ${vertices.toLocaleString('en')} vertices; at most ${LIMITS.verticesPerFeature.toLocaleString('en')} are accepted per feature (simplify it first)`,
    });
  }
  if (type === 'Point') {
    const p = raw.coordinates;
    if (!isNumPos(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      return none({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: `the point is not a pair of finite numbers (got ${JSON.stringify(p)?.slice(0, 60)})` });
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      return none({ problem: 'out_of_range', severity: 'error', repairable: false, message: `the point ${fmt(p)} is outside lon -180..180 / lat -90..90` });
    }
    const g: Geometry = { type: 'Point', coordinates: [p[0], p[1]] };
    return { problems, geometry: g, drawable: g };
  }
  const multi = type === 'MultiPolygon';
  const rawPolys = multi ? raw.coordinates : [raw.coordinates];
  if (!Array.isArray(rawPolys) || rawPolys.length === 0) {
    return none({ problem: 'invalid_geojson', severity: 'error', repairable: false, message: `${type} coordinates must be a non-empty array` });
  }
  const polys: Position[][][] = [];
  let fatal = false;
  let readable = true;
  rawPolys.forEach((rp: unknown, pi) => {
    const rings = readRings(rp, pi, multi, problems);
    if (!rings) {
      readable = false;
      return;
    }
    const r = checkPolygonRings(rings, pi, multi, problems);
    fatal ||= r.fatal;
    polys.push(r.rings);
  });
  if (!readable) return { problems, geometry: null, drawable: null };
  const repaired: Geometry = multi ? { type: 'MultiPolygon', coordinates: polys } : { type: 'Polygon', coordinates: polys[0] };
  const drawable = polys.every((p) => p.length > 0) ? repaired : null;
  if (fatal) return { problems, geometry: null, drawable };
  // the write path's own validation (hole inside its shell, structure): what it refuses, we report
  const v = validateGeometry(repaired, { expect: 'polygon' });
  if (!v.valid) {
    for (const gp of v.problems) {
      problems.push({
        problem: gp.message.includes('self-intersects') ? 'self_intersection' : 'invalid_geojson',
        severity: 'error',
        repairable: false,
        message: gp.message,
        where: {
          polygon: gp.polygon,
          ring: gp.ring,
          vertex: gp.position,
          point: gp.coordinate ? [gp.coordinate[0], gp.coordinate[1]] : undefined,
        },
      });
    }
    return { problems, geometry: null, drawable };
  }
  return { problems, geometry: v.geometry, drawable: v.geometry };
}
