import { area } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf, samePosition } from '../modes/rings.ts';
import type { GeometrySet } from '../modes/topology.ts';
import type { FeatureId } from '../modes/types.ts';

/** How a vertex-edit session is sent to the server. */
export type VertexSavePlan =
  /** only moved vertices of grids: one topological move-vertex commit per moved point */
  | { kind: 'move-vertex'; moves: { from: [number, number]; to: [number, number] }[] }
  /** anything else: one PUT per changed feature, shrinking features first so no step adds overlap */
  | { kind: 'put'; order: FeatureId[] };

/**
 * Chooses how to save the changed geometries of a vertex-edit session. Grids whose edits are
 * pure vertex moves (same ring structure, each old point mapped to one new point, no move onto
 * another moved point's old place) go through the server's move-vertex, which moves the point in
 * every grid and zone sharing it in one transaction. Other edits become PUTs ordered by area
 * change (shrinking first), so a shared boundary never overlaps between two steps.
 */
export function planVertexSave(original: GeometrySet, changed: GeometrySet, layer: string): VertexSavePlan {
  if (layer === 'grids') {
    const moves = pureMoves(original, changed);
    if (moves) return { kind: 'move-vertex', moves };
  }
  const delta = (id: FeatureId) => area(changed.get(id)!) - area(original.get(id)!);
  return { kind: 'put', order: [...changed.keys()].sort((a, b) => delta(a) - delta(b)) };
}

function pureMoves(original: GeometrySet, changed: GeometrySet): { from: [number, number]; to: [number, number] }[] | null {
  const map = new Map<string, { from: Position; to: Position }>();
  for (const [id, after] of changed) {
    const before = original.get(id);
    if (!before || !sameStructure(before, after)) return null;
    const pb = polygonsOf(before);
    const pa = polygonsOf(after);
    for (let p = 0; p < pb.length; p++) {
      for (let r = 0; r < pb[p].length; r++) {
        for (let v = 0; v < pb[p][r].length; v++) {
          const from = pb[p][r][v];
          const to = pa[p][r][v];
          if (samePosition(from, to)) continue;
          const key = `${from[0]},${from[1]}`;
          const seen = map.get(key);
          if (seen && !samePosition(seen.to, to)) return null;
          map.set(key, { from, to });
        }
      }
    }
  }
  const moves = [...map.values()];
  if (!moves.length) return null;
  if (moves.some((m) => moves.some((o) => o !== m && samePosition(m.to, o.from)))) return null;
  return moves.map((m) => ({ from: [m.from[0], m.from[1]], to: [m.to[0], m.to[1]] }));
}

function sameStructure(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): boolean {
  const pa = polygonsOf(a);
  const pb = polygonsOf(b);
  return pa.length === pb.length && pa.every((poly, i) => poly.length === pb[i].length && poly.every((ring, r) => ring.length === pb[i][r].length));
}
