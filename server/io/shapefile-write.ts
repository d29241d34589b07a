import type { Feature, Geometry, Position } from 'geojson';
import { writeDbf } from './dbf-write.ts';
import { orientRing } from './rings.ts';
import type { ExportCrs } from './types.ts';
import type { ZipEntry } from './zip.ts';

/**
 * Our own Shapefile writer (ESRI Shapefile Technical Description, July 1998): .shp, .shx,
 * .dbf (dbf-write.ts: dBase III, UTF-8 with a .cpg) and .prj. Polygon shells are written clockwise and holes
 * counter-clockwise, as the specification requires and readers rely on. One shape type per
 * file: a mixed collection is split into one layer per type.
 */

/** ESRI WKT of WGS84 lon/lat, as ArcGIS and GDAL write it. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

const enum ShapeType {
  Null = 0,
  Point = 1,
  PolyLine = 3,
  Polygon = 5,
  MultiPoint = 8,
}

function shapeTypeOf(g: Geometry | null): ShapeType {
  switch (g?.type) {
    case 'Point':
      return ShapeType.Point;
    case 'MultiPoint':
      return ShapeType.MultiPoint;
    case 'LineString':
    case 'MultiLineString':
      return ShapeType.PolyLine;
    case 'Polygon':
    case 'MultiPolygon':
      return ShapeType.Polygon;
    default:
      // GeometryCollections have no Shapefile equivalent: written as null shapes (noted in README)
      return ShapeType.Null;
  }
}

/** The parts (rings or lines) of a geometry, Polygon rings oriented for Shapefiles. */
function partsOf(g: Geometry): Position[][] {
  const poly = (rings: Position[][]) => rings.map((r, i) => orientRing(r, i !== 0));
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return poly(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.flatMap(poly);
    case 'MultiPoint':
      return [g.coordinates];
    case 'Point':
      return [[g.coordinates]];
    default:
      return [];
  }
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}
const emptyBox = (): Box => ({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity });
function extend(b: Box, pts: Position[]) {
  for (const p of pts) {
    b.minX = Math.min(b.minX, p[0]);
    b.maxX = Math.max(b.maxX, p[0]);
    b.minY = Math.min(b.minY, p[1]);
    b.maxY = Math.max(b.maxY, p[1]);
  }
}
const finiteBox = (b: Box): Box => (Number.isFinite(b.minX) ? b : { minX: 0, minY: 0, maxX: 0, maxY: 0 });

/** Encodes one record's content (shape type first). */
function recordContent(type: ShapeType, g: Geometry | null): Uint8Array {
  if (type === ShapeType.Null || !g) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, 0, true);
    return b;
  }
  if (type === ShapeType.Point) {
    const [x, y] = (g as { coordinates: Position }).coordinates;
    const b = new Uint8Array(20);
    const v = new DataView(b.buffer);
    v.setInt32(0, type, true);
    v.setFloat64(4, x, true);
    v.setFloat64(12, y, true);
    return b;
  }
  const parts = partsOf(g);
  const points = parts.flat();
  const box = emptyBox();
  extend(box, points);
  const multiPoint = type === ShapeType.MultiPoint;
  const size = multiPoint ? 40 + 16 * points.length : 44 + 4 * parts.length + 16 * points.length;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  v.setInt32(0, type, true);
  v.setFloat64(4, box.minX, true);
  v.setFloat64(12, box.minY, true);
  v.setFloat64(20, box.maxX, true);
  v.setFloat64(28, box.maxY, true);
  let o: number;
  if (multiPoint) {
    v.setInt32(36, points.length, true);
    o = 40;
  } else {
    v.setInt32(36, parts.length, true);
    v.setInt32(40, points.length, true);
    o = 44;
    let start = 0;
    for (const part of parts) {
      v.setInt32(o, start, true);
      o += 4;
      start += part.length;
    }
  }
  for (const p of points) {
    v.setFloat64(o, p[0], true);
    v.setFloat64(o + 8, p[1], true);
    o += 16;
  }
  return b;
}

function fileHeader(v: DataView, type: ShapeType, lengthBytes: number, box: Box) {
  v.setInt32(0, 9994, false);
  v.setInt32(24, lengthBytes / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, type, true);
  v.setFloat64(36, box.minX, true);
  v.setFloat64(44, box.minY, true);
  v.setFloat64(52, box.maxX, true);
  v.setFloat64(60, box.maxY, true);
}

