/** Turning per-grid pieces into grid rows / zone rows (the definitions). */
import type { FeatureId, GridRow, GridStatus, ResolvedOptions, ZoneRow, ZoneShare } from './types.ts';

/** One (zone index, area m²) piece of a grid. */
export type Piece = [zoneIdx: number, areaM2: number];

/**
 * Status of a grid from its pieces, checked in this order: uncovered (all zones together
 * < uncoveredShare), aligned (one zone ≥ alignedShare), split (≥ 2 zones each ≥ splitShare),
 * partial (otherwise: one zone but a gap).
 */
export function gridStatus(areaM2: number, pieces: Piece[], o: ResolvedOptions): GridStatus {
  let covered = 0, max = 0, touching = 0;
  for (const [, a] of pieces) {
    covered += a;
    if (a > max) max = a;
    if (a >= o.splitShare * areaM2) touching++;
  }
  if (covered < o.uncoveredShare * areaM2) return 'uncovered';
  if (max >= o.alignedShare * areaM2) return 'aligned';
  if (touching >= 2) return 'split';
  return 'partial';
}

/** Build the grid row. `pieces` must be sorted by descending area. */
export function makeGridRow(id: FeatureId, areaM2: number, pieces: Piece[], zoneIds: FeatureId[], o: ResolvedOptions): GridRow {
  let covered = 0;
  const zones: ZoneShare[] = pieces.map(([z, a]) => {
    covered += a;
    return { zoneId: zoneIds[z], areaM2: a, share: areaM2 > 0 ? a / areaM2 : 0 };
  });
  covered = Math.min(covered, areaM2);
  return {
    id,
    areaM2,
    coveredM2: covered,
    coveredShare: areaM2 > 0 ? covered / areaM2 : 0,
    zones,
    status: gridStatus(areaM2, pieces, o),
    dominantZoneId: pieces.length ? zoneIds[pieces[0][0]] : null,
  };
}

/**
 * Build the zone row. `gridPieces` are (grid index, area of grid ∩ zone) for every grid with a
 * piece of this zone; `overlaps` (zone index → m²) the zone's overlaps above dust.
 * A zone is aligned when it cuts no grid and everything but its whole grids (overhang, nibbles
 * below the split share, overlaps) stays within (1 − alignedShare) of its area.
 */
export function makeZoneRow(
  id: FeatureId,
  areaM2: number,
  gridPieces: [gridIdx: number, areaM2: number][],
  gridAreas: (g: number) => number,
  gridIds: FeatureId[],
  overlaps: Map<number, number>,
  zoneIds: FeatureId[],
  o: ResolvedOptions,
): ZoneRow {
  const whole: [number, FeatureId][] = [];
  const cut: [number, FeatureId][] = [];
  let inGrids = 0, inWhole = 0;
  for (const [g, a] of gridPieces) {
    inGrids += a;
    const ga = gridAreas(g);
    if (a >= o.alignedShare * ga) { whole.push([g, gridIds[g]]); inWhole += a; }
    else if (a >= o.splitShare * ga) cut.push([g, gridIds[g]]);
  }
  whole.sort((p, q) => p[0] - q[0]);
  cut.sort((p, q) => p[0] - q[0]);
  const rawOverhang = areaM2 - inGrids;
  const overhangM2 = rawOverhang > o.dustM2 ? rawOverhang : 0; // below dust: floating-point noise
  const ov = [...overlaps].filter(([, a]) => a > o.dustM2).sort((p, q) => p[0] - q[0]).map(([z, a]) => ({ zoneId: zoneIds[z], areaM2: a }));
  const overlapSum = ov.reduce((s, x) => s + x.areaM2, 0);
  const tol = (1 - o.alignedShare) * areaM2;
  const aligned = whole.length > 0 && cut.length === 0 && areaM2 - inWhole <= tol && overlapSum <= tol;
  return { id, areaM2, wholeGrids: whole.map((w) => w[1]), cutGrids: cut.map((c) => c[1]), overhangM2, overlaps: ov, aligned };
}
