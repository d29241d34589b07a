/**
 * Realign proposal: every grid goes wholly to the zone holding most of it; each zone's new
 * geometry is the exact union of its grids (aligned by construction).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AlignmentIndex } from './alignment-index.ts';
import { CLIP_SCALE, originOf, unionPolygons } from './clip.ts';
import type { FeatureId } from './types.ts';

/** Proposed change of one zone. */
export interface RealignZone {
  zoneId: FeatureId;
  /** Grids the zone consists of after realignment (grid ids, input order). */
  gridIds: FeatureId[];
  /** Grids newly given wholly to this zone (it did not hold them whole before). */
  addedGrids: FeatureId[];
  /** Grids the zone touched (≥ split share) that now go to another zone or to nobody. */
  removedGrids: FeatureId[];
  areaBeforeM2: number;
  areaAfterM2: number;
  /** Area of the symmetric difference between the old and the new geometry. */
  areaMovedM2: number;
  /** Exact union of its grids in WGS84 (reusing the grids' vertices), null when it gets no grid. */
  geometry: Polygon | MultiPolygon | null;
}

/** The whole proposal. */
export interface RealignProposal {
  zones: RealignZone[];
  /** Grids held equally (within 1e-6 of the grid area) by several zones; provisionally given to the first. */
  ties: { gridId: FeatureId; zoneIds: FeatureId[]; provisionalZoneId: FeatureId }[];
  /** Grids no zone covers (status uncovered): left out, for a human to assign. */
  uncovered: FeatureId[];
}

/**
 * Propose an aligned layer for the zones in scope (default: all zones).
 * @param ix the alignment index (current state)
 * @param options.zoneIds the zones to realign, e.g. one station's beats; grids they touch that
 *   are held mostly by a zone outside the scope leave the scope zones
 */
export function proposeRealign(ix: AlignmentIndex, options: { zoneIds?: FeatureId[] } = {}): RealignProposal {
  const scope = new Set<number>();
  if (options.zoneIds) {
    for (const id of options.zoneIds) {
      const z = ix.zoneIndex(id);
      if (z === undefined) throw new Error(`proposeRealign: unknown zone id ${JSON.stringify(id)}`);
      scope.add(z);
    }
  } else ix.zoneShapes.forEach((s, z) => s && scope.add(z));
  const o = ix.options;
  const assigned = new Map<number, number[]>();
  for (const z of scope) assigned.set(z, []);
  const ties: RealignProposal['ties'] = [];
  const uncovered: FeatureId[] = [];
  const grids = new Set<number>();
  for (const z of scope) for (const g of ix.zoneGrids[z].keys()) grids.add(g);
  for (const g of [...grids].sort((a, b) => a - b)) {
    const s = ix.gridShapes[g]!;
    const pieces = ix.gridPieces[g];
    const covered = pieces.reduce((t, [, a]) => t + a, 0);
    if (covered < o.uncoveredShare * s.areaM2) { uncovered.push(s.id); continue; }
    const top = pieces[0];
    const tied = pieces.filter(([, a]) => top[1] - a <= 1e-6 * s.areaM2);
    if (tied.length > 1) {
      const byIndex = [...tied].sort((p, q) => p[0] - q[0]);
      const first = byIndex[0];
      ties.push({ gridId: s.id, zoneIds: byIndex.map(([z]) => ix.zoneIds[z]), provisionalZoneId: ix.zoneIds[first[0]] });
      assigned.get(first[0])?.push(g);
    } else assigned.get(top[0])?.push(g);
  }
  // uncovered grids inside the scope area (no piece of any zone) are not reachable from zoneGrids; that is
  // intended: a proposal never invents coverage, the page lists the uncovered grids from the rows.
  const zones: RealignZone[] = [];
  for (const z of [...scope].sort((a, b) => a - b)) {
    const zs = ix.zoneShapes[z]!;
    const mine = assigned.get(z)!;
    const mineSet = new Set(mine);
    let keptArea = 0, afterArea = 0;
    const added: FeatureId[] = [];
    for (const g of mine) {
      const ga = ix.gridShapes[g]!.areaM2;
      const a = ix.zoneGrids[z].get(g) ?? 0;
      keptArea += a;
      afterArea += ga;
      if (a < o.alignedShare * ga) added.push(ix.gridIds[g]);
    }
    const removed: FeatureId[] = [];
    for (const [g, a] of ix.zoneGrids[z]) if (!mineSet.has(g) && a >= o.splitShare * ix.gridShapes[g]!.areaM2) removed.push(ix.gridIds[g]);
    zones.push({
      zoneId: zs.id,
      gridIds: mine.map((g) => ix.gridIds[g]),
      addedGrids: added,
      removedGrids: removed,
      areaBeforeM2: zs.areaM2,
      areaAfterM2: afterArea,
      areaMovedM2: Math.max(0, zs.areaM2 + afterArea - 2 * keptArea),
      geometry: unionOfGrids(ix, mine),
    });
  }
  return { zones, ties, uncovered };
}

/**
 * Exact union of the grids at the given index positions, mapped back onto the grids' own
 * lon/lat vertices (so a zone rebuilt from grids shares their vertices bit for bit); null for
 * none. Also used by the server when a human overrides the proposal for tied/uncovered grids.
 */
export function unionOfGrids(ix: AlignmentIndex, grids: number[]): Polygon | MultiPolygon | null {
  if (grids.length === 0) return null;
  const lookup = new Map<string, Position>();
  const tmp = [0, 0];
  const [ox, oy] = originOf(grids.map((g) => ix.gridShapes[g]!.rings));
  const key = (x: number, y: number): string => `${Math.round((x - ox) * CLIP_SCALE)},${Math.round((y - oy) * CLIP_SCALE)}`;
  const visit = (ring: Position[]): void => {
    for (const p of ring) {
      ix.projection.forward(p[0], p[1], tmp, 0);
      lookup.set(key(tmp[0], tmp[1]), [p[0], p[1]]);
    }
  };
  for (const g of grids) {
    const geom = ix.gridGeometries[g];
    if (geom?.type === 'Polygon') geom.coordinates.forEach(visit);
    else if (geom?.type === 'MultiPolygon') geom.coordinates.forEach((pl) => pl.forEach(visit));
  }
  const polys = unionPolygons(grids.map((g) => ix.gridShapes[g]!.rings));
  const toRing = (r: Float64Array): Position[] => {
    const n = r.length >> 1;
    const out: Position[] = [];
    for (let i = 0; i < n; i++) out.push(lookup.get(key(r[2 * i], r[2 * i + 1])) ?? ix.projection.inverse(r[2 * i], r[2 * i + 1]));
    out.push(out[0]);
    return out;
  };
  const coords = polys.map((p) => p.map(toRing));
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0] } : { type: 'MultiPolygon', coordinates: coords };
}