/** Builds the .shp and .shx of geometries that share one shape type (nulls allowed). */
function writeShpShx(type: ShapeType, geometries: (Geometry | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = geometries.map((g) => recordContent(g ? type : ShapeType.Null, g));
  const shpLength = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  const box = emptyBox();
  for (const g of geometries) if (g) extend(box, partsOf(g).flat());
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  fileHeader(sv, type, shpLength, finiteBox(box));
  fileHeader(xv, type, shx.length, finiteBox(box));
  let o = 100;
  contents.forEach((c, i) => {
    xv.setInt32(100 + 8 * i, o / 2, false);
    xv.setInt32(104 + 8 * i, c.length / 2, false);
    sv.setInt32(o, i + 1, false);
    sv.setInt32(o + 4, c.length / 2, false);
    shp.set(c, o + 8);
    o += 8 + c.length;
  });
  return { shp, shx };
}

const utf8 = new TextEncoder();

const TYPE_SUFFIX: Record<number, string> = { 1: 'points', 3: 'lines', 5: 'polygons', 8: 'multipoints', 0: 'empty' };

/**
 * Writes features as Shapefile layer(s) named `base` inside a zip: .shp, .shx, .dbf, .cpg
 * ("UTF-8"), .prj (WGS84 only: GCJ-02 has no EPSG definition, so no .prj is written rather than
 * a false one) and a README.txt explaining the coordinate system, renamed fields and cut texts.
 */
export function writeShapefileEntries(features: Feature<Geometry | null, Record<string, unknown>>[], base: string, crs: ExportCrs): ZipEntry[] {
  const groups = new Map<ShapeType, Feature<Geometry | null, Record<string, unknown>>[]>();
  for (const f of features) {
    const t = shapeTypeOf(f.geometry);
    groups.set(t, [...(groups.get(t) ?? []), f]);
  }
  // null shapes go with the main type when there is one (a layer may have features without geometry)
  const nulls = groups.get(ShapeType.Null);
  if (nulls && groups.size > 1) {
    groups.delete(ShapeType.Null);
    const first = [...groups.keys()][0];
    groups.set(first, [...(groups.get(first) ?? []), ...nulls]);
  }
  if (groups.size === 0) groups.set(ShapeType.Polygon, []);
  const entries: ZipEntry[] = [];
  const notes: string[] = [];
  for (const [type, list] of groups) {
    const name = groups.size > 1 ? `${base}_${TYPE_SUFFIX[type]}` : base;
    const keys: string[] = [];
    for (const f of list) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
    const { shp, shx } = writeShpShx(type, list.map((f) => (shapeTypeOf(f.geometry) === type ? f.geometry : null)));
    const { dbf, renamed, truncated } = writeDbf(keys, list.map((f) => f.properties ?? {}));
    entries.push({ path: `${name}.shp`, bytes: shp }, { path: `${name}.shx`, bytes: shx }, { path: `${name}.dbf`, bytes: dbf }, { path: `${name}.cpg`, bytes: utf8.encode('UTF-8') });
    if (crs === 'wgs84') entries.push({ path: `${name}.prj`, bytes: utf8.encode(WGS84_PRJ) });
    if (renamed.length) notes.push(`${name}.dbf field names shortened to 10 bytes (dBase limit):\n${renamed.map(([a, b]) => `  ${a} -> ${b}`).join('\n')}`);
    if (truncated) notes.push(`${name}.dbf: ${truncated} text value(s) longer than 254 bytes were cut (dBase limit); the GeoJSON export has them in full.`);
  }
  const crsNote =
    crs === 'wgs84'
      ? 'Coordinates: WGS84 longitude/latitude (EPSG:4326; CGCS2000 is treated as identical at this scale).\n坐标系：WGS84经纬度（EPSG:4326，此尺度下与CGCS2000视为相同）。'
      : 'Coordinates: GCJ-02 longitude/latitude (高德/腾讯 "Mars" coordinates) for use on commercial web maps. GCJ-02 has no EPSG code or .prj definition, so no .prj is included: do not use these coordinates as WGS84 (they are offset by several hundred metres).\n坐标系：GCJ-02经纬度（高德/腾讯火星坐标），供商业地图使用。GCJ-02没有EPSG编码和.prj定义，因此未附.prj：请勿当作WGS84使用（偏移数百米）。';
  entries.push({ path: 'README.txt', bytes: utf8.encode([`beatgrid export: ${base}`, crsNote, 'Attribute encoding: UTF-8 (.cpg). 属性编码：UTF-8。', ...notes].join('\n\n') + '\n') });
  return entries;
}
