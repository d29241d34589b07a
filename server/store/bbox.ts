import type { Geometry, Position } from 'geojson';

/** [minx, miny, maxx, maxy] */
export type BBox = [number, number, number, number];

/** The bounding box of any GeoJSON geometry (throws on an empty geometry). */
export function geometryBbox(g: Geometry): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  };
  const walk = (g: Geometry): void => {
    switch (g.type) {
      case 'Point':
        return visit(g.coordinates);
      case 'MultiPoint':
      case 'LineString':
        return g.coordinates.forEach(visit);
      case 'MultiLineString':
      case 'Polygon':
        return g.coordinates.forEach((r) => r.forEach(visit));
      case 'MultiPolygon':
        return g.coordinates.forEach((p) => p.forEach((r) => r.forEach(visit)));
      case 'GeometryCollection':
        return g.geometries.forEach(walk);
    }
  };
  walk(g);
  if (!Number.isFinite(b[0])) throw new TypeError('geometryBbox: the geometry has no positions');
  return b;
}

/** Rounds an R*Tree (float32, rounded outward) bbox outward to 7 decimals for serving. */
export function tidyBbox(minx: number, miny: number, maxx: number, maxy: number): BBox {
  const f = 1e7;
  return [Math.floor(minx * f) / f, Math.floor(miny * f) / f, Math.ceil(maxx * f) / f, Math.ceil(maxy * f) / f];
}
