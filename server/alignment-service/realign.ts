/**
 * Realigning one police station's zones: the proposal (every grid wholly to the zone holding
 * most of it; ties and uncovered grids listed for a human, who may assign them) and applying
 * it as ONE change of kind 'realign' through commit(), so history shows it and it can be
 * reverted as a whole.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { proposeRealign, unionOfGrids, type FeatureId } from '../alignment/index.ts';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { commit } from '../edits/commit.ts';
import type { ChangeOp, CommitResult } from '../edits/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.ts';
import type { AlignmentHookResult } from './hook.ts';
import { alignmentView, scopedSummary, type AlignmentView } from './view.ts';

/** A grid as the page shows it. */
export interface GridRef {
  id: number;
  code: string;
}

/** The proposed change of one zone. */
export interface ZoneProposal {
  id: number;
  code: string;
  name: string;
  version: number;
  /** update: new geometry; none: already an exact union of the grids it gets; retire: it gets no grid */
  action: 'update' | 'none' | 'retire';
  grids: GridRef[];
  /** grids newly given wholly to this zone */
  added: GridRef[];
  /** grids it touched that go to another zone (or to nobody) */
  removed: GridRef[];
  areaBeforeM2: number;
  areaAfterM2: number;
  areaMovedM2: number;
  /** the zone's new geometry (exact union of its grids), null when it is retired */
  geometry: Polygon | MultiPolygon | null;
}

/** The proposal for one station. */
export interface StationProposal {
  layer: PoliceZoneLayer;
  station: { id: number; code: string; name: string };
  zones: ZoneProposal[];
  /** grids held equally by several of the station's zones: given provisionally to the first; `assignments` decide */
  ties: { grid: GridRef; zoneIds: number[]; provisionalZoneId: number }[];
  /** grids of the station's area that no zone covers: left out unless `assignments` give them to a zone */
  uncovered: GridRef[];
  /** grids the station's zones will hold whole that zones of other stations also cut (they stay split until those are fixed) */
  foreign: { grid: GridRef; zoneIds: number[]; zoneCodes: string[] }[];
  totals: { zonesChanged: number; gridsReassigned: number; areaMovedM2: number };
  /** the station's summary today */
  before: ReturnType<typeof scopedSummary>;
}

function stationOf(db: Db, station: number): { id: number; code: string; name: string } {
  const s = db.prepare("SELECT id, code, name FROM features WHERE id = ? AND layer = 'stations' AND retired_at IS NULL").get(station) as
    | { id: number; code: string; name: string }
    | undefined;
  if (!s) throw new NotFoundError(`No live police station with id ${station}`, { station }, 'unknown_station');
  return s;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * The realign proposal of a station's zones of `layer`.
 * @param assignments grid id → zone id for tied grids (one of the tied zones) or uncovered grids
 *   of the station's area (any of the station's zones); other grids → 422
 */
