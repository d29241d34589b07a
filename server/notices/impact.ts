/**
 * Which police stations a grid change concerns: the grids whose geometry changed (created,
 * retired, restored, reshaped), the station zones (beats, aux-grids) they touch by area
 * before or after the change (R*Tree candidates, then an exact intersection area above a
 * tolerance), and whether each touched zone is, after the change, still an exact union of
 * whole live grids.
 */
import type { Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { RevisionRecord } from '../edits/types.ts';
import { overlapOf } from '../edits/validate-edit.ts';
import { xor as polyclipXor } from 'polyclip-ts';
import { unionExact } from '../grids/dissolve.ts';
import { areaM2, bboxOf, projectorFor, rewindPolys, toPolys, type AreaGeometry, type Poly } from '../grids/geom.ts';
import { rowsInBbox, type FeatureImage, type FeatureRow } from '../store/features.ts';
import type { NoticeGrid, NoticeZone } from './repo.ts';

/** Area (m²) below which touching and misalignment are ignored. */
export const NOTICE_AREA_TOLERANCE_M2 = 1;
/** A reshaped grid moving less area than this (m²) changed its vertices only, not its extent. */
const TOPOLOGY_ONLY_M2 = 0.01;

const isArea = (g: Geometry | null | undefined): g is AreaGeometry => !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
const area = (g: AreaGeometry) => areaM2(toPolys(g), projectorFor(toPolys(g)));

/** The grids a change altered, with before/after geometry and the area that moved. */
export function changedGrids(revisions: RevisionRecord[], changeKind: string): NoticeGrid[] {
  const out: NoticeGrid[] = [];
  for (const r of revisions) {
    if (r.entity !== 'feature' || r.layer !== 'grids') continue;
    const b = r.before as FeatureImage | null;
    const a = r.after as FeatureImage | null;
    const before = b && b.retiredAt === null && isArea(b.geometry) ? b.geometry : null;
    const after = a && a.retiredAt === null && isArea(a.geometry) ? a.geometry : null;
    if (!before && !after) continue;
    if (before && after && JSON.stringify(before) === JSON.stringify(after)) continue;
    const how: NoticeGrid['how'] = changeKind === 'merge' ? 'merge' : changeKind === 'split' ? 'split' : r.op;
    let moved = 0;
    if (before && after) {
      moved = Math.max(0, area(before) + area(after) - 2 * overlapOf(before, after).area);
      // a vertex inserted on an edge (a neighbour's split keeping the boundary shared) moves
      // no area: not a change the police station needs to hear about
      if (moved < TOPOLOGY_ONLY_M2) continue;
    } else moved = area((before ?? after)!);
    const img = (a ?? b)!;
    out.push({ id: r.id, code: img.code, name: img.name, how, areaMovedM2: round1(moved), before, after });
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Area (m²) that changed hands across the whole change: the symmetric difference of the union
 * of the grids before and the union after. 0 for an exact merge or split (the outline is
 * unchanged, only the grids' identity), the moved strip for a boundary adjustment.
 */
export function netAreaMoved(grids: NoticeGrid[]): number {
  const befores = grids.map((g) => g.before).filter(isArea);
  const afters = grids.map((g) => g.after).filter(isArea);
  if (befores.length === 0 && afters.length === 0) return 0;
  if (befores.length === 0 || afters.length === 0) return round1([...befores, ...afters].reduce((s, g) => s + area(g), 0));
  const b = unionExact(befores).geometry;
  const a = unionExact(afters).geometry;
  try {
    const x = polyclipXor(toPolys(b) as never, toPolys(a) as never) as Poly[];
    return round1(x.length ? areaM2(rewindPolys(x), projectorFor(toPolys(b))) : 0);
  } catch {
    return round1(Math.abs(area(a) - area(b)));
  }
}

/** Zones touched by the changed grids, grouped by owning station id. */
export function touchedZonesByStation(db: Db, grids: NoticeGrid[], tol = NOTICE_AREA_TOLERANCE_M2): Map<number, NoticeZone[]> {
  const touched = new Map<number, { row: FeatureRow; m2: number }>();
  for (const g of grids) {
    const geoms = [g.before, g.after].filter(isArea);
    const bb = bboxOf(geoms.flatMap(toPolys));
    for (const row of rowsInBbox(db, bb, ['beats', 'aux-grids'])) {
      if (row.station_id === null) continue;
      const zone = JSON.parse(row.geometry) as AreaGeometry;
      const m2 = Math.max(...geoms.map((x) => overlapOf(x, zone).area));
      if (m2 <= tol) continue;
      const prev = touched.get(row.id);
      if (!prev || prev.m2 < m2) touched.set(row.id, { row, m2 });
    }
  }
  const byStation = new Map<number, NoticeZone[]>();
  for (const { row, m2 } of touched.values()) {
    const al = zoneAlignment(db, row, tol);
    const z: NoticeZone = {
      id: row.id,
      layer: row.layer as 'beats' | 'aux-grids',
      code: row.code,
      name: row.name,
      touchedM2: round1(m2),
      misaligned: !al.aligned,
      why: al.why,
    };
    const list = byStation.get(row.station_id!) ?? [];
    list.push(z);
    byStation.set(row.station_id!, list);
  }
  for (const list of byStation.values()) list.sort((a, b) => a.layer.localeCompare(b.layer) || a.code.localeCompare(b.code));
  return byStation;
}

/**
 * Whether a zone equals a union of whole live grids (an aux-grid: exactly one grid), judged
 * on the current (post-change) data with an area tolerance.
 */
export function zoneAlignment(db: Db, zoneRow: FeatureRow, tol = NOTICE_AREA_TOLERANCE_M2): { aligned: boolean; why: string | null } {
  const zone = JSON.parse(zoneRow.geometry) as AreaGeometry;
  const zoneArea = area(zone);
  const grids = rowsInBbox(db, bboxOf(toPolys(zone)), ['grids']);
  const partial: string[] = [];
  let covered = 0;
  let whole = 0;
  for (const g of grids) {
    const gg = JSON.parse(g.geometry) as AreaGeometry;
    const ov = overlapOf(zone, gg).area;
    if (ov <= tol) continue;
    covered += ov;
    if (area(gg) - ov > tol) partial.push(g.code);
    else whole++;
  }
  const reasons: string[] = [];
  if (partial.length) reasons.push(`cuts through grid${partial.length > 1 ? 's' : ''} ${partial.slice(0, 5).join(', ')}${partial.length > 5 ? '…' : ''}`);
  const outside = zoneArea - covered;
  if (outside > tol) reasons.push(`${outside.toFixed(0)} m² lie outside every grid`);
  if (zoneRow.layer === 'aux-grids' && partial.length === 0 && whole !== 1) reasons.push(`covers ${whole} grids instead of exactly one`);
  return { aligned: reasons.length === 0, why: reasons.length ? reasons.join('; ') : null };
}
