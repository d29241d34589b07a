import type { Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import { FACILITY_STATUS, PARENT_LAYER, type LayerName } from '../domain/layers.ts';
import { interiorPoint, pointInPolys, toPolys, type AreaGeometry } from '../grids/geom.ts';
import { rowsInBbox } from '../store/features.ts';
import type { GeometryFinding } from './geometry-check.ts';

/**
 * Reference lookups of an import: parents and stations by code (cached per validation), a
 * parent found by location when the file has no parent column, and the attribute rules of
 * facility layers.
 */

/** A live feature found by code. */
export interface Ref {
  id: number;
  code: string;
  geometry: string;
}

/** Cached live-feature-by-code lookups of one validation. */
export class RefLookup {
  private readonly cache = new Map<string, Ref | null>();
  constructor(private readonly db: Db) {}

  /** The live feature of `layer` with `code`, or null. */
  byCode(layer: LayerName, code: string): Ref | null {
    const key = `${layer}\u0000${code}`;
    if (!this.cache.has(key)) {
      const r = this.db.prepare('SELECT id, code, geometry FROM features WHERE layer = ? AND code = ? AND retired_at IS NULL').get(layer, code) as Ref | undefined;
      this.cache.set(key, r ?? null);
    }
    return this.cache.get(key)!;
  }
}

/** A point that surely lies inside the geometry (the point itself, or an interior point of the largest part). */
export function probePoint(g: Geometry): [number, number] | null {
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1]];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return null;
  const polys = toPolys(g as AreaGeometry);
  return interiorPoint(polys[0]);
}

/** The live feature of the parent layer containing the geometry's probe point, or null. */
export function parentByLocation(db: Db, layer: LayerName, g: Geometry): Ref | null {
  const parentLayer = PARENT_LAYER[layer];
  const p = probePoint(g);
  if (!parentLayer || !p) return null;
  for (const row of rowsInBbox(db, [p[0], p[1], p[0], p[1]], [parentLayer])) {
    const pg = JSON.parse(row.geometry) as Geometry;
    if ((pg.type === 'Polygon' || pg.type === 'MultiPolygon') && pointInPolys(p, toPolys(pg)) === 1) return { id: row.id, code: row.code, geometry: row.geometry };
  }
  return null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Facility attributes the write path constrains (status, openedOn): a bad value is dropped
 * with a warning instead of failing the whole import at apply.
 */
export function checkFacilityProps(layer: LayerName, props: Record<string, unknown>): GeometryFinding[] {
  if (layer !== 'police-rooms' && layer !== 'police-posts') return [];
  const out: GeometryFinding[] = [];
  if (props.status !== undefined && !(FACILITY_STATUS as readonly unknown[]).includes(props.status)) {
    out.push({
      problem: 'bad_attribute',
      severity: 'warning',
      repairable: false,
      message: `status ${JSON.stringify(props.status)} is not one of ${FACILITY_STATUS.join(', ')}: it is left out (counts as planned)`,
    });
    delete props.status;
  }
  const opened = props.openedOn;
  if (opened !== undefined && opened !== null && !(typeof opened === 'string' && DATE.test(opened))) {
    out.push({ problem: 'bad_attribute', severity: 'warning', repairable: false, message: `openedOn ${JSON.stringify(opened)} is not a date YYYY-MM-DD: it is left out` });
    delete props.openedOn;
  }
  return out;
}