export function proposeStationRealign(db: Db, layer: PoliceZoneLayer, station: number, assignments: Record<string, number> = {}, view?: AlignmentView): StationProposal {
  const st = stationOf(db, station);
  const v = view ?? alignmentView(db, layer);
  const ix = v.w.ix;
  const zoneIds = [...v.meta.zones.values()].filter((z) => z.stationId === station && ix.zoneIndex(z.id) !== undefined).map((z) => z.id).sort((a, b) => a - b);
  if (zoneIds.length === 0) throw new UnprocessableError(`Station ${st.code} has no ${layer} to realign`, { station, layer }, 'no_zones');
  const base = proposeRealign(ix, { zoneIds });
  const gridRef = (id: FeatureId): GridRef => ({ id: Number(id), code: v.meta.grids.get(Number(id))?.code ?? String(id) });
  const mine = new Set<number>(zoneIds);
  // current assignment: zone id → grid ids
  const assigned = new Map<number, Set<number>>();
  for (const z of base.zones) assigned.set(Number(z.zoneId), new Set(z.gridIds.map(Number)));
  const uncovered = new Set<number>(base.uncovered.map(Number));
  for (const r of v.grids) if (r.status === 'uncovered' && v.gridStation.get(r.id) === station) uncovered.add(Number(r.id));
  const ties = base.ties.map((t) => ({ grid: gridRef(t.gridId), zoneIds: t.zoneIds.map(Number), provisionalZoneId: Number(t.provisionalZoneId) }));
  // a human's choices
  for (const [gid, zid] of Object.entries(assignments)) {
    const g = Number(gid);
    const tie = ties.find((t) => t.grid.id === g);
    const where = `assignment of grid ${gridRef(g).code} (id ${g}) to zone ${zid}`;
    if (!mine.has(zid)) throw new UnprocessableError(`${where}: zone ${zid} is not one of station ${st.code}'s ${layer}`, { grid: g, zone: zid }, 'bad_assignment');
    if (tie) {
      if (!tie.zoneIds.includes(zid)) throw new UnprocessableError(`${where}: the grid is tied between zones ${tie.zoneIds.join(', ')} only`, { grid: g, zone: zid }, 'bad_assignment');
      for (const s of assigned.values()) s.delete(g);
      assigned.get(zid)!.add(g);
      tie.provisionalZoneId = zid;
    } else if (uncovered.has(g)) {
      assigned.get(zid)!.add(g);
      uncovered.delete(g);
    } else {
      throw new UnprocessableError(`${where}: only tied or uncovered grids can be assigned by hand`, { grid: g, zone: zid }, 'bad_assignment');
    }
  }
  const splitShare = ix.options.splitShare;
  const alignedShare = ix.options.alignedShare;
  const zones: ZoneProposal[] = [];
  const foreign: StationProposal['foreign'] = [];
  for (const zid of zoneIds) {
    const z = ix.zoneIndex(zid)!;
    const meta = v.meta.zones.get(zid)!;
    const row = ix.zoneRow(z)!;
    const gridsOf = [...assigned.get(zid)!].sort((a, b) => a - b);
    const gIdx = gridsOf.map((g) => ix.gridIndex(g)!);
    const held = ix.zoneGrids[z];
    let kept = 0, after = 0;
    const added: GridRef[] = [];
    for (const g of gIdx) {
      const ga = ix.gridShapes[g]!.areaM2;
      const a = held.get(g) ?? 0;
      kept += a; after += ga;
      if (a < alignedShare * ga) added.push(gridRef(ix.gridIds[g]));
      for (const [oz, oa] of ix.gridPieces[g]) {
        const other = Number(ix.zoneIds[oz]);
        if (mine.has(other) || oa < splitShare * ga) continue;
        const hit = foreign.find((f) => f.grid.id === Number(ix.gridIds[g]));
        if (hit) { hit.zoneIds.push(other); hit.zoneCodes.push(v.meta.zones.get(other)?.code ?? String(other)); }
        else foreign.push({ grid: gridRef(ix.gridIds[g]), zoneIds: [other], zoneCodes: [v.meta.zones.get(other)?.code ?? String(other)] });
      }
    }
    const gidSet = new Set(gIdx);
    const removed: GridRef[] = [];
    for (const [g, a] of held) if (!gidSet.has(g) && a >= splitShare * ix.gridShapes[g]!.areaM2) removed.push(gridRef(ix.gridIds[g]));
    const sameGrids = row.aligned && row.wholeGrids.length === gIdx.length && row.wholeGrids.every((id) => gidSet.has(ix.gridIndex(id)!));
    const action: ZoneProposal['action'] = gIdx.length === 0 ? 'retire' : sameGrids ? 'none' : 'update';
    const baseZone = base.zones.find((b) => Number(b.zoneId) === zid);
    const sameAsBase = baseZone && baseZone.gridIds.length === gIdx.length && baseZone.gridIds.every((id) => gidSet.has(ix.gridIndex(id)!));
    const geometry = action === 'update' ? (sameAsBase ? baseZone!.geometry : unionOfGrids(ix, gIdx)) : null;
    zones.push({
      id: zid, code: meta.code, name: meta.name, version: meta.version, action,
      grids: gridsOf.map(gridRef), added, removed,
      areaBeforeM2: round(row.areaM2), areaAfterM2: round(after),
      areaMovedM2: action === 'none' ? 0 : round(Math.max(0, row.areaM2 + after - 2 * kept)),
      geometry: action === 'none' ? null : geometry,
    });
  }
  const changed = zones.filter((z) => z.action !== 'none');
  return {
    layer,
    station: st,
    zones,
    ties,
    uncovered: [...uncovered].sort((a, b) => a - b).map(gridRef),
    foreign,
    totals: {
      zonesChanged: changed.length,
      gridsReassigned: changed.reduce((n, z) => n + z.added.length, 0),
      areaMovedM2: round(changed.reduce((s, z) => s + z.areaMovedM2, 0)),
    },
    before: scopedSummary(v, { station }),
  };
}

