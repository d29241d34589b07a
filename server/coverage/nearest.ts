import KDBush from 'kdbush';

/** Mean Earth radius (m), as Turf uses for haversine distances. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in metres between two [lon, lat] points. */
export function geodesicDistanceM(a: [number, number], b: [number, number]): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * A nearest-point index over [lon, lat] points: kdbush on a local equirectangular plane
 * (metres), with the final answer measured geodesically. The plane's east–west scale is exact
 * at the mean latitude; `slack` bounds its error elsewhere so no nearer point is missed.
 */
export class NearestIndex {
  private readonly index: KDBush | null;
  private readonly points: [number, number][];
  private readonly cosLat0: number;
  private readonly slack: number;

  /** Builds the index over `points` ([lon, lat]). */
  constructor(points: [number, number][]) {
    this.points = points;
    if (points.length === 0) {
      this.index = null;
      this.cosLat0 = 1;
      this.slack = 1;
      return;
    }
    let minLat = Infinity;
    let maxLat = -Infinity;
    let sumLat = 0;
    for (const p of points) {
      minLat = Math.min(minLat, p[1]);
      maxLat = Math.max(maxLat, p[1]);
      sumLat += p[1];
    }
    const lat0 = sumLat / points.length;
    this.cosLat0 = Math.cos(lat0 * RAD);
    // worst ratio between true and plane east-west scale over the data's latitudes (± 2° margin for queries)
    const cosMin = Math.cos(Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + 2) * RAD);
    const cosMax = Math.cos(Math.max(0, Math.min(Math.abs(minLat), Math.abs(maxLat)) - 2) * RAD);
    this.slack = Math.max(this.cosLat0 / cosMin, cosMax / this.cosLat0) * 1.01;
    this.index = new KDBush(points.length);
    for (const p of points) this.index.add(...this.project(p));
    this.index.finish();
  }

  private project(p: [number, number]): [number, number] {
    return [p[0] * RAD * EARTH_RADIUS_M * this.cosLat0, p[1] * RAD * EARTH_RADIUS_M];
  }

  /** The nearest indexed point to `q` as {index, distanceM}, or null when the index is empty. */
  nearest(q: [number, number]): { index: number; distanceM: number } | null {
    if (!this.index) return null;
    const [x, y] = this.project(q);
    let r = 500;
    let found: number[] = [];
    while (found.length === 0) {
      found = this.index.within(x, y, r);
      if (found.length === 0) r *= 2;
      if (r > 4e7) return null;
    }
    // the nearest in the plane is within r; the true nearest is within r·slack² in the plane
    const candidates = this.index.within(x, y, r * this.slack * this.slack);
    let best = -1;
    let bestD = Infinity;
    for (const i of candidates) {
      const d = geodesicDistanceM(q, this.points[i]);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return { index: best, distanceM: bestD };
  }
}
