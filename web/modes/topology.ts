import type { MultiPolygon, Polygon, Position } from 'geojson';
import { deleteVertex, distinctCount, findEdge, findVertex, insertVertex, moveVertex, polygonsOf, samePosition } from './rings.ts';
import type { FeatureId, LngLat } from './types.ts';

/** Geometries edited together: the target feature and its same-layer neighbours. */
export type GeometrySet = Map<FeatureId, Polygon | MultiPolygon>;

/**
 * Moves every vertex exactly at `from`, in every geometry of the set, to `to`. A vertex that
 * two neighbouring grids share moves in both, so no gap or overlap opens between them.
 * Returns a new set; untouched geometries are shared, not copied.
 */
export function moveSharedVertex(set: GeometrySet, from: Position, to: LngLat): GeometrySet {
  const out: GeometrySet = new Map();
  for (const [id, geometry] of set) {
    let g = geometry;
    for (const address of findVertex(geometry, from)) g = moveVertex(g, address, to);
    out.set(id, g);
  }
  return out;
}

/**
 * Inserts `at` into every geometry that has the edge a–b (in either direction), so a vertex
 * added on a shared edge is added to both neighbours.
 */
export function insertOnSharedEdge(set: GeometrySet, a: Position, b: Position, at: LngLat): GeometrySet {
  const out: GeometrySet = new Map();
  for (const [id, geometry] of set) {
    let g = geometry;
    polygonsOf(geometry).forEach((poly, p) =>
      poly.forEach((ring, r) => {
        const v = findEdge(ring, a, b);
        if (v >= 0) g = insertVertex(g, { polygon: p, ring: r, vertex: v }, at);
      }),
    );
    out.set(id, g);
  }
  return out;
}

/**
 * Deletes the vertex at `position` from every geometry of the set that has it. Throws (and
 * changes nothing) when any ring would be left with fewer than 3 vertices.
 */
export function deleteSharedVertex(set: GeometrySet, position: Position): GeometrySet {
  for (const [id, geometry] of set) {
    polygonsOf(geometry).forEach((poly, p) =>
      poly.forEach((ring, r) => {
        const hits = ring.slice(0, distinctCount(ring)).filter((q) => samePosition(q, position)).length;
        if (hits && distinctCount(ring) - hits < 3) {
          throw new Error(`Feature ${id}: ring ${r} of polygon ${p} would keep fewer than 3 vertices`);
        }
      }),
    );
  }
  const out: GeometrySet = new Map();
  for (const [id, geometry] of set) {
    let g = geometry;
    let hit = findVertex(g, position)[0];
    while (hit) {
      g = deleteVertex(g, hit);
      hit = findVertex(g, position)[0];
    }
    out.set(id, g);
  }
  return out;
}

/** Ids of the geometries of `after` that differ from `before`. */
export function changedIds(before: GeometrySet, after: GeometrySet): FeatureId[] {
  const ids: FeatureId[] = [];
  for (const [id, g] of after) {
    const b = before.get(id);
    if (!b || JSON.stringify(b) !== JSON.stringify(g)) ids.push(id);
  }
  return ids;
}
