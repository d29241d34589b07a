/**
 * Building a police zone (beat or aux-grid) from whole grids, as ONE commit: its geometry is
 * the exact union of the grids, so it is aligned by construction. Creates a new zone
 * (kind 'create') or replaces the geometry of an existing one of the same station
 * (`replaceId`, kind 'realign').
 */
import type { Feature } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { PreconditionRequiredError, UnprocessableError } from '../http/errors.ts';
import { nextAuxGridCode, nextBeatCode, trailingNumber } from '../grids/codes.ts';
import { unionExact } from '../grids/dissolve.ts';
import type { AreaGeometry } from '../grids/geom.ts';
import { editResponse, featureOf, inTransaction, liveRow, type EditResponse } from '../grids/respond.ts';
import { getFeatureRow } from '../store/features.ts';
import { commit } from './commit.ts';
import { validateGeometryShape } from './validate-edit.ts';

export interface BuildZoneInput {
  layer: PoliceZoneLayer;
  stationId: number;
  gridIds: number[];
  code?: string;
  name?: string;
  replaceId?: number;
  baseVersion?: number;
  reason: string;
  actor: string;
  dryRun?: boolean;
}

export interface BuildZoneResponse extends EditResponse {
  feature: Feature;
  created: boolean;
  unionMethod: 'dissolve' | 'polyclip';
}

/**
 * Builds or rebuilds a zone from grids. Errors: station not live → 422 bad_station; a grid
 * unknown/retired → 404/409; aux-grids with other than one grid → 422 aux_grid_needs_one_grid;
 * replaceId of another layer/station → 422 zone_mismatch; replaceId without baseVersion → 428.
 */
export function buildZoneFromGrids(db: Db, input: BuildZoneInput): BuildZoneResponse {
  const gridIds = [...new Set(input.gridIds)];
  if (gridIds.length === 0) throw new UnprocessableError('Select at least one grid', null, 'no_grids');
  if (input.layer === 'aux-grids' && gridIds.length !== 1) {
    throw new UnprocessableError(`An aux-grid coincides with exactly one grid (一格一警); ${gridIds.length} were selected`, { gridIds }, 'aux_grid_needs_one_grid');
  }
  return inTransaction(db, !!input.dryRun, () => {
    const station = getFeatureRow(db, input.stationId);
    if (!station || station.layer !== 'stations' || station.retired_at) {
      throw new UnprocessableError(`stationId ${input.stationId} is not a live police station`, { stationId: input.stationId }, 'bad_station');
    }
    const grids = gridIds.map((id) => liveRow(db, 'grids', id));
    const union = unionExact(grids.map((g) => JSON.parse(g.geometry) as AreaGeometry));
    const label = `${input.layer === 'beats' ? 'beat' : 'aux-grid'} from grids ${grids.map((g) => g.code).join(', ')}`;
    const problems = validateGeometryShape(union.geometry, undefined, label);
    if (problems.length) throw new UnprocessableError(problems[0].message, { problems, location: problems[0].location }, problems[0].code);
    const change = { kind: input.replaceId ? 'realign' : 'create', actor: input.actor, reason: input.reason };
    let result;
    let id: number;
    if (input.replaceId !== undefined) {
      if (input.baseVersion === undefined) throw new PreconditionRequiredError('Replacing a zone needs the baseVersion it is based on');
      const zone = liveRow(db, input.layer, input.replaceId, input.baseVersion);
      if (zone.station_id !== station.id) {
        throw new UnprocessableError(`${input.layer} ${zone.code} belongs to another station (id ${zone.station_id}), not ${station.code}`, {
          replaceId: zone.id,
          stationId: zone.station_id,
        }, 'zone_mismatch');
      }
      const set: { geometry: AreaGeometry; code?: string; name?: string; props: Record<string, unknown> } = {
        geometry: union.geometry,
        props: { ...(JSON.parse(zone.props) as Record<string, unknown>), builtFromGrids: grids.map((g) => g.code) },
      };
      if (input.code) set.code = input.code;
      if (input.name) set.name = input.name;
      result = commit(db, { ...change, ops: [{ entity: 'feature', op: 'update', id: zone.id, baseVersion: zone.version, set }] });
      id = zone.id;
    } else {
      const code = input.code ?? (input.layer === 'beats' ? nextBeatCode(db, station.code) : nextAuxGridCode(db, grids[0].code));
      const n = trailingNumber(code);
      const name = input.name ?? (input.layer === 'beats' ? (n !== null ? `第${n}警区` : code) : `${grids[0].name}警格`);
      result = commit(db, {
        ...change,
        ops: [
          {
            entity: 'feature',
            op: 'create',
            ref: 'zone',
            layer: input.layer,
            code,
            name,
            stationId: station.id,
            props: { builtFromGrids: grids.map((g) => g.code) },
            geometry: union.geometry,
          },
        ],
      });
      id = result.revisions.find((r) => r.ref === 'zone')!.id;
    }
    const out: BuildZoneResponse = {
      ...editResponse(db, result, change, id),
      feature: featureOf(db, id),
      created: input.replaceId === undefined,
      unionMethod: union.method,
    };
    if (input.dryRun) out.dryRun = true;
    return out;
  });
}
