import type { Geometry, Position } from 'geojson';

/**
 * Ring orientation. RFC 7946 wants exterior rings counter-clockwise and holes clockwise; the
 * Shapefile specification wants the opposite (shells clockwise, holes counter-clockwise), and
 * Shapefile readers use the orientation to tell shells from holes.
 */

/** Twice the signed area of a ring in the plane of its coordinates (> 0: counter-clockwise). */
export function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

/** The ring with the wanted orientation (a copy, reversed if needed). */
export function orientRing(ring: Position[], counterClockwise: boolean): Position[] {
  const ccw = signedArea2(ring) > 0;
  return ccw === counterClockwise ? ring.slice() : ring.slice().reverse();
}

/** Orients the rings of polygon(s): shells as `shellCcw`, holes the other way. Other geometries are returned unchanged. */
export function orientPolygons(g: Geometry, shellCcw: boolean): Geometry {
  const poly = (rings: Position[][]) => rings.map((r, i) => orientRing(r, i === 0 ? shellCcw : !shellCcw));
  switch (g.type) {
    case 'Polygon':
      return { ...g, coordinates: poly(g.coordinates) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map(poly) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((x) => orientPolygons(x, shellCcw)) };
    default:
      return g;
  }
}

/** Point-in-ring test (even-odd), for assigning Shapefile holes to their shells. */
export function ringContains(ring: Position[], p: Position): boolean {
  let inside = false;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
