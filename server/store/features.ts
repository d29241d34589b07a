import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import { POINT_LAYERS, type LayerName } from '../domain/layers.ts';
import { geometryBbox, tidyBbox, type BBox } from './bbox.ts';
import { stmt } from '../db/statements.ts';

/**
 * The only code that writes SQL for features. Geometry is stored as GeoJSON text and its
 * bbox in features_rtree (same id); every write here keeps the two in sync.
 */

/** A features row joined with its R*Tree bbox (bbox null for retired features). */
export interface FeatureRow {
  id: number;
  layer: LayerName;
  code: string;
  name: string;
  parent_id: number | null;
  station_id: number | null;
  props: string;
  geometry: string;
  /** exact bbox JSON text */
  bbox: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
}

/** A full, parsed image of a feature: what revisions store as before/after. */
export interface FeatureImage {
  id: number;
  layer: LayerName;
  code: string;
  name: string;
  parentId: number | null;
  stationId: number | null;
  props: Record<string, unknown>;
  geometry: Geometry;
  version: number;
  retiredAt: string | null;
}

/** Fields of a new feature. */
export interface NewFeature {
  layer: LayerName;
  code: string;
  name: string;
  parentId?: number | null;
  stationId?: number | null;
  props?: Record<string, unknown>;
  geometry: Geometry;
}

/** Fields an update may change (absent = unchanged). */
export interface FeaturePatch {
  code?: string;
  name?: string;
  parentId?: number | null;
  stationId?: number | null;
  props?: Record<string, unknown>;
  geometry?: Geometry;
}

/** Property names the server owns; they are stripped from user props. */
export const RESERVED_PROPS = ['code', 'name', 'layer', 'parentId', 'stationId', 'version', 'retiredAt'] as const;

const SELECT = `SELECT f.id, f.layer, f.code, f.name, f.parent_id, f.station_id, f.props, f.geometry, f.bbox, f.version,
  f.created_at, f.updated_at, f.retired_at, r.minx, r.miny, r.maxx, r.maxy`;

/** The columns a layer listing needs (no R*Tree join: the exact bbox is stored on the row). */
const LIST_SELECT = `SELECT f.id, f.layer, f.code, f.name, f.parent_id, f.station_id, f.props, f.geometry, f.bbox, f.version,
  f.created_at, f.updated_at, f.retired_at, NULL AS minx, NULL AS miny, NULL AS maxx, NULL AS maxy`;

/** Removes server-owned keys from props. */
export function cleanProps(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(props ?? {}) };
  for (const k of RESERVED_PROPS) delete out[k];
  return out;
}

/** One feature row by id (live or retired), or undefined. */
export function getFeatureRow(db: Db, id: number): FeatureRow | undefined {
  return stmt(db, `${SELECT} FROM features f LEFT JOIN features_rtree r ON r.id = f.id WHERE f.id = ?`).get(id) as
    | FeatureRow
    | undefined;
}

/**
 * Serialises a row to RFC 7946 Feature JSON text by splicing the stored GeoJSON and props
 * text (no parse/stringify of geometry).
 */
export function featureRowJson(row: FeatureRow): string {
  let head = `{"type":"Feature","id":${row.id}`;
  if (!POINT_LAYERS.has(row.layer)) {
    if (row.bbox) head += `,"bbox":${row.bbox}`;
    else if (row.minx !== null) head += `,"bbox":${JSON.stringify(tidyBbox(row.minx, row.miny!, row.maxx!, row.maxy!))}`;
  }
  const props =
    `{"code":${JSON.stringify(row.code)},"name":${JSON.stringify(row.name)},"layer":"${row.layer}",` +
    `"parentId":${row.parent_id ?? 'null'},"stationId":${row.station_id ?? 'null'},"version":${row.version}` +
    (row.retired_at ? `,"retiredAt":${JSON.stringify(row.retired_at)}` : '');
  const extra = row.props.trim();
  const rest = extra === '{}' || extra === '' ? '}' : `,${extra.slice(1)}`;
  return `${head},"geometry":${row.geometry},"properties":${props}${rest}}`;
}

/** A row as a parsed Feature object (for single-feature responses and hooks). */
export function featureRowToFeature(row: FeatureRow): Feature {
  return JSON.parse(featureRowJson(row)) as Feature;
}

/** A row as a full image for revisions. */
export function featureRowToImage(row: FeatureRow): FeatureImage {
  return {
    id: row.id,
    layer: row.layer,
    code: row.code,
    name: row.name,
    parentId: row.parent_id,
    stationId: row.station_id,
    props: JSON.parse(row.props) as Record<string, unknown>,
    geometry: JSON.parse(row.geometry) as Geometry,
    version: row.version,
    retiredAt: row.retired_at,
  };
}

