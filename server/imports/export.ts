import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { UNDER_COUNTY_CTE, canReadStation, readCounty } from '../auth/read-scope.ts';
import { userLabel } from '../auth/write-rules.ts';
import { BadRequestError, ForbiddenError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import { exportFeatures } from '../io/write.ts';
import type { ExportCrs, ExportFormat, ExportedFile } from '../io/types.ts';
import { RESERVED_PROPS } from '../store/features.ts';

/**
 * Export of a layer's live features (GET /api/layers/:layer/export): the user's read scope
 * (a county-scoped reader gets its county only), optional county / station / ids filters,
 * flattened to flat attribute rows (id, code, name, layer, parent_code, station_code,
 * version, updated_at, then the feature's own attributes) and written by server/io.
 */

/** The formats an export may ask for. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'shapefile', 'kml', 'csv', 'xlsx'];
/** The coordinate systems an export may ask for. */
export const EXPORT_CRS: readonly ExportCrs[] = ['wgs84', 'gcj02'];

/** The attributes every exported feature starts with (an import maps them back). */
export const EXPORT_BASE_FIELDS = ['id', 'code', 'name', 'layer', 'parent_code', 'station_code', 'version', 'updated_at'] as const;

/** The query of an export. */
export interface ExportQuery {
  format: ExportFormat;
  crs: ExportCrs;
  county: string | null;
  /** station code or id */
  station: string | null;
  ids: number[] | null;
}

/** Parses and checks the export query string (400 naming the bad parameter). */
export function parseExportQuery(q: (name: string) => string | undefined): ExportQuery {
  const format = (q('format') ?? 'geojson').toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadRequestError(`format must be one of ${EXPORT_FORMATS.join(', ')} (got "${format}")`, { format }, 'bad_format');
  }
  const crs = (q('crs') ?? 'wgs84').toLowerCase();
  if (!(EXPORT_CRS as readonly string[]).includes(crs)) {
    throw new BadRequestError(`crs must be wgs84 or gcj02 for export (got "${crs}")`, { crs }, 'bad_crs');
  }
  const idsRaw = q('ids');
  let ids: number[] | null = null;
  if (idsRaw !== undefined && idsRaw.trim() !== '') {
    const parts = idsRaw.split(',').map((s) => s.trim());
    const bad = parts.find((s) => !/^[1-9]\d{0,15}$/.test(s));
    if (bad !== undefined) throw new BadRequestError(`ids must be comma-separated feature ids (got "${bad}")`, { ids: idsRaw }, 'bad_ids');
    ids = parts.map(Number);
  }
  const county = q('county')?.trim() || null;
  const station = q('station')?.trim() || null;
  return { format: format as ExportFormat, crs: crs as ExportCrs, county, station, ids };
}

interface Row {
  id: number;
  code: string;
  name: string;
  props: string;
  geometry: string;
  version: number;
  updated_at: string;
  parent_code: string | null;
  station_code: string | null;
}

function stationIdOf(db: Db, codeOrId: string): number | null {
  const r = db.prepare("SELECT id FROM features WHERE layer = 'stations' AND (code = ? OR id = ?)").get(codeOrId, /^\d+$/.test(codeOrId) ? Number(codeOrId) : -1) as
    | { id: number }
    | undefined;
  return r?.id ?? null;
}

/** The live features an export of `layer` selects for `user`, flattened. */
export function exportRows(db: Db, user: User, layer: LayerName, q: ExportQuery): Feature<Geometry, Record<string, unknown>>[] {
  const county = readCounty(user) ?? q.county;
  const where = ['f.layer = ?', 'f.retired_at IS NULL'];
  const params: unknown[] = [layer];
  let cte = '';
  const cteParams: unknown[] = [];
  if (county !== null) {
    cte = UNDER_COUNTY_CTE;
    cteParams.push(county);
    where.push('f.id IN (SELECT id FROM under_county)');
  }
  if (q.station !== null) {
    const sid = stationIdOf(db, q.station);
    if (sid === null) throw new BadRequestError(`No police station with code ${q.station}`, { station: q.station }, 'unknown_station');
    if (!canReadStation(db, user, sid)) throw new ForbiddenError(`${userLabel(db, user)} cannot read station ${q.station}: it lies outside its county`, { station: q.station }, 'forbidden');
    where.push('f.station_id = ?');
    params.push(sid);
  }
  if (q.ids !== null) {
    where.push(`f.id IN (${q.ids.map(() => '?').join(',')})`);
    params.push(...q.ids);
  }
  const rows = db
    .prepare(
      `${cte}SELECT f.id, f.code, f.name, f.props, f.geometry, f.version, f.updated_at, p.code AS parent_code, s.code AS station_code
       FROM features f LEFT JOIN features p ON p.id = f.parent_id LEFT JOIN features s ON s.id = f.station_id
       WHERE ${where.join(' AND ')} ORDER BY f.id`,
    )
    .all(...cteParams, ...params) as Row[];
  return rows.map((r) => {
    const properties: Record<string, unknown> = {
      id: r.id,
      code: r.code,
      name: r.name,
      layer,
      parent_code: r.parent_code,
      station_code: r.station_code,
      version: r.version,
      updated_at: r.updated_at,
    };
    for (const [k, v] of Object.entries(JSON.parse(r.props) as Record<string, unknown>)) {
      // server-owned and internal keys never leave; a prop cannot shadow a base column
      if (k in properties || k.startsWith('_') || (RESERVED_PROPS as readonly string[]).includes(k)) continue;
      properties[k] = v;
    }
    return { type: 'Feature' as const, id: r.id, geometry: JSON.parse(r.geometry) as Geometry, properties };
  });
}

/** An ASCII file name for Content-Disposition: the writer's name (layer, date, crs) plus the selection (county, station, ids). */
export function exportFileName(q: ExportQuery, county: string | null, written: string): string {
  const m = /^(.*?)((?:\.[A-Za-z0-9]+)+)$/.exec(written);
  const base = m ? m[1] : written;
  const ext = m ? m[2] : `.${q.format}`;
  const parts = [base, county, q.station, q.ids ? 'selection' : null].filter((p): p is string => !!p);
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_')}${ext.replace(/[^A-Za-z0-9.]/g, '')}`;
}

/** Builds the export file of a layer for a user; `count` is the number of features in it. */
export async function exportLayer(db: Db, user: User, layer: LayerName, q: ExportQuery): Promise<ExportedFile & { count: number }> {
  const features = exportRows(db, user, layer, q);
  const file = await exportFeatures(q.format, { layer, features, crs: q.crs });
  return { ...file, count: features.length, filename: exportFileName(q, readCounty(user) ?? q.county, file.filename) };
}
