/**
 * Named, grouped and scoped views of the warm index: the rows of the grids and zones with
 * codes and places, the station each grid belongs to, summaries (CLI shape) and scores per
 * station / township / county / city, and the mismatch polygons sorted by severity.
 */
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';
import { scoreByGroups, type AlignmentSummary, type FeatureId, type GridRow, type GroupScore, type MismatchProps, type ZoneRow } from '../alignment/index.ts';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { loadMeta, type AlignmentMeta } from './load.ts';
import { warmIndex, type WarmIndex } from './state.ts';

/** A scope: the whole city, one county (by code) or one police station (by id). */
export interface Scope {
  county?: string;
  station?: number;
}

/** The warm index with its names and groups. */
export interface AlignmentView {
  layer: PoliceZoneLayer;
  w: WarmIndex;
  meta: AlignmentMeta;
  grids: GridRow[];
  zones: ZoneRow[];
  /** grid id → owning station id: the station of the zone holding most of it, else the station whose area holds it */
  gridStation: Map<FeatureId, number | null>;
}

function geometryBbox(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0] as number, y = c[1] as number;
      if (x < b[0]) b[0] = x; if (y < b[1]) b[1] = y; if (x > b[2]) b[2] = x; if (y > b[3]) b[3] = y;
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if ('coordinates' in g) walk(g.coordinates);
  return b;
}

/** The station whose area holds a point inside the grid (null when none). */
function stationByArea(meta: AlignmentMeta, geometry: Geometry | null): number | null {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return null;
  const p = pointOnFeature(geometry).geometry.coordinates;
  for (const s of meta.stations.values()) {
    if (!s.geometry) continue;
    const b = s.bbox ?? geometryBbox(s.geometry);
    if (p[0] < b[0] || p[0] > b[2] || p[1] < b[1] || p[1] > b[3]) continue;
    if (booleanPointInPolygon(p, s.geometry)) return s.id;
  }
  return null;
}

const cache = new WeakMap<Db, Map<PoliceZoneLayer, { key: string; view: AlignmentView }>>();

/**
 * Builds the view of a layer (warming its index when needed). Cached until the next change
 * (keyed by the index's state token and the last change id), so repeated reads are cheap.
 */
export function alignmentView(db: Db, layer: PoliceZoneLayer): AlignmentView {
  const w = warmIndex(db, layer);
  const last = (db.prepare('SELECT max(id) AS m FROM changes').get() as { m: number | null }).m ?? 0;
  const key = `${w.token}:${last}`;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(layer);
  if (hit && hit.key === key && hit.view.w === w) return hit.view;
  const view = buildView(db, layer, w);
  perDb.set(layer, { key, view });
  return view;
}

function buildView(db: Db, layer: PoliceZoneLayer, w: WarmIndex): AlignmentView {
  const meta = loadMeta(db, layer);
  const grids: GridRow[] = [];
  const gridStation = new Map<FeatureId, number | null>();
  for (let g = 0; g < w.ix.gridShapes.length; g++) {
    const r = w.ix.gridRow(g);
    if (!r) continue;
    grids.push(r);
    const zone = r.dominantZoneId !== null ? meta.zones.get(Number(r.dominantZoneId)) : undefined;
    gridStation.set(r.id, zone ? zone.stationId : stationByArea(meta, w.ix.gridGeometries[g]));
  }
  const zones: ZoneRow[] = [];
  for (let z = 0; z < w.ix.zoneShapes.length; z++) {
    const r = w.ix.zoneRow(z);
    if (r) zones.push(r);
  }
  return { layer, w, meta, grids, zones, gridStation };
}

/** Predicates of a scope. */
export function scopeFilter(v: AlignmentView, scope: Scope): { grid: (id: FeatureId) => boolean; zone: (id: FeatureId) => boolean } {
  if (scope.station !== undefined) {
    const s = scope.station;
    return { grid: (id) => v.gridStation.get(id) === s, zone: (id) => v.meta.zones.get(Number(id))?.stationId === s };
  }
  if (scope.county !== undefined) {
    const k = scope.county;
    return {
      grid: (id) => v.meta.grids.get(Number(id))?.countyCode === k,
      zone: (id) => {
        const st = v.meta.zones.get(Number(id))?.stationId;
        return st !== null && st !== undefined && v.meta.stations.get(st)?.countyCode === k;
      },
    };
  }
  return { grid: () => true, zone: () => true };
}