/** The live feature as a Feature object, or undefined (retired or absent). */
export function getFeature(db: Db, id: number): Feature | undefined {
  const row = getFeatureRow(db, id);
  return row && !row.retired_at ? featureRowToFeature(row) : undefined;
}

/** Filters for queryLayer. */
export interface LayerQuery {
  bbox?: BBox;
  /** county code: only features under that county (by parent chain or owning station) */
  county?: string;
  /** station id: only features owned by that station (and the station itself) */
  station?: number;
}

/** The SQL of a layer query (filters of {@link LayerQuery}) selecting `columns`, and its parameters. */
function layerQuerySql(layer: LayerName, q: LayerQuery, columns: 'rows' | 'versions'): { sql: string; params: unknown[] } {
  const where: string[] = ['f.layer = ?', 'f.retired_at IS NULL'];
  const params: unknown[] = [layer];
  let from = 'FROM features f';
  if (q.bbox) {
    from = 'FROM features_rtree r CROSS JOIN features f ON f.id = r.id';
    where.unshift('r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?');
    params.unshift(q.bbox[0], q.bbox[2], q.bbox[1], q.bbox[3]);
  }
  let cte = '';
  const cteParams: unknown[] = [];
  if (q.county !== undefined) {
    cte = `WITH RECURSIVE under_county(id) AS (
      SELECT id FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL
      UNION SELECT c.id FROM features c JOIN under_county u ON c.parent_id = u.id
      UNION SELECT s.id FROM features s JOIN under_county u ON s.station_id = u.id) `;
    cteParams.push(q.county);
    where.push('f.id IN (SELECT id FROM under_county)');
  }
  if (q.station !== undefined) {
    where.push('(f.station_id = ? OR f.id = ?)');
    params.push(q.station, q.station);
  }
  const select = columns === 'versions' ? 'SELECT f.id, f.version' : q.bbox ? SELECT : LIST_SELECT;
  return { sql: `${cte}${select} ${from} WHERE ${where.join(' AND ')} ORDER BY f.id`, params: [...cteParams, ...params] };
}

function layerRows(db: Db, layer: LayerName, q: LayerQuery): FeatureRow[] {
  const { sql, params } = layerQuerySql(layer, q, 'rows');
  return stmt(db, sql).all(...params) as FeatureRow[];
}

/** Feature JSON by id, valid for one version (every write bumps the version). */
const fragments = new WeakMap<Db, Map<number, { version: number; json: string }>>();
/** Bound of the fragment cache (the demo city has ~11k features, ~11 MB of JSON). */
const MAX_FRAGMENTS = 100_000;

/**
 * Features of a bbox query as JSON text, reusing each feature's JSON while its version is
 * unchanged: panning asks a new bbox on every move, and re-reading and re-splicing the same
 * features' geometry text was most of its cost; only the R*Tree lookup of ids and versions is
 * done per request.
 */
function bboxFragments(db: Db, layer: LayerName, q: LayerQuery): string[] {
  const { sql, params } = layerQuerySql(layer, q, 'versions');
  const hits = stmt(db, sql).all(...params) as { id: number; version: number }[];
  let cache = fragments.get(db);
  if (!cache) fragments.set(db, (cache = new Map()));
  if (cache.size > MAX_FRAGMENTS) cache.clear();
  const parts = new Array<string>(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const { id, version } = hits[i];
    const known = cache.get(id);
    if (known && known.version === version) {
      parts[i] = known.json;
      continue;
    }
    const json = featureRowJson(getFeatureRow(db, id)!);
    cache.set(id, { version, json });
    parts[i] = json;
  }
  return parts;
}

/** Live features of a layer (optionally filtered) as Feature objects. */
export function queryLayerFeatures(db: Db, layer: LayerName, q: LayerQuery = {}): Feature[] {
  return layerRows(db, layer, q).map(featureRowToFeature);
}

/**
 * A layer as FeatureCollection JSON text, spliced from the stored GeoJSON text: fast for
 * the 10,000-feature grids layer (no per-feature geometry parse).
 */
export function queryLayer(db: Db, layer: LayerName, q: LayerQuery = {}): { json: string; count: number } {
  let parts: string[];
  if (q.bbox) parts = bboxFragments(db, layer, q);
  else {
    const rows = layerRows(db, layer, q);
    parts = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) parts[i] = featureRowJson(rows[i]);
  }
  return { json: `{"type":"FeatureCollection","features":[${parts.join(',')}]}`, count: parts.length };
}

/** Ids of live features whose bbox intersects `bbox` (optionally of some layers). */
export function idsInBbox(db: Db, bbox: BBox, layers?: LayerName[]): number[] {
  const layerSql = layers && layers.length ? ` AND f.layer IN (${layers.map(() => '?').join(',')})` : '';
  return (
    stmt(db, 
        `SELECT f.id FROM features_rtree r CROSS JOIN features f ON f.id = r.id
         WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? AND f.retired_at IS NULL${layerSql}`,
      )
      .all(bbox[0], bbox[2], bbox[1], bbox[3], ...(layers ?? [])) as { id: number }[]
  ).map((r) => r.id);
}

