import { PARENT_LAYER, STATION_OWNED, type LayerName } from '../domain/layers.ts';
import { RESERVED_PROPS } from '../store/features.ts';
import type { FieldMapping } from './types.ts';

/**
 * The attribute mapping of an import: which source field feeds code, name, parent code and
 * station code. When the user sends none it is guessed from common field names (ours, the
 * usual Chinese ones, pinyin abbreviations, and the names our own export writes, including
 * their 10-character Shapefile forms).
 */

const CANDIDATES: Record<keyof FieldMapping, string[]> = {
  code: ['code', '编码', '代码', '编号', '网格编码', '区划代码', '行政区划代码', 'bm', 'dm', 'wgbm', 'adcode', 'id_code'],
  name: ['name', '名称', '网格名称', 'mc', 'wgmc', 'title'],
  parent: [
    'parent_code',
    'parent_cod',
    'parentcode',
    'parent',
    '上级编码',
    '上级代码',
    '所属社区编码',
    '社区编码',
    '所属网格编码',
    'sqbm',
    'sjbm',
    'parent_adcode',
  ],
  station: ['station_code', 'station_co', 'stationcode', 'station', '派出所编码', '派出所代码', '所属派出所', 'pcsbm', 'pcs'],
};

/** Fields our export adds that are not feature attributes (never copied into props). */
export const EXPORT_META_FIELDS = ['id', 'layer', 'version', 'updated_at', 'parent_code', 'parent_cod', 'station_code', 'station_co', 'centroid_lon', 'centroid_lat'];

function pick(fields: string[], names: string[], taken: Set<string>): string | null {
  const lower = new Map(fields.map((f) => [f.trim().toLowerCase(), f] as const));
  for (const n of names) {
    const hit = lower.get(n.toLowerCase());
    if (hit !== undefined && !taken.has(hit)) return hit;
  }
  return null;
}

/**
 * Guesses the mapping from the source's field names. Parent is guessed only for layers that
 * have a parent layer, station only for station-owned layers.
 */
export function guessMapping(layer: LayerName, fields: string[]): FieldMapping {
  const taken = new Set<string>();
  const take = (k: keyof FieldMapping): string | null => {
    const f = pick(fields, CANDIDATES[k], taken);
    if (f !== null) taken.add(f);
    return f;
  };
  const code = take('code');
  const name = take('name');
  const parent = PARENT_LAYER[layer] ? take('parent') : null;
  const station = STATION_OWNED.has(layer) ? take('station') : null;
  return { code, name, parent, station };
}

/** A source attribute as trimmed text (numbers as written, e.g. 220502), or null when empty. */
export function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

/** The mapped values of one feature, and its remaining attributes (the feature's props). */
export function applyMapping(
  mapping: FieldMapping,
  properties: Record<string, unknown>,
  /** more fields that are not attributes (the lon/lat columns of a table) */
  exclude: readonly string[] = [],
): { code: string | null; name: string | null; parent: string | null; station: string | null; props: Record<string, unknown> } {
  const get = (f: string | null) => (f === null ? null : textOf(properties[f]));
  const used = new Set<string>([mapping.code, mapping.name, mapping.parent, mapping.station, ...exclude].filter((x): x is string => x !== null));
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(properties)) {
    if (used.has(k) || EXPORT_META_FIELDS.includes(k) || (RESERVED_PROPS as readonly string[]).includes(k)) continue;
    if (v === undefined) continue;
    props[k] = v;
  }
  return { code: get(mapping.code), name: get(mapping.name), parent: get(mapping.parent), station: get(mapping.station), props };
}

/** Checks that every mapped field exists in the source; returns the unknown ones. */
export function unknownMappedFields(mapping: FieldMapping, fields: string[]): string[] {
  return Object.values(mapping).filter((f): f is string => f !== null && !fields.includes(f));
}
