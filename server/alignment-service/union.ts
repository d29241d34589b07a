/**
 * Exact union of grids as a WGS84 geometry that reuses the grids' own vertices: a copy of the
 * engine's private realign union (server/alignment/realign.ts), needed when a human overrides
 * the proposal's assignment of tied / uncovered grids. Remove once the engine exports it
 * (see /tmp/h8-needs.txt).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AlignmentIndex } from '../alignment/index.ts';
import { CLIP_SCALE, originOf, unionPolygons } from '../alignment/clip.ts';

/** Union of the grids at the given index positions (null for none). */
export function unionOfGrids(ix: AlignmentIndex, grids: number[]): Polygon | MultiPolygon | null {
  if (grids.length === 0) return null;
  const lookup = new Map<string, Position>();
  const tmp = [0, 0];
  const [ox, oy] = originOf(grids.map((g) => ix.gridShapes[g]!.rings));
  const key = (x: number, y: number): string => `${Math.round((x - ox) * CLIP_SCALE)},${Math.round((y - oy) * CLIP_SCALE)}`;
  const visit = (ring: Position[]): void => {
    for (const p of ring) {
      ix.projection.forward(p[0], p[1], tmp, 0);
      lookup.set(key(tmp[0], tmp[1]), [p[0], p[1]]);
    }
  };
  for (const g of grids) {
    const geom = ix.gridGeometries[g];
    if (geom?.type === 'Polygon') geom.coordinates.forEach(visit);
    else if (geom?.type === 'MultiPolygon') geom.coordinates.forEach((pl) => pl.forEach(visit));
  }
  const polys = unionPolygons(grids.map((g) => ix.gridShapes[g]!.rings));
  const toRing = (r: Float64Array): Position[] => {
    const n = r.length >> 1;
    const out: Position[] = [];
    for (let i = 0; i < n; i++) out.push(lookup.get(key(r[2 * i], r[2 * i + 1])) ?? ix.projection.inverse(r[2 * i], r[2 * i + 1]));
    out.push(out[0]);
    return out;
  };
  const coords = polys.map((p) => p.map(toRing));
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
}
