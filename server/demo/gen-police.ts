/**
 * Police layers of the demo city: stations (groups of townships), beats (contiguous groups
 * of grids inside a station), aux-grids (one per grid), and a recorded minority of deliberate
 * misalignments. Geometry is expressed as "slots": grid polygons and cut pieces, whose exact
 * union (after topology repair) gives each zone.
 */
import type { DesignedMisalignment } from './types.ts';
import type { AdminCity } from './gen-admin.ts';
import { edgeAdjacency, type MultiPoly } from './gen-geometry.ts';
import { areaM2, halfPlaneCut, stripAlong, type Cut } from './gen-pieces.ts';
import { stationStem } from './gen-names.ts';
import type { Rng } from './gen-random.ts';

export interface StationPlan { code: string; name: string; countyCode: string; townshipIdx: number[] }
export interface ZonePlan {
  code: string;
  name: string;
  stationCode: string;
  /** grids the zone is meant to hold (before any misalignment) */
  gridIdx: number[];
  /** slot indices: < grids.length is a grid, otherwise pieces[slot - grids.length] */
  slots: number[];
  beatCode?: string;
}
export interface PolicePlan {
  stations: StationPlan[];
  beats: ZonePlan[];
  auxGrids: ZonePlan[];
  pieces: MultiPoly[];
  misalignments: DesignedMisalignment[];
  /** beat index of each grid (as designed, before misalignments) */
  beatOfGrid: number[];
}

const BEAT_KINDS = ['sliver', 'sliver', 'sliver', 'cut-through', 'cut-through', 'gap', 'no-zone', 'overlap', 'overlap'] as const;
const AUX_KINDS = ['no-zone', 'no-zone', 'merged', 'sliver', 'sliver', 'gap', 'overlap', 'overlap'] as const;

