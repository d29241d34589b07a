import { cellToBoundary, latLngToCell } from 'h3-js';
import type { FeatureCollection, Polygon } from 'geojson';

/** A grid's point and whether it is within reach of a serving police room or post. */
export interface ReachPoint {
  point: [number, number];
  withinReach: boolean;
}

/** Properties of one hexagon. */
export interface HexProps {
  cell: string;
  grids: number;
  within: number;
  /** share of the hexagon's grids within reach (0..1) */
  share: number;
}

/**
 * Aggregates grids into H3 hexagons (by each grid's representative point): per cell, how many
 * grids and the share within reach. Returns closed GeoJSON polygons ([lon, lat]).
 */
export function hexagonsOf(points: ReachPoint[], resolution: number): FeatureCollection<Polygon, HexProps> {
  const cells = new Map<string, { grids: number; within: number }>();
  for (const p of points) {
    const cell = latLngToCell(p.point[1], p.point[0], resolution);
    const c = cells.get(cell) ?? { grids: 0, within: 0 };
    c.grids++;
    if (p.withinReach) c.within++;
    cells.set(cell, c);
  }
  return {
    type: 'FeatureCollection',
    features: [...cells].map(([cell, c]) => ({
      type: 'Feature',
      properties: { cell, grids: c.grids, within: c.within, share: Math.round((c.within / c.grids) * 1000) / 1000 },
      geometry: { type: 'Polygon', coordinates: [cellToBoundary(cell, true)] },
    })),
  };
}
