import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { FacilityLookup } from './import-rows.ts';

/**
 * The importer's lookups against the database: codes by the live-code index, "which unit
 * contains this point" by the R*Tree (bbox) and an exact point-in-polygon test.
 */
export function dbFacilityLookup(db: Db): FacilityLookup {
  const byCode = db.prepare('SELECT id, code FROM features WHERE layer = ? AND code = ? AND retired_at IS NULL');
  const candidates = db.prepare(
    `SELECT f.id, f.code, f.geometry FROM features_rtree r JOIN features f ON f.id = r.id
     WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND f.layer = ? AND f.retired_at IS NULL ORDER BY f.id`,
  );
  const at = (layer: string, lon: number, lat: number) => {
    const rows = candidates.all(lon, lon, lat, lat, layer) as { id: number; code: string; geometry: string }[];
    for (const r of rows) {
      const g = JSON.parse(r.geometry) as Polygon | MultiPolygon;
      if (booleanPointInPolygon([lon, lat], g)) return { id: r.id, code: r.code };
    }
    return undefined;
  };
  return {
    unitByCode: (layer, code) => byCode.get(layer, code) as { id: number; code: string } | undefined,
    unitAt: (layer, lon, lat) => at(layer, lon, lat),
    stationByCode: (code) => byCode.get('stations', code) as { id: number } | undefined,
    stationAt: (lon, lat) => at('stations', lon, lat),
    codeTaken: (layer, code) => byCode.get(layer, code) !== undefined,
  };
}
