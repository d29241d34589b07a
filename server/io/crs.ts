import gcoord from 'gcoord';
import proj4, { type Converter } from 'proj4';
import { mapPositions } from './positions.ts';
import type { ExportCrs, SourceCrs } from './types.ts';

export { diagnoseCoordinates } from './diagnose.ts';
export { projFromPrj, type PrjProjection } from './prj.ts';

/**
 * Datum conversions of geometries (never mutating the input; any GeoJSON geometry type,
 * Feature or FeatureCollection, malformed ones included: what is not a position is copied).
 *
 * WGS84 and CGCS2000 are treated as identical: the two realisations differ by a few
 * centimetres in China, far below the accuracy of grid boundaries. GCJ-02 (高德/腾讯) and
 * BD-09 (百度) are the obfuscated web-map datums (offsets of several hundred metres); gcoord
 * converts them, inverting GCJ-02 iteratively to 1e-6° (≈ 0.1 m). Outside China gcoord
 * leaves coordinates unchanged, as the web maps do.
 */

const GCOORD = { wgs84: gcoord.WGS84, cgcs2000: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Converts a geometry (or Feature/FeatureCollection) from `crs` to WGS84. */
export function toWgs84<T>(geometry: T, crs: SourceCrs): T {
  if (crs === 'wgs84' || crs === 'cgcs2000') return mapPositions(geometry, (p) => p);
  const from = GCOORD[crs];
  return mapPositions(geometry, (p) => gcoord.transform(p, from, gcoord.WGS84) as [number, number]);
}

/** Converts a WGS84 geometry (or Feature/FeatureCollection) to `crs` for export (GCJ-02 for commercial web maps). */
export function fromWgs84<T>(geometry: T, crs: ExportCrs): T {
  if (crs === 'wgs84') return mapPositions(geometry, (p) => p);
  return mapPositions(geometry, (p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number]);
}

/**
 * Unprojects a geometry from `proj4def` (as returned by projFromPrj) to lon/lat. The target is
 * lon/lat on the definition's own ellipsoid and the result is taken as WGS84: for CGCS2000
 * that is exact at this scale, for Xian 1980 / Beijing 1954 it is the documented no-shift
 * approximation (see prj.ts).
 */
export function reprojectToWgs84<T>(geometry: T, proj4def: string): T {
  const conv = converter(proj4def);
  return mapPositions(geometry, (p) => conv.forward(p) as [number, number]);
}

// an import reprojects feature by feature: build each converter once
const converters = new Map<string, Converter>();
function converter(proj4def: string): Converter {
  let conv = converters.get(proj4def);
  if (!conv) {
    const ellps = proj4def.match(/\+(ellps|a|rf|b)=\S+/g)?.join(' ') ?? '+ellps=WGS84';
    conv = proj4(proj4def, `+proj=longlat ${ellps} +no_defs`);
    if (converters.size > 50) converters.clear();
    converters.set(proj4def, conv);
  }
  return conv;
}
