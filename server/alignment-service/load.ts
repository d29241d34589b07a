/**
 * Reading what the alignment service needs from the database: the live grids and police zones
 * as GeoJSON (feature id = database id), and the hierarchy used to score (grid → community →
 * township → county; zone → station → county).
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { stmt } from '../db/statements.ts';

/** The police layers the service aligns against the grids. */
export const ALIGNMENT_LAYERS: readonly PoliceZoneLayer[] = ['beats', 'aux-grids'];

/** True for 'beats' and 'aux-grids'. */
export function isAlignmentLayer(s: string | undefined): s is PoliceZoneLayer {
  return s === 'beats' || s === 'aux-grids';
}

/** The live features of a layer as a FeatureCollection whose feature ids are the database ids. */
export function liveCollection(db: Db, layer: 'grids' | PoliceZoneLayer): FeatureCollection {
  const rows = stmt(db, 'SELECT id, geometry FROM features WHERE layer = ? AND retired_at IS NULL ORDER BY id').all(layer) as {
    id: number;
    geometry: string;
  }[];
  return {
    type: 'FeatureCollection',
    features: rows.map((r): Feature => ({ type: 'Feature', id: r.id, properties: {}, geometry: JSON.parse(r.geometry) as Geometry })),
  };
}

/** Name and place of one grid. */
export interface GridMeta {
  id: number;
  code: string;
  name: string;
  townshipCode: string | null;
  townshipName: string | null;
  countyCode: string | null;
  countyName: string | null;
}

/** Name and owner of one police zone. */
export interface ZoneMeta {
  id: number;
  code: string;
  name: string;
  version: number;
  stationId: number | null;
}

/** A police station: its county and its area (to place grids no zone covers). */
export interface StationMeta {
  id: number;
  code: string;
  name: string;
  countyCode: string | null;
  geometry: Polygon | MultiPolygon | null;
  bbox: [number, number, number, number] | null;
}

/** Everything needed to name and group the engine's rows. */
export interface AlignmentMeta {
  grids: Map<number, GridMeta>;
  zones: Map<number, ZoneMeta>;
  stations: Map<number, StationMeta>;
}

/** Reads the hierarchy of the live grids, the zones of `layer` and the stations. */
export function loadMeta(db: Db, layer: PoliceZoneLayer): AlignmentMeta {
  const gridRows = stmt(
    db,
    `SELECT g.id, g.code, g.name, t.code AS tcode, t.name AS tname, k.code AS kcode, k.name AS kname
     FROM features g
     LEFT JOIN features c ON c.id = g.parent_id
     LEFT JOIN features t ON t.id = c.parent_id
     LEFT JOIN features k ON k.id = t.parent_id
     WHERE g.layer = 'grids' AND g.retired_at IS NULL`,
  ).all() as { id: number; code: string; name: string; tcode: string | null; tname: string | null; kcode: string | null; kname: string | null }[];
  const grids = new Map<number, GridMeta>();
  for (const r of gridRows) {
    grids.set(r.id, { id: r.id, code: r.code, name: r.name, townshipCode: r.tcode, townshipName: r.tname, countyCode: r.kcode, countyName: r.kname });
  }
  const zoneRows = stmt(db, 'SELECT id, code, name, version, station_id FROM features WHERE layer = ? AND retired_at IS NULL').all(layer) as {
    id: number; code: string; name: string; version: number; station_id: number | null;
  }[];
  const zones = new Map<number, ZoneMeta>();
  for (const r of zoneRows) zones.set(r.id, { id: r.id, code: r.code, name: r.name, version: r.version, stationId: r.station_id });
  const stationRows = stmt(
    db,
    `SELECT s.id, s.code, s.name, s.geometry, s.bbox, k.code AS kcode FROM features s LEFT JOIN features k ON k.id = s.parent_id
     WHERE s.layer = 'stations' AND s.retired_at IS NULL`,
  ).all() as { id: number; code: string; name: string; geometry: string; bbox: string | null; kcode: string | null }[];
  const stations = new Map<number, StationMeta>();
  for (const r of stationRows) {
    const g = JSON.parse(r.geometry) as Geometry;
    const poly = g.type === 'Polygon' || g.type === 'MultiPolygon' ? g : null;
    stations.set(r.id, {
      id: r.id, code: r.code, name: r.name, countyCode: r.kcode, geometry: poly,
      bbox: r.bbox ? (JSON.parse(r.bbox) as [number, number, number, number]) : null,
    });
  }
  return { grids, zones, stations };
}
