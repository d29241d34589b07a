import type { Point } from 'geojson';
import { getJson, type BeatgridFeature } from '../../api/client.ts';

/** The two facility layers (警务室 police rooms, 警务站/岗 police posts). */
export type FacilityLayer = 'police-rooms' | 'police-posts';
export const FACILITY_LAYERS: FacilityLayer[] = ['police-rooms', 'police-posts'];
export type FacilityStatusValue = 'planned' | 'built' | 'staffed';
export const STATUSES: FacilityStatusValue[] = ['planned', 'built', 'staffed'];

/** The attributes the facility form edits. */
export interface FacilityFields {
  code: string;
  name: string;
  status: FacilityStatusValue;
  /** YYYY-MM-DD or '' */
  openedOn: string;
  /** whole number as text, or '' */
  staffCount: string;
  stationId: number | null;
}

/** One row of the CSV import report. */
export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** The answer of POST /api/facilities/import (also the details of its 422). */
export interface ImportReport {
  mode: 'all' | 'valid';
  dryRun: boolean;
  total: number;
  valid: number;
  imported: number;
  errors: ImportRowError[];
  created?: { row: number; id: number; layer: FacilityLayer; code: string }[];
}

function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Free-form props of a facility from the form (empty fields are sent as null). */
function propsOf(f: FacilityFields): Record<string, unknown> {
  return {
    code: f.code.trim(),
    name: f.name.trim(),
    stationId: f.stationId,
    status: f.status,
    openedOn: f.openedOn.trim() || null,
    staffCount: f.staffCount.trim() === '' ? null : Number(f.staffCount),
  };
}

/**
 * Facility writes through the generic layer routes (docs/API.md) and the CSV import route
 * (docs/coverage.md). Writes carry the reason; updates and deletes carry `If-Match`.
 */
export const facilityApi = {
  /** Creates a room or post at a point under its community / grid. */
  create: (layer: FacilityLayer, at: [number, number], parentId: number | null, fields: FacilityFields, reason: string) =>
    getJson<BeatgridFeature>(
      `/api/layers/${layer}`,
      json('POST', { type: 'Feature', geometry: { type: 'Point', coordinates: at } satisfies Point, properties: { ...propsOf(fields), parentId }, reason }),
    ),
  /**
   * Changes attributes. `keep` are the feature's current free-form props: the server replaces
   * the props with what is sent, so the ones the form does not edit are sent back unchanged.
   */
  update: (layer: FacilityLayer, id: number, version: number, keep: Record<string, unknown>, fields: FacilityFields, reason: string) =>
    getJson<BeatgridFeature>(`/api/layers/${layer}/${id}`, json('PUT', { properties: { ...keep, ...propsOf(fields) }, reason }, { 'If-Match': `"${version}"` })),
  /**
   * Moves the point; with `parentId` also re-links it to the unit now containing it (the
   * server replaces free-form props whenever properties are sent, so `keep` goes along).
   */
  move: (layer: FacilityLayer, id: number, version: number, at: [number, number], relink: { parentId: number | null; keep: Record<string, unknown> } | null, reason: string) =>
    getJson<BeatgridFeature>(
      `/api/layers/${layer}/${id}`,
      json(
        'PUT',
        { geometry: { type: 'Point', coordinates: at }, ...(relink ? { properties: { ...relink.keep, parentId: relink.parentId } } : {}), reason },
        { 'If-Match': `"${version}"` },
      ),
    ),
  /** Links the facility to another community / grid only (what civil affairs may change). */
  relink: (layer: FacilityLayer, id: number, version: number, parentId: number, keep: Record<string, unknown>, reason: string) =>
    getJson<BeatgridFeature>(`/api/layers/${layer}/${id}`, json('PUT', { properties: { ...keep, parentId }, reason }, { 'If-Match': `"${version}"` })),
  /** Retires (soft-deletes) the facility. */
  remove: (layer: FacilityLayer, id: number, version: number, reason: string) =>
    getJson<{ id: number; retired: boolean }>(`/api/layers/${layer}/${id}`, json('DELETE', { reason }, { 'If-Match': `"${version}"` })),
  /** Checks (dryRun) or imports a CSV file. */
  importCsv: (file: Blob, mode: 'all' | 'valid', dryRun: boolean, reason: string) => {
    const q = new URLSearchParams({ mode, dryRun: dryRun ? '1' : '0' });
    if (reason.trim()) q.set('reason', reason.trim());
    return getJson<ImportReport>(`/api/facilities/import?${q}`, { method: 'POST', headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: file });
  },
};

/** The form fields of an existing facility. */
export function fieldsOf(f: BeatgridFeature): FacilityFields {
  const p = f.properties;
  const status = STATUSES.includes(p.status as FacilityStatusValue) ? (p.status as FacilityStatusValue) : 'planned';
  return {
    code: p.code ?? '',
    name: p.name ?? '',
    status,
    openedOn: typeof p.openedOn === 'string' ? p.openedOn : '',
    staffCount: typeof p.staffCount === 'number' ? String(p.staffCount) : '',
    stationId: typeof p.stationId === 'number' ? p.stationId : null,
  };
}

const CORE = new Set(['code', 'name', 'layer', 'parentId', 'stationId', 'version', 'change']);

/** The free-form props of a feature (everything but the core fields). */
export function extraProps(f: BeatgridFeature): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f.properties).filter(([k]) => !CORE.has(k)));
}

/** A client-side check of the form before sending (the server checks again). Returns i18n keys. */
export function formProblems(f: FacilityFields): string[] {
  const out: string[] = [];
  if (!f.code.trim()) out.push('facilities.form.needCode');
  if (!f.name.trim()) out.push('facilities.form.needName');
  if (f.openedOn.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(f.openedOn.trim())) out.push('facilities.form.badDate');
  if (f.staffCount.trim() && !/^\d+$/.test(f.staffCount.trim())) out.push('facilities.form.badStaffCount');
  return out;
}
