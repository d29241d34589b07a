import type { Feature, Geometry } from 'geojson';
import { areaM2, toPolys, type AreaGeometry } from '../grids/geom.ts';
import { overlapAreaM2 } from './overlap.ts';
import type { ImportDiff } from './types.ts';

/**
 * The difference a replace import makes to the current layer (within its scope): codes added,
 * removed and changed, and the area that changes hands (for a changed feature the symmetric
 * difference of old and new geometry, for an added or removed one its whole area).
 */

const isArea = (g: Geometry | null | undefined): g is AreaGeometry => !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');

/** Area of an area geometry in m² (0 for points). */
export function areaOf(g: Geometry | null | undefined): number {
  return isArea(g) ? areaM2(toPolys(g)) : 0;
}

/** Area (m²) that moves between geometry `a` and `b`: |a| + |b| − 2·|a ∩ b|. */
export function areaMoved(a: Geometry, b: Geometry): number {
  if (!isArea(a) || !isArea(b)) return 0;
  return Math.max(0, areaOf(a) + areaOf(b) - 2 * overlapAreaM2(a, b));
}

/** What one kept feature looked like before (the live feature) and will look like. */
export interface DiffPair {
  code: string;
  before: Feature | null;
  after: { geometry: Geometry; changed: boolean } | null;
}

/** Builds the ImportDiff of a replace import from its pairs. */
export function buildDiff(pairs: DiffPair[]): ImportDiff {
  const diff: ImportDiff = { added: [], removed: [], changed: [], unchanged: 0, areaMovedM2: 0 };
  let moved = 0;
  for (const p of pairs) {
    if (!p.before && p.after) {
      diff.added.push(p.code);
      moved += areaOf(p.after.geometry);
    } else if (p.before && !p.after) {
      diff.removed.push(p.code);
      moved += areaOf(p.before.geometry);
    } else if (p.before && p.after) {
      if (!p.after.changed) {
        diff.unchanged++;
        continue;
      }
      diff.changed.push(p.code);
      moved += areaMoved(p.before.geometry, p.after.geometry);
    }
  }
  const sort = (a: string[]) => a.sort((x, y) => x.localeCompare(y));
  sort(diff.added);
  sort(diff.removed);
  sort(diff.changed);
  diff.areaMovedM2 = Math.round(moved * 10) / 10;
  return diff;
}
