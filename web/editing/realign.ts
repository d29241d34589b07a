import { area, bbox, feature, featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { AreaFeature, FeatureId } from '../modes/types.ts';

/** Share of a grid's area that must lie in a zone for the grid to belong to it. */
export const MEMBER_SHARE = 0.5;

/**
 * The grids a police zone should be rebuilt from: every grid with more than half of its area
 * inside the zone's current geometry. For an aux-grid (一格一警) only the grid with the largest
 * share counts. The rebuilt zone is then their exact union, so it is aligned by construction.
 */
export function gridsForZone(zone: Polygon | MultiPolygon, grids: readonly AreaFeature[], layer: 'beats' | 'aux-grids'): FeatureId[] {
  const zb = bbox(zone);
  const zoneFeature = feature(zone);
  const shares: { id: FeatureId; share: number }[] = [];
  for (const g of grids) {
    const gb = bbox(g);
    if (gb[0] > zb[2] || gb[2] < zb[0] || gb[1] > zb[3] || gb[3] < zb[1]) continue;
    const inter = intersect(featureCollection([zoneFeature, g as Feature<Polygon | MultiPolygon>]));
    if (!inter) continue;
    const share = area(inter) / area(g);
    if (share > 0) shares.push({ id: g.id, share });
  }
  if (layer === 'aux-grids') {
    const best = shares.sort((a, b) => b.share - a.share)[0];
    return best && best.share > 0 ? [best.id] : [];
  }
  return shares.filter((s) => s.share > MEMBER_SHARE).map((s) => s.id);
}
