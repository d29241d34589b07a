import { area, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import type { BeatCover } from './types.ts';

type Areal = Polygon | MultiPolygon;

function isAreal(g: Geometry): g is Areal {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

/**
 * The representative point of a polygon: its centroid when that lies inside, else a point on
 * its surface (a C-shaped or multi-part grid). Throws for non-polygons.
 */
export function representativePoint(g: Geometry): [number, number] {
  if (!isAreal(g)) throw new Error(`representativePoint: expected a Polygon or MultiPolygon, got ${g.type}`);
  const c = centroid(g).geometry.coordinates as [number, number];
  if (booleanPointInPolygon(c, g)) return c;
  return pointOnFeature(g).geometry.coordinates as [number, number];
}

/** Geodesic area of a polygon, m² (0 for other geometries). */
export function areaM2(g: Geometry): number {
  return isAreal(g) ? area(g) : 0;
}

/** A polygon zone (beat) with its geometry. */
export interface Zone {
  id: number;
  geometry: Geometry;
}

function bboxOf(g: Areal): [number, number, number, number] {
  let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
  const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0]);
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minx) minx = x;
      if (y < miny) miny = y;
      if (x > maxx) maxx = x;
      if (y > maxy) maxy = y;
    }
  }
  return [minx, miny, maxx, maxy];
}

/**
 * Which grids each zone covers: a grid is covered by every zone containing its representative
 * point. Zones are indexed with flatbush, so this is about O((zones + grids) log zones).
 */
export function zonesCoveringGrids(zones: Zone[], gridPoints: { id: number; point: [number, number] }[]): BeatCover[] {
  const areal = zones.filter((z): z is { id: number; geometry: Areal } => isAreal(z.geometry));
  const out: BeatCover[] = areal.map((z) => ({ id: z.id, gridIds: [] }));
  if (areal.length === 0) return out;
  const index = new Flatbush(areal.length);
  for (const z of areal) index.add(...bboxOf(z.geometry));
  index.finish();
  for (const g of gridPoints) {
    const [x, y] = g.point;
    for (const i of index.search(x, y, x, y)) {
      if (booleanPointInPolygon(g.point, areal[i].geometry)) out[i].gridIds.push(g.id);
    }
  }
  return out;
}
