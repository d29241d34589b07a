import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import { MAX_JSON_DEPTH, jsonDepth } from '../http/input.ts';
import { decodeText } from './text.ts';
import type { ParsedSource, ParseOptions, SourceFeature, UploadedFile } from './types.ts';

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);
/** CRS names that mean lon/lat on WGS84 or CGCS2000 (treated as identical, see crs.ts). */
const GEOGRAPHIC_CRS = /(CRS84|EPSG:+4326|EPSG:+4490|EPSG:+4479|EPSG:+4480)$/i;

/** The attribute names of features in order of first appearance. */
export function fieldsOf(features: SourceFeature[]): string[] {
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) seen.add(k);
  return [...seen];
}

function toSource(raw: unknown, index: number): SourceFeature {
  if (raw && typeof raw === 'object' && (raw as { type?: unknown }).type === 'Feature') {
    const f = raw as { geometry?: unknown; properties?: unknown; id?: unknown };
    const properties = f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? { ...(f.properties as Record<string, unknown>) } : {};
    // a Feature's id is often the only identifier web tools write: offer it to the field mapping
    if (f.id !== undefined && f.id !== null && !('id' in properties)) properties.id = f.id;
    return { index, geometry: f.geometry === undefined ? null : f.geometry, properties };
  }
  // a bare geometry (or junk) where a Feature should be: keep it raw for the validator
  return { index, geometry: raw, properties: {} };
}

/**
 * Reads GeoJSON: a FeatureCollection, a single Feature or a bare geometry. Malformed
 * geometries are kept raw (the import validates them per feature); only text that is not
 * JSON, or JSON that is not GeoJSON at all, throws.
 */
export async function readGeoJson(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  const { text, encoding } = decodeText(file.bytes, opts.encoding);
  // a geometry nested thousands deep would overflow the recursive coordinate walkers later
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new BadRequestError(`${file.name} nests arrays/objects more than ${MAX_JSON_DEPTH} levels deep: not GeoJSON coordinates`, { file: file.name, maxDepth: MAX_JSON_DEPTH }, 'unreadable_file');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`${file.name} is not valid JSON: ${(err as Error).message}`, { file: file.name }, 'unreadable_file');
  }
  const type = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { type?: unknown }).type : undefined;
  const warnings: string[] = [];
  let features: SourceFeature[];
  if (type === 'FeatureCollection') {
    const list = (doc as { features?: unknown }).features;
    if (!Array.isArray(list)) throw new UnprocessableError(`${file.name}: the FeatureCollection has no "features" array`, { file: file.name }, 'unreadable_file');
    features = list.map(toSource);
  } else if (type === 'Feature') {
    features = [toSource(doc, 0)];
  } else if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    features = [{ index: 0, geometry: doc, properties: {} }];
  } else {
    const what = type === undefined ? (Array.isArray(doc) ? 'an array' : typeof doc) : `type "${String(type)}"`;
    throw new UnprocessableError(`${file.name} is JSON but not GeoJSON: ${what} (expected a FeatureCollection, a Feature or a geometry)`, { file: file.name }, 'unreadable_file');
  }
  const crsName = (doc as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  if (typeof crsName === 'string' && !GEOGRAPHIC_CRS.test(crsName)) {
    warnings.push(`${file.name} declares the coordinate system "${crsName}"; GeoJSON should be WGS84 lon/lat (RFC 7946). The coordinates are checked below.`);
  }
  return { format: 'geojson', features, fields: fieldsOf(features), encoding, warnings };
}

/** Writes a FeatureCollection (RFC 7946: no crs member, features as given). */
export function writeGeoJson(features: Feature<Geometry, Record<string, unknown>>[]): Uint8Array {
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  return new TextEncoder().encode(JSON.stringify(fc));
}