/** Live rows of given layers whose bbox intersects `bbox`. */
export function rowsInBbox(db: Db, bbox: BBox, layers: LayerName[]): FeatureRow[] {
  return stmt(db, 
      `${SELECT} FROM features_rtree r CROSS JOIN features f ON f.id = r.id
       WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? AND f.retired_at IS NULL
       AND f.layer IN (${layers.map(() => '?').join(',')}) ORDER BY f.id`,
    )
    .all(bbox[0], bbox[2], bbox[1], bbox[3], ...layers) as FeatureRow[];
}

/** Live rows matching a column condition (small helper for related-record lookups). */
export function rowsWhere(db: Db, column: 'parent_id' | 'station_id', id: number, layers?: LayerName[]): FeatureRow[] {
  const layerSql = layers && layers.length ? ` AND f.layer IN (${layers.map(() => '?').join(',')})` : '';
  return stmt(db, 
      `${SELECT} FROM features f LEFT JOIN features_rtree r ON r.id = f.id
       WHERE f.${column} = ? AND f.retired_at IS NULL${layerSql} ORDER BY f.layer, f.code`,
    )
    .all(id, ...(layers ?? [])) as FeatureRow[];
}

/** The live feature of a layer with a code, if any. */
export function findLiveByCode(db: Db, layer: LayerName, code: string): { id: number } | undefined {
  return stmt(db, 'SELECT id FROM features WHERE layer = ? AND code = ? AND retired_at IS NULL').get(layer, code) as
    | { id: number }
    | undefined;
}

function putRtree(db: Db, id: number, b: BBox): void {
  stmt(db, 'INSERT OR REPLACE INTO features_rtree(id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)').run(
    id,
    b[0],
    b[2],
    b[1],
    b[3],
  );
}

/** Inserts a feature (version 1) and its bbox; returns the new id. Call inside a transaction. */
export function insertFeature(db: Db, f: NewFeature, now: string): number {
  const b = geometryBbox(f.geometry);
  const info = stmt(db, 
      `INSERT INTO features(layer, code, name, parent_id, station_id, props, geometry, bbox, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    .run(
      f.layer,
      f.code,
      f.name,
      f.parentId ?? null,
      f.stationId ?? null,
      JSON.stringify(cleanProps(f.props)),
      JSON.stringify(f.geometry),
      JSON.stringify(b),
      now,
      now,
    );
  const id = Number(info.lastInsertRowid);
  putRtree(db, id, b);
  return id;
}

/** Applies a patch, bumps the version, keeps the bbox in sync. Call inside a transaction. */
export function updateFeature(db: Db, id: number, patch: FeaturePatch, now: string): void {
  const sets: string[] = ['version = version + 1', 'updated_at = ?'];
  const params: unknown[] = [now];
  if (patch.code !== undefined) sets.push('code = ?'), params.push(patch.code);
  if (patch.name !== undefined) sets.push('name = ?'), params.push(patch.name);
  if (patch.parentId !== undefined) sets.push('parent_id = ?'), params.push(patch.parentId);
  if (patch.stationId !== undefined) sets.push('station_id = ?'), params.push(patch.stationId);
  if (patch.props !== undefined) sets.push('props = ?'), params.push(JSON.stringify(cleanProps(patch.props)));
  const b = patch.geometry !== undefined ? geometryBbox(patch.geometry) : undefined;
  if (b) sets.push('geometry = ?', 'bbox = ?'), params.push(JSON.stringify(patch.geometry), JSON.stringify(b));
  stmt(db, `UPDATE features SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  if (b) putRtree(db, id, b);
}

/** Soft-deletes a feature: sets retired_at, bumps the version, removes its bbox. */
export function retireFeature(db: Db, id: number, now: string): void {
  stmt(db, 'UPDATE features SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(now, now, id);
  stmt(db, 'DELETE FROM features_rtree WHERE id = ?').run(id);
}

/** Brings a retired feature back with the given fields (a revert to a live image). */
export function restoreFeature(db: Db, id: number, patch: FeaturePatch, now: string): void {
  stmt(db, 'UPDATE features SET retired_at = NULL WHERE id = ?').run(id);
  const row = getFeatureRow(db, id)!;
  updateFeature(db, id, { ...patch, geometry: patch.geometry ?? (JSON.parse(row.geometry) as Geometry) }, now);
}

/** Live feature counts per layer. */
export function countByLayer(db: Db): Record<string, number> {
  const rows = stmt(db, 'SELECT layer, count(*) AS n FROM features WHERE retired_at IS NULL GROUP BY layer')
    .all() as { layer: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.layer, r.n]));
}
