import Flatbush from 'flatbush';
import type { Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { DEFAULT_VALIDATION, TILING_LAYERS, outsideOf, validateEdit, type Problem } from '../edits/validate-edit.ts';
import { bboxOf, pointInPolys, toPolys, type AreaGeometry } from '../grids/geom.ts';
import { LAYER_NOUN } from '../auth/scope.ts';
import { rowsInBbox } from '../store/features.ts';
import { areaOf } from './diff.ts';
import type { GeometryFinding } from './geometry-check.ts';
import { overlapAreaM2, overlapWithPoint } from './overlap.ts';

/**
 * Spatial checks of an import against the live map and within the file: overlaps with
 * same-layer neighbours and area outside the parent. For the tiling layers (townships,
 * communities, grids) these are errors, checked by the very function the commit hook uses
 * (validateEdit), so a preview that passes also passes apply; for other layers they are
 * warnings (police zones may legitimately disagree with each other until realigned).
 */

/** One valid feature of the file, for spatial checks. */
export interface SpatialItem {
  index: number;
  code: string | null;
  geometry: Geometry;
  parentId: number | null;
  /** replace mode: the live feature it replaces */
  target: { id: number; geometry: Geometry } | null;
}

/** A replaced feature whose geometry the file keeps: like the commit hook, nothing to check against the map. */
const keepsGeometry = (it: SpatialItem) => it.target !== null && (it.geometry === it.target.geometry || JSON.stringify(it.geometry) === JSON.stringify(it.target.geometry));

const TOL_M2 = DEFAULT_VALIDATION.overlapToleranceM2;
const isArea = (g: Geometry | null | undefined): g is AreaGeometry => !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
const pt = (p: [number, number] | null | undefined): [number, number] | undefined => (p ? [p[0], p[1]] : undefined);

function fromEditProblem(p: Problem): GeometryFinding {
  const where = { point: pt(p.location), polygon: p.part, ring: p.ring };
  switch (p.code) {
    case 'overlap':
      return { problem: 'overlaps_neighbour', severity: 'error', repairable: false, message: p.message, where };
    case 'outside_parent':
      return { problem: 'outside_parent', severity: 'error', repairable: false, message: p.message, where };
    case 'empty':
    case 'sliver':
      return { problem: 'degenerate', severity: 'error', repairable: false, message: p.message, where };
    case 'self_intersection':
      return { problem: 'self_intersection', severity: 'error', repairable: false, message: p.message, where };
    case 'unclosed_ring':
    case 'too_few_points':
      return { problem: p.code, severity: 'error', repairable: false, message: p.message, where };
    default:
      return { problem: 'invalid_geojson', severity: 'error', repairable: false, message: p.message, where };
  }
}

/**
 * Checks every item against live neighbours of the layer (except `replaced`, the features a
 * replace import retires or rewrites) and its parent, and against the other items. Returns the
 * findings per source index.
 */
export function spatialChecks(db: Db, layer: LayerName, items: SpatialItem[], replaced: Set<number>): Map<number, GeometryFinding[]> {
  const out = new Map<number, GeometryFinding[]>();
  const add = (i: number, f: GeometryFinding) => {
    const list = out.get(i) ?? [];
    list.push(f);
    out.set(i, list);
  };
  const noun = LAYER_NOUN[layer];
  const tiling = TILING_LAYERS.has(layer);
  const parentGeom = new Map<number, { code: string; geometry: Geometry } | null>();
  const parentOf = (id: number) => {
    if (!parentGeom.has(id)) {
      const r = db.prepare('SELECT code, geometry FROM features WHERE id = ?').get(id) as { code: string; geometry: string } | undefined;
      parentGeom.set(id, r ? { code: r.code, geometry: JSON.parse(r.geometry) as Geometry } : null);
    }
    return parentGeom.get(id)!;
  };

  for (const it of items) {
    if (keepsGeometry(it)) continue;
    const label = `${noun} ${it.code ?? `#${it.index + 1}`}`;
    if (tiling && isArea(it.geometry)) {
      const before = it.target && isArea(it.target.geometry) ? it.target.geometry : null;
      const opts = layer === 'grids' ? DEFAULT_VALIDATION : { ...DEFAULT_VALIDATION, minAreaM2: 0, minWidthM: 0 };
      const res = validateEdit(db, { layer, id: it.target?.id ?? null, geometry: it.geometry, before, parentId: it.parentId, ignoreIds: replaced, label }, opts);
      for (const p of res.problems) add(it.index, fromEditProblem(p));
      if (layer === 'grids') continue; // validateEdit checked the community
    } else if (isArea(it.geometry)) {
      for (const row of rowsInBbox(db, bboxOf(toPolys(it.geometry)), [layer])) {
        if (replaced.has(row.id) || row.id === it.target?.id) continue;
        const ov = overlapWithPoint(it.geometry, JSON.parse(row.geometry) as AreaGeometry, TOL_M2);
        if (ov.area > TOL_M2) {
          add(it.index, {
            problem: 'overlaps_neighbour',
            severity: 'warning',
            repairable: false,
            message: `${label} overlaps ${noun} ${row.code} (#${row.id}) by ${ov.area.toFixed(1)} m²`,
            where: { point: pt(ov.at) },
          });
        }
      }
    }
    if (it.parentId === null) continue;
    const parent = parentOf(it.parentId);
    if (!parent || !isArea(parent.geometry)) continue;
    if (isArea(it.geometry)) {
      // the fast area first; the (slow) clipped polygon only to place a problem
      const outside = areaOf(it.geometry) - overlapAreaM2(it.geometry, parent.geometry);
      const o = outside > DEFAULT_VALIDATION.outsideToleranceM2 ? outsideOf(it.geometry, parent.geometry) : { area: 0, at: null };
      if (o.area > DEFAULT_VALIDATION.outsideToleranceM2) {
        add(it.index, {
          problem: 'outside_parent',
          severity: 'warning',
          repairable: false,
          message: `${label} reaches ${o.area.toFixed(1)} m² outside its parent ${parent.code} (#${it.parentId})`,
          where: { point: pt(o.at) },
        });
      }
    } else if (it.geometry.type === 'Point' && pointInPolys(it.geometry.coordinates, toPolys(parent.geometry)) < 0) {
      const [x, y] = it.geometry.coordinates;
      add(it.index, {
        problem: 'outside_parent',
        severity: 'warning',
        repairable: false,
        message: `${label} at [${x}, ${y}] lies outside its parent ${parent.code} (#${it.parentId})`,
        where: { point: [x, y] },
      });
    }
  }

  // within the file: the commit hook would see these features as each other's neighbours
  const areas = items.filter((it) => isArea(it.geometry));
  if (areas.length > 1) {
    const index = new Flatbush(areas.length);
    const boxes = areas.map((it) => bboxOf(toPolys(it.geometry as AreaGeometry)));
    for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
    index.finish();
    areas.forEach((a, i) => {
      for (const j of index.search(...boxes[i])) {
        if (j <= i) continue;
        const b = areas[j];
        const ov = overlapWithPoint(a.geometry, b.geometry, TOL_M2);
        if (ov.area <= TOL_M2) continue;
        // replacing two features that already overlapped: only added overlap counts (as in the commit hook)
        const was = a.target && b.target ? overlapAreaM2(a.target.geometry, b.target.geometry) : 0;
        if (ov.area - was <= TOL_M2) continue;
        add(b.index, {
          problem: 'overlaps_neighbour',
          severity: tiling ? 'error' : 'warning',
          repairable: false,
          message: `${noun} ${b.code ?? `#${b.index + 1}`} overlaps feature ${a.index + 1} of the file (${a.code ?? 'no code'}) by ${ov.area.toFixed(1)} m²`,
          where: { point: pt(ov.at) },
        });
      }
    });
  }
  return out;
}

/** A live feature a replace import keeps as it is (its version in the file is invalid and skipped). */
export interface KeptFeature {
  id: number;
  code: string;
  geometry: Geometry;
}

/**
 * The second look of a replace import: features whose new version is invalid stay live as they
 * are, so the features that will be written must not (newly) overlap them either — the commit
 * hook would refuse the whole apply otherwise.
 */
export function keptNeighbourChecks(layer: LayerName, items: SpatialItem[], kept: KeptFeature[]): Map<number, GeometryFinding[]> {
  const out = new Map<number, GeometryFinding[]>();
  const noun = LAYER_NOUN[layer];
  const tiling = TILING_LAYERS.has(layer);
  const boxes = kept.map((k) => (isArea(k.geometry) ? bboxOf(toPolys(k.geometry)) : null));
  for (const it of items) {
    if (!isArea(it.geometry) || keepsGeometry(it)) continue;
    const b = bboxOf(toPolys(it.geometry));
    kept.forEach((k, i) => {
      const kb = boxes[i];
      if (!kb || kb[0] > b[2] || b[0] > kb[2] || kb[1] > b[3] || b[1] > kb[3] || k.id === it.target?.id) return;
      const ov = overlapWithPoint(it.geometry, k.geometry, TOL_M2);
      const was = it.target ? overlapAreaM2(it.target.geometry, k.geometry) : 0;
      if (ov.area - was <= TOL_M2) return;
      const list = out.get(it.index) ?? [];
      list.push({
        problem: 'overlaps_neighbour',
        severity: tiling ? 'error' : 'warning',
        repairable: false,
        message: `${noun} ${it.code ?? `#${it.index + 1}`} overlaps ${noun} ${k.code} (#${k.id}) by ${ov.area.toFixed(1)} m²; ${k.code} stays as it is, since its version in the file is invalid`,
        where: { point: pt(ov.at) },
      });
      out.set(it.index, list);
    });
  }
  return out;
}
