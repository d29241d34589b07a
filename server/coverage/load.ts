import type { Geometry, Point } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { StaffKind } from '../demo/types.ts';
import type { FacilityStatus } from '../domain/layers.ts';
import { analyseCoverage, type CoverageAnalysis } from './compute.ts';
import { areaM2, representativePoint, zonesCoveringGrids } from './geometry.ts';
import { maxRowid, readGridAlignment, readNotices } from './optional-tables.ts';
import { readCoverageSettings } from './settings.ts';
import type { AdminLayer, AdminUnit, CoverageInput, Facility, GridGeometry } from './types.ts';

interface Row {
  id: number;
  layer: string;
  code: string;
  name: string;
  parent_id: number | null;
  props: string;
  geometry: string;
}

const ADMIN: AdminLayer[] = ['counties', 'townships', 'communities', 'grids'];
const STATUSES = new Set<FacilityStatus>(['planned', 'built', 'staffed']);

/** Grid geometry facts are expensive (parse + area + point); keep them per (id, version). */
const gridFactCache = new WeakMap<Db, Map<number, { version: number; facts: GridGeometry }>>();

function gridFacts(db: Db, rows: (Row & { version: number })[]): GridGeometry[] {
  let cache = gridFactCache.get(db);
  if (!cache) gridFactCache.set(db, (cache = new Map()));
  const out: GridGeometry[] = [];
  for (const r of rows) {
    const hit = cache.get(r.id);
    if (hit && hit.version === r.version) {
      out.push(hit.facts);
      continue;
    }
    const g = JSON.parse(r.geometry) as Geometry;
    const kind = (JSON.parse(r.props) as { kind?: unknown }).kind;
    const facts: GridGeometry = {
      id: r.id,
      point: representativePoint(g),
      areaM2: areaM2(g),
      ...(kind === 'urban' ? { urban: true } : kind === 'rural' ? { urban: false } : {}),
    };
    cache.set(r.id, { version: r.version, facts });
    out.push(facts);
  }
  return out;
}

/**
 * Reads everything the coverage analysis needs from the database: live administrative units,
 * facilities (status from props.status; unknown → planned), stations, beats (with the grids
 * whose representative point they contain), live staff and assignments in force on `today`
 * (since ≤ today and no until, or until after today), notices and alignment when present.
 */
export function loadCoverageInput(db: Db, now = new Date().toISOString()): CoverageInput {
  const today = now.slice(0, 10);
  const rows = db
    .prepare(
      `SELECT id, layer, code, name, parent_id, props, geometry, version FROM features
       WHERE retired_at IS NULL AND layer IN ('counties','townships','communities','grids','stations','beats','police-rooms','police-posts')`,
    )
    .all() as (Row & { version: number })[];
  const units: AdminUnit[] = [];
  const facilities: Facility[] = [];
  const stations: CoverageInput['stations'] = [];
  const beatRows: (Row & { version: number })[] = [];
  const gridRows: (Row & { version: number })[] = [];
  for (const r of rows) {
    if ((ADMIN as string[]).includes(r.layer)) {
      units.push({ id: r.id, layer: r.layer as AdminLayer, code: r.code, name: r.name, parentId: r.parent_id });
      if (r.layer === 'grids') gridRows.push(r);
    } else if (r.layer === 'stations') stations.push({ id: r.id, countyId: r.parent_id });
    else if (r.layer === 'beats') beatRows.push(r);
    else {
      const props = JSON.parse(r.props) as { status?: unknown };
      const status = STATUSES.has(props.status as FacilityStatus) ? (props.status as FacilityStatus) : 'planned';
      const [lon, lat] = (JSON.parse(r.geometry) as Point).coordinates;
      facilities.push({ id: r.id, kind: r.layer === 'police-rooms' ? 'room' : 'post', code: r.code, name: r.name, parentId: r.parent_id, status, lon, lat });
    }
  }
  const gridGeometry = gridFacts(db, gridRows);
  const beats = zonesCoveringGrids(
    beatRows.map((b) => ({ id: b.id, geometry: JSON.parse(b.geometry) as Geometry })),
    gridGeometry,
  );
  const staff = (
    db.prepare('SELECT id, kind, code, name, unit_id, party_member FROM staff WHERE retired_at IS NULL').all() as {
      id: number; kind: StaffKind; code: string; name: string; unit_id: number | null; party_member: number;
    }[]
  ).map((s) => ({ id: s.id, kind: s.kind, code: s.code, name: s.name, unitId: s.unit_id, partyMember: s.party_member === 1 }));
  const assignments = (
    db
      .prepare('SELECT staff_id, role, target_id FROM assignments WHERE since <= ? AND (until IS NULL OR until > ?)')
      .all(today, today) as { staff_id: number; role: CoverageInput['assignments'][number]['role']; target_id: number }[]
  ).map((a) => ({ staffId: a.staff_id, role: a.role, targetId: a.target_id }));

  const parent = new Map(rows.map((r) => [r.id, r]));
  const countyOfFeature = (id: number): number | null => {
    let cur = parent.get(id);
    for (let i = 0; cur && i < 8; i++) {
      if (cur.layer === 'counties') return cur.id;
      cur = cur.parent_id !== null ? parent.get(cur.parent_id) : undefined;
    }
    return null;
  };
  return {
    units,
    facilities,
    stations,
    beats,
    staff,
    assignments,
    alignment: readGridAlignment(db),
    notices: readNotices(db, now, countyOfFeature),
    gridGeometry,
    settings: readCoverageSettings(db),
  };
}

/**
 * What changes whenever anything coverage depends on changes: the change log (every write of
 * features, staff and assignments goes through commit → a `changes` row), notices, alignment
 * results, the coverage settings, and the hour (assignments start and end by date).
 */
export function coverageCacheKey(db: Db, now = new Date().toISOString()): string {
  const settings = db.prepare("SELECT group_concat(key || '=' || value, ';') AS s FROM settings WHERE key LIKE 'coverage.%'").get() as {
    s: string | null;
  };
  const alignTables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%align%'").all() as { name: string }[]
  ).map((t) => maxRowid(db, t.name));
  // features, staff and assignments are written only through commit(), which adds a `changes` row
  const change = db.prepare('SELECT max(id) AS m, count(*) AS n FROM changes').get() as { m: number | null; n: number };
  return [
    `${change.m ?? 0}:${change.n}`,
    maxRowid(db, 'notices'),
    ...alignTables,
    settings.s ?? '',
    now.slice(0, 13), // assignments and notice deadlines depend on the clock: refresh at least hourly
  ].join('|');
}

const analysisCache = new WeakMap<Db, { key: string; analysis: CoverageAnalysis }>();

/** The coverage analysis of the database, recomputed only when its cache key changes. */
export function coverageOf(db: Db, now = new Date().toISOString()): CoverageAnalysis {
  const key = coverageCacheKey(db, now);
  const hit = analysisCache.get(db);
  if (hit && hit.key === key) return hit.analysis;
  const analysis = analyseCoverage(loadCoverageInput(db, now));
  analysisCache.set(db, { key, analysis });
  return analysis;
}
