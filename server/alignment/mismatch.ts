/** Mismatch polygons (slivers, gaps, overhangs, overlaps) built with Clipper2, in WGS84. */
import type { Position } from 'geojson';
import type { FeatureId, MismatchFeature, MismatchKind } from './types.ts';
import type { Projection } from './projection.ts';
import type { Shape } from './shape.ts';
import { differencePolygons, intersectPolygons, polygonPerimeter, polygonsArea, type RingPolygon } from './clip.ts';

/** Pieces thinner than this on average (2·area/perimeter, metres) are snapping artefacts of the clipper. */
export const MIN_MEAN_WIDTH_M = 0.001;

/** Flat metre ring → closed GeoJSON ring in lon/lat (7 decimals). */
export function ringToLonLat(r: Float64Array, proj: Projection): Position[] {
  const n = r.length >> 1;
  const out: Position[] = new Array(n + 1);
  for (let i = 0; i < n; i++) {
    const [lon, lat] = proj.inverse(r[2 * i], r[2 * i + 1]);
    out[i] = [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }
  out[n] = out[0];
  return out;
}

/** Size filters of mismatch pieces: area at or below dustM2, mean width below minWidthM. */
export interface PieceFilter { dustM2: number; minWidthM: number }

function toFeatures(polys: RingPolygon[], kind: MismatchKind, gridId: FeatureId | null, zoneIds: FeatureId[], f: PieceFilter, proj: Projection): MismatchFeature[] {
  const minWidth = Math.max(MIN_MEAN_WIDTH_M, f.minWidthM);
  const out: MismatchFeature[] = [];
  for (const p of polys) {
    const areaM2 = polygonsArea([p]);
    if (areaM2 <= f.dustM2 || (2 * areaM2) / polygonPerimeter(p) < minWidth) continue;
    out.push({
      type: 'Feature',
      properties: { kind, areaM2, gridId, zoneIds },
      geometry: { type: 'Polygon', coordinates: p.map((r) => ringToLonLat(r, proj)) },
    });
  }
  return out;
}

/**
 * Mismatch pieces inside one non-aligned grid: a sliver for every zone other than the dominant
 * one, and the gap (the grid minus all its zones).
 */
export function gridMismatches(grid: Shape, zones: Shape[], dominant: Shape | null, f: PieceFilter, proj: Projection): MismatchFeature[] {
  const out: MismatchFeature[] = [];
  for (const z of zones) {
    if (z === dominant) continue;
    out.push(...toFeatures(intersectPolygons(grid.rings, z.rings, grid.bbox), 'sliver', grid.id, [z.id], f, proj));
  }
  const allZoneRings = zones.flatMap((z) => z.rings);
  const gap = allZoneRings.length ? differencePolygons(grid.rings, allZoneRings, grid.bbox) : [grid.rings];
  out.push(...toFeatures(gap, 'gap', grid.id, [], f, proj));
  return out;
}

/** The zone outside every grid (grids = the grids near the zone). */
export function overhangMismatches(zone: Shape, grids: Shape[], f: PieceFilter, proj: Projection): MismatchFeature[] {
  const gridRings = grids.flatMap((g) => g.rings);
  const polys = gridRings.length ? differencePolygons(zone.rings, gridRings) : [zone.rings];
  return toFeatures(polys, 'overhang', null, [zone.id], f, proj);
}

/** The overlap of two zones of the same layer. */
export function overlapMismatches(a: Shape, b: Shape, f: PieceFilter, proj: Projection): MismatchFeature[] {
  const box = [Math.max(a.bbox[0], b.bbox[0]), Math.max(a.bbox[1], b.bbox[1]), Math.min(a.bbox[2], b.bbox[2]), Math.min(a.bbox[3], b.bbox[3])] as const;
  return toFeatures(intersectPolygons(a.rings, b.rings, box), 'overlap', null, [a.id, b.id], f, proj);
}