/** The mismatch polygons of a scope (and bbox), largest first, with codes for display. */
export function scopedMismatches(
  v: AlignmentView,
  scope: Scope,
  bbox?: [number, number, number, number],
): FeatureCollection<Polygon, MismatchProps & { layer: PoliceZoneLayer; key: string; gridCode: string | null; zoneCodes: string[]; bbox: number[] }> {
  const f = scopeFilter(v, scope);
  const features: Feature<Polygon, MismatchProps & { layer: PoliceZoneLayer; key: string; gridCode: string | null; zoneCodes: string[]; bbox: number[] }>[] = [];
  for (const m of v.w.ix.mismatches()) {
    const p = m.properties;
    const inScope = p.gridId !== null ? f.grid(p.gridId) || p.zoneIds.some(f.zone) : p.zoneIds.some(f.zone);
    if (!inScope) continue;
    const b = geometryBbox(m.geometry);
    if (bbox && (b[2] < bbox[0] || b[0] > bbox[2] || b[3] < bbox[1] || b[1] > bbox[3])) continue;
    features.push({
      type: 'Feature',
      geometry: m.geometry,
      properties: {
        ...p,
        layer: v.layer,
        key: `${p.kind}:${p.gridId ?? ''}:${p.zoneIds.join('+')}:${b.map((x) => x.toFixed(6)).join(',')}`,
        gridCode: p.gridId !== null ? (v.meta.grids.get(Number(p.gridId))?.code ?? null) : null,
        zoneCodes: p.zoneIds.map((z) => v.meta.zones.get(Number(z))?.code ?? String(z)),
        bbox: b,
      },
    });
  }
  features.sort((a, b) => b.properties.areaM2 - a.properties.areaM2 || a.properties.key.localeCompare(b.properties.key));
  return { type: 'FeatureCollection', features };
}

/** The CLI-shaped summary of a scope. */
export function scopedSummary(v: AlignmentView, scope: Scope): AlignmentSummary {
  const f = scopeFilter(v, scope);
  const grids = { count: 0, aligned: 0, split: 0, partial: 0, uncovered: 0 };
  for (const r of v.grids) if (f.grid(r.id)) { grids.count++; grids[r.status]++; }
  const police = { count: 0, aligned: 0, overhangM2: 0, overlapM2: 0 };
  for (const r of v.zones) {
    if (!f.zone(r.id)) continue;
    police.count++;
    if (r.aligned) police.aligned++;
    police.overhangM2 += r.overhangM2;
    for (const o of r.overlaps) police.overlapM2 += f.zone(o.zoneId) ? o.areaM2 / 2 : o.areaM2;
  }
  const ms = scopedMismatches(v, scope).features;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    grids,
    police: { ...police, overhangM2: round(police.overhangM2), overlapM2: round(police.overlapM2) },
    mismatch: { count: ms.length, areaM2: round(ms.reduce((s, m) => s + m.properties.areaM2, 0)) },
    score: grids.count ? grids.aligned / grids.count : 0,
  };
}

/** A score with the group's name. */
export interface NamedScore extends GroupScore {
  /** station id for station groups */
  id?: number;
  code: string;
  name: string;
}

/** Scores (share of grids aligned) per station, township, county and for the city, within a scope. */
export function scopedScores(v: AlignmentView, scope: Scope): { city: NamedScore[]; county: NamedScore[]; township: NamedScore[]; station: NamedScore[] } {
  const f = scopeFilter(v, scope);
  const rows = v.grids.filter((r) => f.grid(r.id));
  const station = new Map<FeatureId, string>();
  const township = new Map<FeatureId, string>();
  const county = new Map<FeatureId, string>();
  const names = new Map<string, { name: string; id?: number }>();
  for (const r of rows) {
    const m = v.meta.grids.get(Number(r.id));
    const st = v.gridStation.get(r.id);
    const sm = st !== null && st !== undefined ? v.meta.stations.get(st) : undefined;
    if (sm) { station.set(r.id, sm.code); names.set(`s:${sm.code}`, { name: sm.name, id: sm.id }); }
    if (m?.townshipCode) { township.set(r.id, m.townshipCode); names.set(`t:${m.townshipCode}`, { name: m.townshipName ?? m.townshipCode }); }
    if (m?.countyCode) { county.set(r.id, m.countyCode); names.set(`k:${m.countyCode}`, { name: m.countyName ?? m.countyCode }); }
  }
  const s = scoreByGroups(rows, { station, township, county });
  const name = (prefix: string) => (g: GroupScore): NamedScore => {
    const n = names.get(`${prefix}:${g.group}`);
    return { ...g, code: g.group, name: n?.name ?? g.group, ...(n?.id !== undefined ? { id: n.id } : {}) };
  };
  return {
    city: s.city.map((g) => ({ ...g, code: 'city', name: 'city' })),
    county: s.county.map(name('k')),
    township: s.township.map(name('t')),
    station: s.station.map(name('s')),
  };
}
