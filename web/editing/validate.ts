import { area, bbox, centroid, feature, featureCollection, intersect, difference, kinks, length, pointOnFeature, polygonToLine } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Problem } from './api-types.ts';
import { polygonsOf } from '../modes/rings.ts';
import type { AreaFeature } from '../modes/types.ts';

/** Thresholds of the page's quick checks (the server applies the same ones, docs/EDITING-API.md). */
export const QUICK_CHECK_LIMITS = {
  /** m²: smaller is "empty" */
  minAreaM2: 1,
  /** m: mean width 2A/P below this (with low compactness) is a sliver */
  minMeanWidthM: 1,
  /** 4πA/P² below this (with a thin mean width) is a sliver */
  minCompactness: 0.005,
  /** m²: overlap with a neighbour above this is an error */
  overlapToleranceM2: 1,
};

/** What a geometry is checked against. */
export interface QuickCheckContext {
  /** same-layer features near the edited one (the edited feature itself is skipped by id) */
  neighbours?: readonly AreaFeature[];
  /** id of the feature being edited */
  selfId?: number | string;
  /** the parent (community for a grid): area outside it is an error */
  parent?: Feature<Polygon | MultiPolygon> | null;
  /** ids of neighbours whose overlap already existed before the edit (not blocking) */
  preexistingOverlap?: ReadonlySet<number | string>;
}

/**
 * The page's quick checks before a save: rings closed with ≥ 4 positions, no self-intersection
 * (turf kinks: booleanValid misses bow-ties), not empty, not sliver-thin, no overlap above the
 * tolerance with a same-layer neighbour, nothing outside the parent. Each problem names where
 * it is (`location`) so the map can mark it. An empty list means the geometry may be sent.
 */
export function quickCheck(geometry: Polygon | MultiPolygon, ctx: QuickCheckContext = {}): Problem[] {
  const structural = checkRings(geometry);
  if (structural.length) return structural;
  const problems: Problem[] = [];
  const shape = feature(geometry);
  const k = kinks(shape as Feature<Polygon>);
  for (const p of k.features.slice(0, 5)) {
    problems.push({ code: 'self_intersection', message: 'The boundary crosses itself', location: p.geometry.coordinates as [number, number] });
  }
  if (problems.length) return problems;
  const a = area(shape);
  const perimeter = length(polygonToLine(shape) as Feature, { units: 'meters' });
  const here = centroid(shape).geometry.coordinates as [number, number];
  if (a < QUICK_CHECK_LIMITS.minAreaM2) {
    problems.push({ code: 'empty', message: `The area is ${a.toFixed(2)} m², too small`, location: here, area: a });
    return problems;
  }
  const compactness = (4 * Math.PI * a) / (perimeter * perimeter);
  const meanWidth = (2 * a) / perimeter;
  if (compactness < QUICK_CHECK_LIMITS.minCompactness && meanWidth < QUICK_CHECK_LIMITS.minMeanWidthM) {
    problems.push({ code: 'sliver', message: `Sliver: mean width ${meanWidth.toFixed(2)} m`, location: here, area: a });
  }
  problems.push(...overlaps(shape, ctx));
  if (ctx.parent) problems.push(...outsideParent(shape, ctx.parent));
  return problems;
}

/** Ring structure: closed, ≥ 4 positions, finite numbers. */
function checkRings(geometry: Polygon | MultiPolygon): Problem[] {
  const problems: Problem[] = [];
  const polys = polygonsOf(geometry);
  if (!polys.length) return [{ code: 'empty', message: 'The geometry has no polygon', location: null }];
  polys.forEach((poly, part) =>
    poly.forEach((ring, r) => {
      const where = `polygon ${part}, ring ${r}`;
      if (ring.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
        problems.push({ code: 'invalid_geometry', message: `${where}: a coordinate is not a number`, location: null, ring: r, part });
        return;
      }
      if (ring.length < 4) {
        problems.push({ code: 'too_few_points', message: `${where}: ${ring.length} positions, at least 4 needed`, location: first(ring), ring: r, part });
        return;
      }
      const a = ring[0];
      const b = ring[ring.length - 1];
      if (a[0] !== b[0] || a[1] !== b[1]) {
        problems.push({ code: 'unclosed_ring', message: `${where}: the last position does not repeat the first`, location: [b[0], b[1]], ring: r, part });
      }
    }),
  );
  return problems;
}

function first(ring: Position[]): [number, number] | null {
  return ring[0] ? [ring[0][0], ring[0][1]] : null;
}

/** Overlap above the tolerance with same-layer neighbours whose bbox touches the shape. */
function overlaps(shape: Feature<Polygon | MultiPolygon>, ctx: QuickCheckContext): Problem[] {
  const problems: Problem[] = [];
  const box = bbox(shape);
  for (const n of ctx.neighbours ?? []) {
    if (n.id === ctx.selfId || ctx.preexistingOverlap?.has(n.id)) continue;
    const nb = bbox(n);
    if (nb[0] > box[2] || nb[2] < box[0] || nb[1] > box[3] || nb[3] < box[1]) continue;
    const inter = intersect(featureCollection([shape, n as Feature<Polygon | MultiPolygon>]));
    if (!inter) continue;
    const a = area(inter);
    if (a > QUICK_CHECK_LIMITS.overlapToleranceM2) {
      problems.push({
        code: 'overlap',
        message: `Overlaps ${String(n.properties?.code ?? n.id)} by ${a.toFixed(1)} m²`,
        location: pointOnFeature(inter).geometry.coordinates as [number, number],
        featureId: typeof n.id === 'number' ? n.id : undefined,
        area: a,
      });
    }
  }
  return problems;
}

/** Area of the shape outside its parent, above the tolerance. */
function outsideParent(shape: Feature<Polygon | MultiPolygon>, parent: Feature<Polygon | MultiPolygon>): Problem[] {
  const out = difference(featureCollection([shape, parent]));
  if (!out) return [];
  const a = area(out);
  if (a <= QUICK_CHECK_LIMITS.overlapToleranceM2) return [];
  return [{ code: 'outside_parent', message: `${a.toFixed(1)} m² lie outside the parent`, location: pointOnFeature(out).geometry.coordinates as [number, number], area: a }];
}

/**
 * Ids of neighbours that already overlap the feature's original geometry (such overlap is in
 * the data and must not block editing, as on the server).
 */
export function preexistingOverlaps(original: Polygon | MultiPolygon, neighbours: readonly AreaFeature[]): Set<number | string> {
  const ids = new Set<number | string>();
  const shape = feature(original);
  for (const n of neighbours) {
    const inter = intersect(featureCollection([shape, n as Feature<Polygon | MultiPolygon>]));
    if (inter && area(inter) > QUICK_CHECK_LIMITS.overlapToleranceM2) ids.add(n.id);
  }
  return ids;
}

/** Pulls `{problems}` out of a 422's details (and the single `location` when there are none). */
export function problemsFromServer(details: unknown, message: string, code = 'invalid'): Problem[] {
  const d = details as { problems?: Problem[]; location?: [number, number] | null } | null;
  if (d?.problems?.length) return d.problems;
  return [{ code, message, location: d?.location ?? null }];
}
