/**
 * One-to-one check for aux-grids (警格): each 警格 must match exactly one grid with intersection
 * over union ≥ options.oneToOneIou, and each grid must have exactly one 警格.
 */
import type { AlignmentIndex } from './alignment-index.ts';
import type { FeatureId, OneToOneResult } from './types.ts';

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** IoUs closer than this are a tie (float noise of the area sums); the first candidate stays best. */
const TIE = 1e-9;

/** Run the one-to-one check on the current state of an index. */
export function oneToOneCheck(ix: AlignmentIndex): OneToOneResult {
  const thr = ix.options.oneToOneIou;
  const pairs: OneToOneResult['pairs'] = [];
  const failures: OneToOneResult['failures'] = [];
  const zoneBest = new Map<number, { g: number; iou: number }>();
  const zoneMatches = new Map<number, number[]>();
  for (let g = 0; g < ix.gridShapes.length; g++) {
    const gs = ix.gridShapes[g];
    if (!gs) continue;
    let best: { z: number; iou: number } | null = null;
    const matches: { z: number; iou: number }[] = [];
    for (const [z, a] of ix.gridPieces[g]) {
      const zs = ix.zoneShapes[z]!;
      const iou = a / (gs.areaM2 + zs.areaM2 - a);
      if (!best || iou > best.iou + TIE) best = { z, iou };
      const zb = zoneBest.get(z);
      if (!zb || iou > zb.iou + TIE) zoneBest.set(z, { g, iou });
      if (iou >= thr) { matches.push({ z, iou }); zoneMatches.set(z, [...(zoneMatches.get(z) ?? []), g]); }
    }
    const bestOut = best ? { id: ix.zoneIds[best.z], iou: best.iou } : null;
    if (matches.length === 1) pairs.push({ gridId: gs.id, zoneId: ix.zoneIds[matches[0].z], iou: matches[0].iou });
    else if (matches.length > 1) failures.push({ layer: 'grids', id: gs.id, why: `matched by ${matches.length} aux-grids: ${matches.map((m) => String(ix.zoneIds[m.z])).join(', ')}`, best: bestOut });
    else if (!best) failures.push({ layer: 'grids', id: gs.id, why: 'no aux-grid covers this grid', best: null });
    else {
      const n = ix.gridPieces[g].length;
      const why = n > 1
        ? `split between ${n} aux-grids; best ${String(bestOut!.id)} has IoU ${pct(best.iou)}`
        : `best aux-grid ${String(bestOut!.id)} has IoU ${pct(best.iou)} (< ${pct(thr)})`;
      failures.push({ layer: 'grids', id: gs.id, why, best: bestOut });
    }
  }
  for (let z = 0; z < ix.zoneShapes.length; z++) {
    const zs = ix.zoneShapes[z];
    if (!zs) continue;
    const m = zoneMatches.get(z) ?? [];
    if (m.length === 1) continue;
    const b = zoneBest.get(z);
    const best: { id: FeatureId; iou: number } | null = b ? { id: ix.gridIds[b.g], iou: b.iou } : null;
    let why: string;
    if (m.length > 1) why = `matches ${m.length} grids: ${m.map((g) => String(ix.gridIds[g])).join(', ')}`;
    else if (!b) why = 'lies outside every grid';
    else {
      const n = ix.zoneGrids[z].size;
      why = n > 1 ? `spans ${n} grids; best ${String(best!.id)} has IoU ${pct(b.iou)}` : `best grid ${String(best!.id)} has IoU ${pct(b.iou)} (< ${pct(thr)})`;
    }
    failures.push({ layer: 'zones', id: zs.id, why, best });
  }
  return { pairs, failures };
}