/** Plans stations, beats, aux-grids and the misalignments (pieces cut, not yet repaired). */
export function planPolice(admin: AdminCity, rng: Rng): PolicePlan {
  const { townships, grids } = admin;
  const nG = grids.length;
  const townshipIdx = new Map(townships.map((t, i) => [t.code, i]));

  // stations: 1–3 adjacent townships of one county (urban streets get their own station)
  const tAdj = edgeAdjacency(townships.map((t) => t.mp));
  const stationOfTownship = new Array<number>(townships.length).fill(-1);
  const stations: StationPlan[] = [];
  const perCounty = new Map<string, number>();
  townships.forEach((t, i) => {
    if (stationOfTownship[i] !== -1) return;
    const size = t.props.urban ? 1 : rng.int(1, 3);
    const group = [i];
    stationOfTownship[i] = stations.length;
    while (group.length < size) {
      const cand = [...new Set(group.flatMap((g) => [...tAdj[g]]))]
        .filter((j) => stationOfTownship[j] === -1 && townships[j].parentCode === t.parentCode && !townships[j].props.urban)
        .sort((a, b) => a - b);
      if (!cand.length) break;
      const j = rng.pick(cand);
      stationOfTownship[j] = stations.length;
      group.push(j);
    }
    const n = (perCounty.get(t.parentCode!) ?? 0) + 1;
    perCounty.set(t.parentCode!, n);
    stations.push({ code: `${t.parentCode}P${String(n).padStart(2, '0')}`, name: `${stationStem(t.name)}派出所`, countyCode: t.parentCode!, townshipIdx: group });
  });

  // beats: grow contiguous groups of grids inside each station
  const gAdj = edgeAdjacency(grids.map((g) => g.mp));
  const stationOfGrid = grids.map((g) => stationOfTownship[townshipIdx.get(g.code.slice(0, 12))!]);
  const beatOfGrid = new Array<number>(nG).fill(-1);
  const groups: number[][] = [];
  const stationOfGroup: number[] = [];
  stations.forEach((_, s) => {
    const own = grids.map((_, i) => i).filter((i) => stationOfGrid[i] === s);
    const first = groups.length;
    for (const start of own) {
      if (beatOfGrid[start] !== -1) continue;
      const target = grids[start].props.kind === 'urban' ? rng.int(6, 12) : rng.int(3, 8);
      const group: number[] = [];
      const queue = [start];
      beatOfGrid[start] = groups.length;
      while (queue.length && group.length < target) {
        const g = queue.shift()!;
        group.push(g);
        for (const h of [...gAdj[g]].sort((a, b) => a - b)) {
          if (beatOfGrid[h] === -1 && stationOfGrid[h] === s && group.length + queue.length < target) {
            beatOfGrid[h] = groups.length;
            queue.push(h);
          }
        }
      }
      for (const g of queue) beatOfGrid[g] = -1;
      groups.push(group);
      stationOfGroup.push(s);
    }
    // merge groups smaller than 3 into an adjacent group of the same station
    for (let k = first; k < groups.length; k++) {
      if (groups[k].length >= 3 || groups[k].length === 0) continue;
      const nb = [...new Set(groups[k].flatMap((g) => [...gAdj[g]]))]
        .map((h) => beatOfGrid[h])
        .filter((b) => b !== k && b >= first && groups[b].length > 0)
        .sort((a, b) => Number(groups[a].length + groups[k].length > 12) - Number(groups[b].length + groups[k].length > 12) || groups[b].length - groups[a].length || a - b);
      if (!nb.length) continue;
      for (const g of groups[k]) beatOfGrid[g] = nb[0];
      groups[nb[0]].push(...groups[k]);
      groups[k] = [];
    }
  });
  const beats: ZonePlan[] = [];
  const beatIndexOfGroup = new Map<number, number>();
  const beatsPerStation = new Map<number, number>();
  groups.forEach((grp, k) => {
    if (!grp.length) return;
    const s = stationOfGroup[k];
    const n = (beatsPerStation.get(s) ?? 0) + 1;
    beatsPerStation.set(s, n);
    beatIndexOfGroup.set(k, beats.length);
    const sorted = grp.slice().sort((a, b) => a - b);
    beats.push({ code: `${stations[s].code}B${String(n).padStart(2, '0')}`, name: `第${n}警区`, stationCode: stations[s].code, gridIdx: sorted, slots: sorted.slice() });
  });
  for (let g = 0; g < nG; g++) beatOfGrid[g] = beatIndexOfGroup.get(beatOfGrid[g])!;

  const auxGrids: ZonePlan[] = grids.map((g, i) => {
    const b = beats[beatOfGrid[i]];
    return { code: `${g.code}J`, name: `${g.name}警格`, stationCode: b.stationCode, beatCode: b.code, gridIdx: [i], slots: [i] };
  });

  const pieces: MultiPoly[] = [];
  const addPiece = (mp: MultiPoly): number => { pieces.push(mp); return nG + pieces.length - 1; };
  const replace = (z: ZonePlan, from: number, to: number | null): void => {
    z.slots = z.slots.filter((s) => s !== from);
    if (to !== null) z.slots.push(to);
  };
  const misalignments: DesignedMisalignment[] = [];
  const gcode = (i: number): string => grids[i].code;

  /** A strip of grid g along neighbour n, sized between 1 % and 35 % of g; null when none fits. */
  const strip = (g: number, n: number, minW: number, maxW: number): { cut: Cut; w: number } | null => {
    for (let tries = 0; tries < 3; tries++) {
      const w = rng.int(minW, maxW);
      const cut = stripAlong(grids[g].mp, grids[n].mp, w, grids[g].seat);
      if (cut.share >= 0.01 && cut.share <= 0.35 && cut.rest.length) return { cut, w };
    }
    return null;
  };

  // beats: about 7 % of grids made non-aligned, plus a few overlaps
  const used = new Set<number>();
  const beatTarget = Math.round(nG * 0.075);
  for (const g of rng.shuffle(grids.map((_, i) => i))) {
    if (misalignments.length >= beatTarget) break;
    if (used.has(g)) continue;
    const B = beats[beatOfGrid[g]];
    const sameCounty = (h: number): boolean => grids[h].code.slice(0, 6) === grids[g].code.slice(0, 6);
    const partners = [...gAdj[g]].filter((h) => beatOfGrid[h] !== beatOfGrid[g] && !used.has(h) && sameCounty(h)).sort((a, b) => a - b);
    if (!partners.length || B.slots.length < 3) continue;
    const h = rng.pick(partners);
    const A = beats[beatOfGrid[h]];
    const kind = rng.pick(BEAT_KINDS);
    if (kind === 'no-zone') {
      replace(B, g, null);
      misalignments.push({ kind, layer: 'beats', zoneCodes: [B.code], gridCodes: [gcode(g)], note: `grid ${gcode(g)} left out of beat ${B.code}: no beat covers it` });
    } else if (kind === 'cut-through') {
      const cut = halfPlaneCut(grids[g].mp, grids[g].seat, grids[h].seat, (rng.next() - 0.5) * 1.2);
      if (cut.share < 0.1 || cut.share > 0.7 || !cut.rest.length) continue;
      replace(B, g, addPiece(cut.rest));
      A.slots.push(addPiece(cut.piece));
      misalignments.push({ kind, layer: 'beats', zoneCodes: [A.code, B.code], gridCodes: [gcode(g)], sizeM: Math.round(Math.sqrt(areaM2(cut.piece))), note: `beat ${A.code} cuts across grid ${gcode(g)} and takes ${(cut.share * 100).toFixed(1)} % of it from ${B.code}` });
    } else {
      const s = strip(g, h, kind === 'sliver' ? 5 : 10, 40);
      if (!s) continue;
      const pct = (s.cut.share * 100).toFixed(1);
      if (kind === 'sliver') {
        replace(B, g, addPiece(s.cut.rest));
        A.slots.push(addPiece(s.cut.piece));
        misalignments.push({ kind, layer: 'beats', zoneCodes: [A.code, B.code], gridCodes: [gcode(g)], sizeM: s.w, note: `beat ${A.code} reaches ${s.w} m into grid ${gcode(g)} (${pct} % of it), which ${B.code} lacks` });
      } else if (kind === 'gap') {
        replace(B, g, addPiece(s.cut.rest));
        misalignments.push({ kind, layer: 'beats', zoneCodes: [B.code], gridCodes: [gcode(g)], sizeM: s.w, note: `a ${s.w} m strip of grid ${gcode(g)} (${pct} %) along beat ${A.code} belongs to no beat` });
      } else {
        A.slots.push(addPiece(s.cut.piece));
        misalignments.push({ kind, layer: 'beats', zoneCodes: [A.code, B.code], gridCodes: [gcode(g)], sizeM: s.w, note: `beat ${A.code} overlaps beat ${B.code} by a ${s.w} m strip (${pct} % of grid ${gcode(g)}); the grid stays wholly in ${B.code}` });
      }
    }
    used.add(g);
    used.add(h);
  }

  // aux-grids: about 5 % of grids
  const usedAux = new Set<number>();
  const auxTarget = misalignments.length + Math.round(nG * 0.05);
  for (const g of rng.shuffle(grids.map((_, i) => i))) {
    if (misalignments.length >= auxTarget) break;
    if (usedAux.has(g)) continue;
    const partners = [...gAdj[g]].filter((h) => !usedAux.has(h) && auxGrids[h].stationCode === auxGrids[g].stationCode).sort((a, b) => a - b);
    if (!partners.length) continue;
    const h = rng.pick(partners);
    const Z = auxGrids[g];
    const N = auxGrids[h];
    const kind = rng.pick(AUX_KINDS);
    if (kind === 'no-zone') {
      replace(Z, g, null);
      misalignments.push({ kind, layer: 'aux-grids', zoneCodes: [Z.code], gridCodes: [gcode(g)], note: `grid ${gcode(g)} has no aux-grid` });
    } else if (kind === 'merged') {
      if (N.stationCode !== Z.stationCode) continue;
      replace(Z, g, null);
      N.slots.push(g);
      N.gridIdx.push(g);
      misalignments.push({ kind, layer: 'aux-grids', zoneCodes: [N.code, Z.code], gridCodes: [gcode(h), gcode(g)], note: `aux-grid ${N.code} covers grids ${gcode(h)} and ${gcode(g)}; ${Z.code} is gone` });
    } else {
      const s = strip(g, h, kind === 'sliver' ? 5 : 10, 40);
      if (!s) continue;
      const pct = (s.cut.share * 100).toFixed(1);
      if (kind === 'sliver') {
        replace(Z, g, addPiece(s.cut.rest));
        N.slots.push(addPiece(s.cut.piece));
        misalignments.push({ kind, layer: 'aux-grids', zoneCodes: [N.code, Z.code], gridCodes: [gcode(g)], sizeM: s.w, note: `aux-grid ${N.code} reaches ${s.w} m into grid ${gcode(g)} (${pct} %), which ${Z.code} lacks` });
      } else if (kind === 'gap') {
        replace(Z, g, addPiece(s.cut.rest));
        misalignments.push({ kind, layer: 'aux-grids', zoneCodes: [Z.code], gridCodes: [gcode(g)], sizeM: s.w, note: `aux-grid ${Z.code} misses a ${s.w} m strip (${pct} %) of its grid` });
      } else {
        N.slots.push(addPiece(s.cut.piece));
        misalignments.push({ kind, layer: 'aux-grids', zoneCodes: [N.code, Z.code], gridCodes: [gcode(g)], sizeM: s.w, note: `aux-grid ${N.code} overlaps ${Z.code} by a ${s.w} m strip (${pct} % of grid ${gcode(g)})` });
      }
    }
    usedAux.add(g);
    usedAux.add(h);
  }
  return { stations, beats, auxGrids: auxGrids.filter((z) => z.slots.length > 0), pieces, misalignments, beatOfGrid };
}
