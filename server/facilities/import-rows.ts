import type { FacilityStatus } from '../domain/layers.ts';
import type { CsvRecord } from './csv.ts';
import { CONTROL_CHARS } from '../layers/schemas.ts';

/** One problem with one CSV row. */
export interface RowError {
  /** line of the CSV file (the header is line 1) */
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** A row that passed every check, ready to become a create op. */
export interface FacilityRow {
  row: number;
  layer: 'police-rooms' | 'police-posts';
  code: string;
  name: string;
  lon: number;
  lat: number;
  parentId: number;
  stationId: number | null;
  props: { status: FacilityStatus } & Record<string, unknown>;
}

/** How the importer looks things up (the database in the route, plain maps in tests). */
export interface FacilityLookup {
  /** a live community (rooms) or grid (posts) by code */
  unitByCode(layer: 'communities' | 'grids', code: string): { id: number; code: string } | undefined;
  /** the live community or grid containing the point */
  unitAt(layer: 'communities' | 'grids', lon: number, lat: number): { id: number; code: string } | undefined;
  stationByCode(code: string): { id: number } | undefined;
  stationAt(lon: number, lat: number): { id: number } | undefined;
  /** a live feature of the layer already uses the code */
  codeTaken(layer: 'police-rooms' | 'police-posts', code: string): boolean;
}

/** Accepted header names (lower-cased) for each field. */
const COLUMNS: Record<string, string[]> = {
  lon: ['lon', 'lng', 'longitude', 'x', '经度'],
  lat: ['lat', 'latitude', 'y', '纬度'],
  code: ['code', '编码', '编号'],
  name: ['name', '名称'],
  type: ['type', 'kind', '类型'],
  status: ['status', '状态'],
  parent: ['parent', 'parent_code', 'community', 'grid', '所属社区', '所属网格', '所属单位'],
  station: ['station', 'station_code', '派出所'],
  openedOn: ['opened_on', 'openedon', 'opening_date', '启用日期', '建成日期'],
  staffing: ['staffing', 'staff', 'staff_count', '人员', '驻勤人数'],
};
const REQUIRED = ['lon', 'lat', 'code', 'name', 'type'];

const TYPES: Record<string, 'police-rooms' | 'police-posts'> = {
  room: 'police-rooms', 'police-room': 'police-rooms', 'police-rooms': 'police-rooms', 警务室: 'police-rooms',
  post: 'police-posts', 'police-post': 'police-posts', 'police-posts': 'police-posts', station: 'police-posts', 警务站: 'police-posts', 警务岗: 'police-posts', '警务站/岗': 'police-posts',
};
const STATUSES: Record<string, FacilityStatus> = {
  planned: 'planned', 规划: 'planned', 计划: 'planned', 规划中: 'planned',
  built: 'built', 已建: 'built', 已建成: 'built', 建成: 'built',
  staffed: 'staffed', 已配人员: 'staffed', 有人员: 'staffed', 已入驻: 'staffed',
};

/** Maps header names to field names; errors for missing required columns. */
export function readHeader(header: CsvRecord): { index: Record<string, number>; errors: RowError[]; extra: { name: string; at: number }[] } {
  const index: Record<string, number> = {};
  const extra: { name: string; at: number }[] = [];
  header.fields.forEach((h, at) => {
    const name = h.trim().toLowerCase();
    const field = Object.keys(COLUMNS).find((f) => COLUMNS[f].includes(name));
    if (field && index[field] === undefined) index[field] = at;
    else if (name) extra.push({ name: h.trim(), at });
  });
  const errors = REQUIRED.filter((f) => index[f] === undefined).map((f) => ({
    row: header.line,
    column: f,
    value: null,
    message: `missing column "${f}" (accepted names: ${COLUMNS[f].join(', ')})`,
  }));
  return { index, errors, extra };
}

/**
 * Checks every data row and turns the good ones into FacilityRows. A room belongs to the
 * community containing its point, a post to the grid containing it (or the `parent` code
 * column, which must then agree with the point); the station is the `station` code or the
 * station whose jurisdiction contains the point. Unknown columns become props.
 */
export function checkFacilityRows(records: CsvRecord[], lookup: FacilityLookup): { rows: FacilityRow[]; errors: RowError[] } {
  if (records.length === 0) return { rows: [], errors: [{ row: 1, column: null, value: null, message: 'the file is empty: expected a header line and data rows' }] };
  const { index, errors: headerErrors, extra } = readHeader(records[0]);
  if (headerErrors.length) return { rows: [], errors: headerErrors };
  const rows: FacilityRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const get = (f: string) => (index[f] === undefined ? '' : (rec.fields[index[f]] ?? '').trim());
    const err = (column: string | null, message: string) => errors.push({ row: rec.line, column, value: column ? get(column) : null, message });
    const before = errors.length;
    // more cells than header columns: usually an unquoted comma that shifted the columns
    const surplus = rec.fields.slice(records[0].fields.length).filter((v) => v.trim() !== '');
    if (surplus.length) err(null, `the row has ${rec.fields.length} cells but the header has ${records[0].fields.length} columns (an unquoted comma?)`);
    const lon = Number(get('lon'));
    const lat = Number(get('lat'));
    if (get('lon') === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) err('lon', 'lon must be a longitude in degrees (-180..180)');
    if (get('lat') === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) err('lat', 'lat must be a latitude in degrees (-90..90)');
    const code = get('code');
    const name = get('name');
    if (!code) err('code', 'code is empty');
    else if (code.length > 40) err('code', 'code is longer than 40 characters');
    else if (CONTROL_CHARS.test(code)) err('code', 'code contains control characters');
    if (!name) err('name', 'name is empty');
    else if (CONTROL_CHARS.test(name)) err('name', 'name contains control characters');
    else if (name.length > 200) err('name', 'name is longer than 200 characters'); // as POST /api/layers (LIMITS.nameChars)
    const layer = TYPES[get('type').toLowerCase()];
    if (!layer) err('type', `type must be room (警务室) or post (警务站/警务岗)`);
    const rawStatus = get('status');
    const status = rawStatus === '' ? 'planned' : STATUSES[rawStatus.toLowerCase()];
    if (!status) err('status', 'status must be planned (规划), built (已建成) or staffed (已配人员)');
    const openedOn = get('openedOn');
    if (openedOn && !/^\d{4}-\d{2}-\d{2}$/.test(openedOn)) err('openedOn', 'opening date must be YYYY-MM-DD');
    if (errors.length > before || !layer) continue;

    const key = `${layer}:${code}`;
    if (seen.has(key)) {
      err('code', `code ${code} appears twice in the file (first on line ${seen.get(key)})`);
      continue;
    }
    seen.set(key, rec.line);
    if (lookup.codeTaken(layer, code)) {
      err('code', `a ${layer === 'police-rooms' ? 'police room' : 'police post'} with code ${code} already exists`);
      continue;
    }
    const unitLayer = layer === 'police-rooms' ? 'communities' : 'grids';
    const unitWord = unitLayer === 'communities' ? 'community' : 'grid';
    const at = lookup.unitAt(unitLayer, lon, lat);
    let parent = at;
    const parentCode = get('parent');
    if (parentCode) {
      const named = lookup.unitByCode(unitLayer, parentCode);
      if (!named) {
        err('parent', `no ${unitWord} with code ${parentCode}`);
        continue;
      }
      if (!at || at.id !== named.id) {
        err('parent', `the point (${lon}, ${lat}) lies ${at ? `in ${unitWord} ${at.code}` : `in no ${unitWord}`}, not in ${unitWord} ${parentCode}`);
        continue;
      }
      parent = named;
    }
    if (!parent) {
      err('lon', `the point (${lon}, ${lat}) lies in no ${unitWord} of the city`);
      continue;
    }
    let stationId: number | null = null;
    const stationCode = get('station');
    if (stationCode) {
      const s = lookup.stationByCode(stationCode);
      if (!s) {
        err('station', `no police station with code ${stationCode}`);
        continue;
      }
      stationId = s.id;
    } else stationId = lookup.stationAt(lon, lat)?.id ?? null;

    const props: FacilityRow['props'] = { status };
    if (openedOn) props.openedOn = openedOn;
    const staffing = get('staffing');
    if (staffing) props.staffing = /^\d+$/.test(staffing) ? Number(staffing) : staffing;
    for (const x of extra) {
      const v = (rec.fields[x.at] ?? '').trim();
      if (v && !(x.name in props)) props[x.name] = v;
    }
    rows.push({ row: rec.line, layer, code, name, lon, lat, parentId: parent.id, stationId, props });
  }
  if (records.length === 1) errors.push({ row: 1, column: null, value: null, message: 'the file has a header but no data rows' });
  return { rows, errors };
}
