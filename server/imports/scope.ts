import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import { PARENT_LAYER, STATION_OWNED, type LayerName } from '../domain/layers.ts';
import { CITY } from '../auth/roles.ts';
import { countyLabel } from '../auth/scope.ts';
import { userLabel } from '../auth/write-rules.ts';
import { BadRequestError, ForbiddenError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import { queryLayerFeatures } from '../store/features.ts';

/**
 * The scope of an import: the station that owns new features of station-owned layers, and in
 * replace mode the part of the layer the file replaces (a station's beats, a county's grids,
 * or the whole layer for city-wide users who name neither). A police station always acts for
 * itself; a county-scoped civil-affairs user always for its county.
 */
export interface ImportScope {
  stationId: number | null;
  stationCode: string | null;
  county: string | null;
}

function liveStation(db: Db, codeOrId: string): { id: number; code: string } | undefined {
  const byCode = db.prepare("SELECT id, code FROM features WHERE layer = 'stations' AND code = ? AND retired_at IS NULL").get(codeOrId) as
    | { id: number; code: string }
    | undefined;
  if (byCode || !/^\d+$/.test(codeOrId)) return byCode;
  return db.prepare("SELECT id, code FROM features WHERE layer = 'stations' AND id = ? AND retired_at IS NULL").get(Number(codeOrId)) as
    | { id: number; code: string }
    | undefined;
}

/**
 * Resolves the requested station / county against the user's own scope: 400 for unknown codes
 * or a station on a layer no station owns, 403 for another station's or county's data.
 */
export function resolveImportScope(db: Db, user: User, layer: LayerName, want: { station: string | null; county: string | null }): ImportScope {
  let station: { id: number; code: string } | null = null;
  if (want.station !== null) {
    if (!STATION_OWNED.has(layer)) {
      throw new BadRequestError(`station applies to station-owned layers (beats, aux-grids, police rooms and posts), not ${layer}`, { layer }, 'bad_station');
    }
    station = liveStation(db, want.station) ?? null;
    if (!station) throw new BadRequestError(`No live police station with code ${want.station}`, { station: want.station }, 'unknown_station');
  }
  if (user.role === 'police-station') {
    const own = Number(user.scope);
    if (station && station.id !== own) throw new ForbiddenError(`${userLabel(db, user)} cannot import for station ${station.code}`, { station: station.code }, 'forbidden');
    if (!station && STATION_OWNED.has(layer)) station = liveStation(db, String(own)) ?? null;
  }
  let county = want.county;
  if (county !== null) {
    const ok = db.prepare("SELECT 1 FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL").get(county);
    if (!ok) throw new BadRequestError(`No live county with code ${county}`, { county }, 'unknown_county');
  }
  if (user.role === 'civil-affairs' && user.scope !== CITY) {
    if (county !== null && county !== user.scope) {
      throw new ForbiddenError(`${userLabel(db, user)} cannot import into ${countyLabel(db, county)}: it writes ${countyLabel(db, user.scope)} only`, { county }, 'forbidden');
    }
    county = user.scope;
  }
  if (user.role === 'police-station') county = null; // a station's scope is its own features
  return { stationId: station?.id ?? null, stationCode: station?.code ?? null, county };
}

/** The live features a replace import of `layer` within `scope` replaces. */
export function replacedFeatures(db: Db, layer: LayerName, scope: ImportScope): Feature[] {
  if (scope.stationId !== null) return queryLayerFeatures(db, layer, { station: scope.stationId }).filter((f) => f.id !== scope.stationId);
  if (scope.county !== null) return queryLayerFeatures(db, layer, { county: scope.county });
  return queryLayerFeatures(db, layer);
}

/** The layers whose changes invalidate a validation of `layer` (itself, its parent layer, stations). */
export function baseLayers(layer: LayerName): LayerName[] {
  const out = new Set<LayerName>([layer]);
  const parent = PARENT_LAYER[layer];
  if (parent) out.add(parent);
  if (STATION_OWNED.has(layer)) out.add('stations');
  return [...out];
}

/**
 * The latest change that wrote any feature of these layers (0 when none). A preview records it
 * at validation; apply refuses with 409 when it moved, since the checks (codes, neighbours,
 * parents, the replace diff) were made against older data.
 */
export function layersBase(db: Db, layers: LayerName[]): number {
  const r = db
    .prepare(`SELECT max(change_id) AS m FROM revisions WHERE entity = 'feature' AND layer IN (${layers.map(() => '?').join(',')})`)
    .get(...layers) as { m: number | null };
  return r.m ?? 0;
}
