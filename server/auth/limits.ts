import type { Geometry } from 'geojson';
import { PayloadTooLargeError } from '../http/errors.ts';

/**
 * Input size limits, in one place: routes that accept geometry import these and call
 * {@link assertFeatureLimits} / {@link assertFeatureCount}; the request body limit is applied
 * to every /api/ request by the auth install.
 */
export const LIMITS = {
  /** bytes of any request body (413 above) */
  bodyBytes: 5 * 1024 * 1024,
  /** bytes of an import upload (POST /api/layers/:layer/import: zipped Shapefiles, KMZ, XLSX) */
  uploadBytes: 50 * 1024 * 1024,
  /** positions in one feature's geometry (413 above) */
  verticesPerFeature: 50_000,
  /** features (or operations) in one request (413 above) */
  featuresPerRequest: 5_000,
  /** grids in one merge request (400 above; the policy rule does not look up more) */
  mergeGrids: 200,
  /** characters of a name */
  nameChars: 200,
  /** characters of a reason / note */
  noteChars: 2_000,
} as const;

/** Number of positions in a geometry (rings counted with their closing position). */
export function countVertices(g: Geometry | null | undefined): number {
  if (!g || typeof g !== 'object') return 0;
  switch (g.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
    case 'LineString':
      return Array.isArray(g.coordinates) ? g.coordinates.length : 0;
    case 'Polygon':
    case 'MultiLineString':
      return Array.isArray(g.coordinates) ? g.coordinates.reduce((n, r) => n + (Array.isArray(r) ? r.length : 0), 0) : 0;
    case 'MultiPolygon':
      return Array.isArray(g.coordinates)
        ? g.coordinates.reduce((n, p) => n + (Array.isArray(p) ? p.reduce((m, r) => m + (Array.isArray(r) ? r.length : 0), 0) : 0), 0)
        : 0;
    case 'GeometryCollection':
      return Array.isArray(g.geometries) ? g.geometries.reduce((n, x) => n + countVertices(x), 0) : 0;
    default:
      return 0;
  }
}

/**
 * Throws 413 `too_many_vertices` when a geometry has more positions than allowed; `label`
 * names the feature in the message (e.g. `feature 3 (grid G-001)`).
 */
export function assertFeatureLimits(g: Geometry | null | undefined, label = 'the feature', max: number = LIMITS.verticesPerFeature): void {
  const n = countVertices(g);
  if (n > max) {
    throw new PayloadTooLargeError(
      `${label} has ${n.toLocaleString('en')} vertices; at most ${max.toLocaleString('en')} are accepted per feature (simplify it first)`,
      { vertices: n, max },
      'too_many_vertices',
    );
  }
}

/** Throws 413 `too_many_features` when one request carries more than `max` features. */
export function assertFeatureCount(n: number, what = 'features', max: number = LIMITS.featuresPerRequest): void {
  if (n > max) {
    throw new PayloadTooLargeError(
      `The request carries ${n.toLocaleString('en')} ${what}; at most ${max.toLocaleString('en')} are accepted per request (split it)`,
      { count: n, max },
      'too_many_features',
    );
  }
}
