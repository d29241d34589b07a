import type { Geometry } from 'geojson';
import { intersectionAreaInBox } from '../alignment/overlap-area.ts';
import { overlapOf } from '../edits/validate-edit.ts';
import { bboxOf, projectorAt, toPolys, type AreaGeometry } from '../grids/geom.ts';

/**
 * Overlap areas for the import's checks and diff. Building the intersection polygon
 * (polyclip, as overlapOf does) costs over a second for two neighbouring county outlines of
 * thousands of vertices even when they only share a border; the alignment engine's
 * Green's-theorem sum (intersectionAreaInBox) gives the exact area without building anything,
 * in milliseconds. The polygon is built only when a point inside the overlap is wanted.
 */

const isArea = (g: Geometry | null | undefined): g is AreaGeometry => !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');

/** Flat metric rings (no closing vertex), winding 1 inside: what intersectionAreaInBox expects. */
function flatRings(g: AreaGeometry, toM: (p: number[]) => [number, number]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const poly of toPolys(g)) {
    poly.forEach((ring, i) => {
      const n = ring.length - 1;
      const r = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const [x, y] = toM(ring[k]);
        r[2 * k] = x;
        r[2 * k + 1] = y;
      }
      // RFC 7946 winding (shell ccw, holes cw) is what the sum needs; enforce it in case
      let s = 0;
      for (let k = 0; k < n; k++) {
        const j = (k + 1) % n;
        s += (r[2 * k] - r[0]) * (r[2 * j + 1] - r[1]) - (r[2 * j] - r[0]) * (r[2 * k + 1] - r[1]);
      }
      if (s > 0 !== (i === 0)) {
        for (let a = 0, b = n - 1; a < b; a++, b--) {
          const tx = r[2 * a], ty = r[2 * a + 1];
          r[2 * a] = r[2 * b];
          r[2 * a + 1] = r[2 * b + 1];
          r[2 * b] = tx;
          r[2 * b + 1] = ty;
        }
      }
      out.push(r);
    });
  }
  return out;
}

/** Area (m²) of a ∩ b for two area geometries (0 for anything else). */
export function overlapAreaM2(a: Geometry, b: Geometry): number {
  if (!isArea(a) || !isArea(b)) return 0;
  const ba = bboxOf(toPolys(a));
  const bb = bboxOf(toPolys(b));
  const x0 = Math.max(ba[0], bb[0]);
  const y0 = Math.max(ba[1], bb[1]);
  const x1 = Math.min(ba[2], bb[2]);
  const y1 = Math.min(ba[3], bb[3]);
  if (!(x1 > x0 && y1 > y0)) return 0;
  const pr = projectorAt((Math.min(ba[1], bb[1]) + Math.max(ba[3], bb[3])) / 2);
  const toM = (p: number[]) => pr.toMeters(p);
  const [mx0, my0] = toM([x0, y0]);
  const [mx1, my1] = toM([x1, y1]);
  return Math.max(0, intersectionAreaInBox(flatRings(a, toM), flatRings(b, toM), mx0, my0, mx1, my1));
}

/** Overlap area and, when above `tol`, a point inside the overlap (for the problem's place). */
export function overlapWithPoint(a: Geometry, b: Geometry, tol: number): { area: number; at: [number, number] | null } {
  const area = overlapAreaM2(a, b);
  if (area <= tol) return { area, at: null };
  return { area, at: overlapOf(a as AreaGeometry, b as AreaGeometry).at };
}
