import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';

type Ring = Position[];

/**
 * One label point per polygon feature (the largest part's centroid, or the middle of the
 * widest horizontal chord through it when the centroid falls outside, e.g. a C-shaped
 * township). Labels from these points appear once per feature instead of once per tile.
 */
export function labelPoints(fc: FeatureCollection<Geometry | null, Record<string, unknown> | null>): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const f of fc.features) {
    const outer = largestOuterRing(f.geometry);
    if (!outer) continue;
    const p = interiorPoint(outer);
    if (!p) continue;
    features.push({ type: 'Feature', id: f.id, geometry: { type: 'Point', coordinates: p }, properties: f.properties ?? {} });
  }
  return { type: 'FeatureCollection', features };
}

function largestOuterRing(g: Geometry | null): Ring | null {
  if (!g) return null;
  const outers: Ring[] = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let best: Ring | null = null;
  let bestArea = 0;
  for (const r of outers) {
    const a = Math.abs(signedArea(r));
    if (r && a > bestArea) { best = r; bestArea = a; }
  }
  return best;
}

function signedArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return a / 2;
}

/** Area-weighted centroid of a ring. */
function centroid(r: Ring): Position | null {
  let a = 0, cx = 0, cy = 0;
  const [x0, y0] = r[0];
  for (let i = 0; i < r.length - 1; i++) {
    const x1 = r[i][0] - x0, y1 = r[i][1] - y0, x2 = r[i + 1][0] - x0, y2 = r[i + 1][1] - y0;
    const cross = x1 * y2 - x2 * y1;
    a += cross; cx += (x1 + x2) * cross; cy += (y1 + y2) * cross;
  }
  if (a === 0) return null;
  return [cx / (3 * a) + x0, cy / (3 * a) + y0];
}

/** Even-odd point-in-ring test. */
export function pointInRing(p: Position, r: Ring): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i], [xj, yj] = r[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A point well inside the ring: its centroid if inside, else the middle of the widest chord at the centroid's latitude. */
export function interiorPoint(r: Ring): Position | null {
  if (r.length < 4) return null;
  const c = centroid(r);
  if (c && pointInRing(c, r)) return c;
  const y = c ? c[1] : (Math.min(...r.map((p) => p[1])) + Math.max(...r.map((p) => p[1]))) / 2;
  const xs: number[] = [];
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i], [xj, yj] = r[j];
    if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let best: Position | null = null, width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > width) { width = xs[i + 1] - xs[i]; best = [(xs[i] + xs[i + 1]) / 2, y]; }
  }
  return best ?? r[0];
}

/** Bounding box [minx, miny, maxx, maxy] of any GeoJSON geometry or collection, or null when empty. */
export function bboxOf(g: Geometry | FeatureCollection | Feature | null | undefined): [number, number, number, number] | null {
  let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minx) minx = x; if (x > maxx) maxx = x; if (y < miny) miny = y; if (y > maxy) maxy = y;
      return;
    }
    for (const child of c) visit(child);
  };
  const walk = (o: Geometry | FeatureCollection | Feature | null | undefined): void => {
    if (!o) return;
    if (o.type === 'FeatureCollection') o.features.forEach(walk);
    else if (o.type === 'Feature') walk(o.geometry);
    else if (o.type === 'GeometryCollection') o.geometries.forEach(walk);
    else visit(o.coordinates);
  };
  walk(g);
  return minx === Infinity ? null : [minx, miny, maxx, maxy];
}
