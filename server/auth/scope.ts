import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';

/** Singular English name of a layer's feature, for messages ("beat 345"). */
export const LAYER_NOUN: Record<LayerName, string> = {
  counties: 'county',
  townships: 'township',
  communities: 'community',
  grids: 'grid',
  stations: 'police station',
  beats: 'beat',
  'aux-grids': 'aux-grid',
  'police-rooms': 'police room',
  'police-posts': 'police post',
};

interface Node {
  id: number;
  layer: LayerName;
  code: string;
  name: string;
  parent_id: number | null;
  station_id: number | null;
}

function node(db: Db, id: number): Node | undefined {
  return db.prepare('SELECT id, layer, code, name, parent_id, station_id FROM features WHERE id = ?').get(id) as Node | undefined;
}

/** What scope checks need to know about a feature (stored or proposed). */
export interface FeatureRef {
  id?: number;
  layer: LayerName;
  code?: string;
  parentId: number | null;
  stationId: number | null;
}

/**
 * The code of the county a feature lies in: up the parent chain (grid → community →
 * township → county; station → county; room → community; post → grid), falling back to the
 * owning station's county for beats and aux-grids. Null when it cannot be told.
 */
export function countyOf(db: Db, f: FeatureRef): string | null {
  if (f.layer === 'counties') return f.code ?? (f.id !== undefined ? (node(db, f.id)?.code ?? null) : null);
  let next: number | null = f.parentId ?? null;
  for (let depth = 0; next !== null && depth < 8; depth++) {
    const n = node(db, next);
    if (!n) break;
    if (n.layer === 'counties') return n.code;
    next = n.parent_id ?? n.station_id;
  }
  if (f.stationId !== null && f.stationId !== undefined) {
    const s = node(db, f.stationId);
    if (s?.parent_id) return countyOf(db, { layer: 'stations', parentId: s.parent_id, stationId: null });
  }
  return null;
}

/** countyOf for a stored feature id (null when absent). */
export function countyOfId(db: Db, id: number): string | null {
  const n = node(db, id);
  return n ? countyOf(db, { id: n.id, layer: n.layer, code: n.code, parentId: n.parent_id, stationId: n.station_id }) : null;
}

/** The stored feature as a FeatureRef, or undefined. */
export function featureRef(db: Db, id: number): (FeatureRef & { id: number; code: string; name: string }) | undefined {
  const n = node(db, id);
  return n && { id: n.id, layer: n.layer, code: n.code, name: n.name, parentId: n.parent_id, stationId: n.station_id };
}

/** Readable label of a county code: `county 220502 (东昌区)`. */
export function countyLabel(db: Db, code: string | null): string {
  if (code === null) return 'an unknown county';
  const r = db.prepare("SELECT name FROM features WHERE layer = 'counties' AND code = ?").get(code) as { name: string } | undefined;
  return r ? `county ${code} (${r.name})` : `county ${code}`;
}

/** Readable label of a feature: `beat B-0012 (id 345)`. */
export function featureLabel(f: FeatureRef): string {
  const noun = LAYER_NOUN[f.layer] ?? f.layer;
  if (f.id !== undefined && f.code) return `${noun} ${f.code} (id ${f.id})`;
  if (f.id !== undefined) return `${noun} ${f.id}`;
  return f.code ? `new ${noun} ${f.code}` : `a new ${noun}`;
}
