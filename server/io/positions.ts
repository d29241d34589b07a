/**
 * Walking the coordinates of raw (possibly malformed) GeoJSON without mutating it.
 * The import pipeline converts coordinates *before* it validates geometry, so these helpers
 * accept anything: a position is an array whose first two members are numbers; everything
 * that is not recognised is copied through unchanged, for the validator to report.
 */

/** A position as found in the source: [x, y, ...extra dimensions]. */
export type Position = number[];

/** True for an array whose first two members are numbers (a GeoJSON position). */
export function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

/**
 * Returns a copy of `value` (a geometry, Feature, FeatureCollection, GeometryCollection or a
 * bare coordinate array) with every position replaced by `fn(position)`. Extra dimensions
 * (z, m) are kept after the two converted ones. Non-finite positions are passed through
 * untouched so that the validator, not a converter, reports them.
 */
export function mapPositions<T>(value: T, fn: (xy: [number, number]) => [number, number]): T {
  return walk(value, fn) as T;
}

function walk(value: unknown, fn: (xy: [number, number]) => [number, number]): unknown {
  if (isPosition(value)) {
    if (!Number.isFinite(value[0]) || !Number.isFinite(value[1])) return value.slice();
    const [x, y] = fn([value[0], value[1]]);
    return value.length > 2 ? [x, y, ...value.slice(2)] : [x, y];
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, fn));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const out: Record<string, unknown> = { ...o };
    if ('coordinates' in o) out.coordinates = walk(o.coordinates, fn);
    if (Array.isArray(o.geometries)) out.geometries = o.geometries.map((g) => walk(g, fn));
    if ('geometry' in o && o.type === 'Feature') out.geometry = walk(o.geometry, fn);
    if (Array.isArray(o.features)) out.features = o.features.map((f) => walk(f, fn));
    // a bbox is no longer true after conversion
    delete out.bbox;
    return out;
  }
  return value;
}

/** Calls `fn` for every finite position of a raw geometry (any nesting), with no copying. */
export function eachPosition(value: unknown, fn: (x: number, y: number) => void): void {
  if (isPosition(value)) {
    if (Number.isFinite(value[0]) && Number.isFinite(value[1])) fn(value[0], value[1]);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) eachPosition(v, fn);
    return;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('coordinates' in o) eachPosition(o.coordinates, fn);
    if (Array.isArray(o.geometries)) for (const g of o.geometries) eachPosition(g, fn);
  }
}