/** The answer of an applied realignment. */
export interface RealignApplied {
  change: { id: number; kind: 'realign'; at: string; actor: string; reason: string };
  proposal: StationProposal;
  /** zones written: id, new version, action */
  zones: { id: number; code: string; action: 'update' | 'retire'; version: number }[];
  /** the updated alignment of the area (the alignment hook's result for this layer) */
  alignment: AlignmentHookResult[PoliceZoneLayer] | null;
  /** the station's summary after the change */
  after: ReturnType<typeof scopedSummary>;
}

/**
 * Applies the proposal as ONE change (kind 'realign'). `versions` (zone id → version the
 * client's proposal was based on), when given, must match the current versions (else 409).
 */
export function applyStationRealign(
  db: Db,
  input: { layer: PoliceZoneLayer; station: number; reason: string; actor: string; assignments?: Record<string, number>; versions?: Record<string, number> },
): RealignApplied {
  const proposal = proposeStationRealign(db, input.layer, input.station, input.assignments ?? {});
  for (const [zid, ver] of Object.entries(input.versions ?? {})) {
    const z = proposal.zones.find((p) => p.id === Number(zid));
    if (z && z.version !== ver) {
      throw new ConflictError(
        `${input.layer} ${z.code} was changed since the proposal: it was version ${ver}, now ${z.version}; review the new proposal`,
        { id: z.id, baseVersion: ver, currentVersion: z.version },
        'stale_version',
      );
    }
  }
  const ops: ChangeOp[] = [];
  for (const z of proposal.zones) {
    if (z.action === 'update') ops.push({ entity: 'feature', op: 'update', id: z.id, baseVersion: z.version, set: { geometry: z.geometry! } });
    else if (z.action === 'retire') ops.push({ entity: 'feature', op: 'retire', id: z.id, baseVersion: z.version });
  }
  if (ops.length === 0) {
    throw new UnprocessableError(`The ${input.layer} of station ${proposal.station.code} are already exact unions of whole grids: nothing to realign`, { station: input.station }, 'nothing_to_realign');
  }
  const result: CommitResult = commit(db, { kind: 'realign', actor: input.actor, reason: input.reason, ops });
  const hook = result.hookResults.alignment as AlignmentHookResult | undefined;
  const written = result.revisions.filter((r) => r.entity === 'feature').map((r) => ({
    id: r.id,
    code: proposal.zones.find((z) => z.id === r.id)?.code ?? String(r.id),
    action: (r.op === 'retire' ? 'retire' : 'update') as 'update' | 'retire',
    version: r.version,
  }));
  return {
    change: { id: result.changeId, kind: 'realign', at: result.at, actor: input.actor, reason: input.reason },
    proposal,
    zones: written,
    alignment: hook?.[input.layer] ?? null,
    after: scopedSummary(alignmentView(db, input.layer), { station: input.station }),
  };
}
