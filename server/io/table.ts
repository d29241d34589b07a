import type { Feature, Geometry, Position } from 'geojson';
import { UnprocessableError } from '../http/errors.ts';
import type { ImportFormat, ParsedSource, ParseOptions, SourceFeature } from './types.ts';

/**
 * Tables of points (CSV, XLSX): the user chooses the longitude and latitude columns. A row
 * whose coordinates are not numbers gets a null geometry, so the import reports it as that
 * row's problem instead of failing the whole file.
 */

/** One data row: its cells by column and its 1-based row/line number in the source. */
export interface TableRow {
  line: number;
  values: unknown[];
}

/** Unique, non-empty column names (blank headers become "column 3", repeats "name (2)"). */
export function headerNames(cells: unknown[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = (c === null || c === undefined ? '' : String(c)).trim() || `column ${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name} (${n + 1})`;
    return name;
  });
}

/** A coordinate cell as a number (numbers, or text like " 125.93 "); null when it is not one. */
export function coordinate(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Turns a header and rows into point features using opts.lonField/latField. Throws
 * UnprocessableError listing the columns when they are not given or not found.
 */
export function pointsFromTable(format: ImportFormat, fileName: string, header: string[], rows: TableRow[], opts: ParseOptions, encoding: string | undefined, where = 'row'): ParsedSource {
  const columns = header.join(', ');
  if (!opts.lonField || !opts.latField) {
    throw new UnprocessableError(`${fileName}: choose the longitude and latitude columns; the columns are: ${columns}`, { file: fileName, fields: header }, 'choose_columns');
  }
  const lonAt = header.indexOf(opts.lonField);
  const latAt = header.indexOf(opts.latField);
  const missing = [lonAt < 0 ? opts.lonField : null, latAt < 0 ? opts.latField : null].filter((s) => s !== null);
  if (missing.length > 0) {
    throw new UnprocessableError(
      `${fileName} has no column ${missing.map((m) => `"${m}"`).join(' or ')}; the columns are: ${columns}`,
      { file: fileName, fields: header, missing },
      'choose_columns',
    );
  }
  const bad: number[] = [];
  const features: SourceFeature[] = rows.map((row, index) => {
    const properties: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = row.values[i];
      properties[h] = v === undefined ? null : v;
    });
    const lon = coordinate(row.values[lonAt]);
    const lat = coordinate(row.values[latAt]);
    if (lon === null || lat === null) bad.push(row.line);
    return { index, geometry: lon === null || lat === null ? null : { type: 'Point', coordinates: [lon, lat] }, properties };
  });
  const warnings: string[] = [];
  if (bad.length > 0) {
    warnings.push(`${bad.length} ${where}${bad.length > 1 ? 's' : ''} without numeric coordinates in "${opts.lonField}"/"${opts.latField}" (${where} ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''}).`);
  }
  return { format, features, fields: header, encoding, warnings };
}

/** Area-weighted centroid of a polygon's rings (holes subtract, whatever their orientation), with the area; null if degenerate. */
function ringsCentroid(rings: Position[][]): { x: number; y: number; a: number } | null {
  let sx = 0;
  let sy = 0;
  let sa = 0;
  rings.forEach((ring, i) => {
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let k = 0, n = ring.length, j = n - 1; k < n; j = k++) {
      const cross = ring[j][0] * ring[k][1] - ring[k][0] * ring[j][1];
      a += cross;
      cx += (ring[j][0] + ring[k][0]) * cross;
      cy += (ring[j][1] + ring[k][1]) * cross;
    }
    a /= 2;
    if (a === 0) return;
    const w = Math.abs(a) * (i === 0 ? 1 : -1);
    sx += (w * cx) / (6 * a);
    sy += (w * cy) / (6 * a);
    sa += w;
  });
  return sa > 0 ? { x: sx / sa, y: sy / sa, a: sa } : null;
}

/** A representative point for the attribute table: the point itself, or the area centroid of polygons, or the vertex mean. */
export function centroidOf(g: Geometry | null): [number, number] | null {
  if (!g) return null;
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1]];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let x = 0;
  let y = 0;
  let a = 0;
  for (const p of polys) {
    const c = ringsCentroid(p);
    if (c) {
      x += c.x * c.a;
      y += c.y * c.a;
      a += c.a;
    }
  }
  if (a > 0) return [x / a, y / a];
  const pts: Position[] = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v) && typeof v[0] === 'number') pts.push(v as Position);
    else if (Array.isArray(v)) v.forEach(collect);
  };
  collect('coordinates' in g ? g.coordinates : []);
  if (pts.length === 0) return null;
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

/** Names of the centroid columns appended to exported attribute tables. */
export const CENTROID_COLUMNS = ['centroid_lon', 'centroid_lat'] as const;

/** The attribute table of features: the union of property names plus centroid lon/lat (7 decimals). */
export function attributeTable(features: Feature<Geometry | null, Record<string, unknown>>[]): { header: string[]; rows: unknown[][] } {
  const keys: string[] = [];
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
  const header = [...keys, ...CENTROID_COLUMNS];
  const rows = features.map((f) => {
    const c = centroidOf(f.geometry);
    return [...keys.map((k) => f.properties?.[k] ?? null), c ? Math.round(c[0] * 1e7) / 1e7 : null, c ? Math.round(c[1] * 1e7) / 1e7 : null];
  });
  return { header, rows };
}
