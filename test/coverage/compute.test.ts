import { describe, expect, it } from 'vitest';
import { analyseCoverage } from '../../server/coverage/compute.ts';
import { NearestIndex, geodesicDistanceM } from '../../server/coverage/nearest.ts';
import type { CoverageRow } from '../../server/coverage/types.ts';
import { smallCity } from './fixture.ts';

/** One degree of latitude on the mean-radius sphere, metres. */
const DEG = (6_371_008.8 * Math.PI) / 180;

function row(rows: CoverageRow[], code: string): CoverageRow {
  const r = rows.find((x) => x.code === code);
  if (!r) throw new Error(`no row ${code}`);
  return r;
}

describe('analyseCoverage on the hand-made small city', () => {
  const a = analyseCoverage(smallCity());
  const A = row(a.rows.county, 'A');
  const B = row(a.rows.county, 'B');
  const city = a.rows.city[0];

  it('has one row per unit at each level', () => {
    expect(a.rows.county.map((r) => r.code)).toEqual(['A', 'B']);
    expect(a.rows.township).toHaveLength(2);
    expect(a.rows.community).toHaveLength(3);
    expect(a.rows.grid).toHaveLength(6);
    expect(a.rows.city).toHaveLength(1);
    expect([A.communities, A.grids, B.communities, B.grids, city.communities, city.grids]).toEqual([2, 3, 1, 3, 3, 6]);
  });

  it('counts rooms: only built/staffed, planned-only separately', () => {
    // C1 staffed, C2 planned only, C3 built
    expect(A.room).toEqual({ n: 1, of: 2, share: 0.5 });
    expect(A.roomPlannedOnly).toBe(1);
    expect(B.room).toEqual({ n: 1, of: 1, share: 1 });
    expect(city.room).toEqual({ n: 2, of: 3, share: 0.6667 });
  });

  it('counts posts: a grid with a built and a planned post has a post', () => {
    // G1 built, G2 planned only, G3 none, G4 staffed, G5 built + planned, G6 none
    expect(A.post).toEqual({ n: 1, of: 3, share: 0.3333 });
    expect(A.postPlannedOnly).toBe(1);
    expect(B.post).toEqual({ n: 2, of: 3, share: 0.6667 });
    expect(B.postPlannedOnly).toBe(0);
    expect(city.post.n).toBe(3);
  });

  it('finds the officer of each grid through grid, community and beat assignments, not aux officers', () => {
    // G1 by O1 (grid), G3 by O2 (its community C2), G4+G5 by O3 (beat); G2 only has aux officer X1, G6 none
    expect(A.officer).toEqual({ n: 2, of: 3, share: 0.6667 });
    expect(B.officer).toEqual({ n: 2, of: 3, share: 0.6667 });
    expect(city.officer.n).toBe(4);
    const grids = Object.fromEntries(a.rows.grid.map((r) => [r.name, r.officer.n]));
    expect(grids).toEqual({ G1: 1, G2: 0, G3: 1, G4: 1, G5: 1, G6: 0 });
    expect(A.vacantGrids).toBe(1);
    expect(B.vacantGrids).toBe(1);
  });

  it('counts non-party-member director assistants only', () => {
    expect(A.directorAssistant).toEqual({ n: 1, of: 2, share: 0.5 });
    expect(A.partyMemberAssistants).toBe(1);
    expect(B.directorAssistant).toEqual({ n: 1, of: 1, share: 1 });
    expect(city.vacantCommunities).toBe(1);
  });

  it('counts officers and aux officers serving as part-time grid workers per county', () => {
    // A: O1, O2, X1 all part-time grid workers; B: O3 (beat only) and O4 (none) not, X2 (auxGrid on G6) yes
    expect(A.partTimeGridWorker).toEqual({ n: 3, of: 3, share: 1 });
    expect(B.partTimeGridWorker).toEqual({ n: 1, of: 3, share: 0.3333 });
    expect(city.partTimeGridWorker).toEqual({ n: 4, of: 6, share: 0.6667 });
    expect(row(a.rows.township, 'A01').partTimeGridWorker).toBeNull();
  });

  it('flags officers over the maximum of grids (max 1: O3 serves G4 and G5)', () => {
    expect(a.overloads).toEqual([{ staffId: 3, code: 'O3', name: '民警三', grids: 2, max: 1, countyCodes: ['B'] }]);
    expect(A.overloadedOfficers).toBe(0);
    expect(B.overloadedOfficers).toBe(1);
    expect(city.overloadedOfficers).toBe(1);
  });

  it('takes alignment from the alignment result, over grids with a status', () => {
    expect(A.aligned).toEqual({ n: 2, of: 3, share: 0.6667 });
    expect(B.aligned).toEqual({ n: 1, of: 1, share: 1 });
    expect(city.aligned).toEqual({ n: 3, of: 4, share: 0.75 });
  });

  it('counts open and overdue notices; county-only notices do not reach townships', () => {
    expect([A.noticesOpen, A.noticesOverdue, B.noticesOpen, B.noticesOverdue]).toEqual([1, 1, 1, 0]);
    expect([city.noticesOpen, city.noticesOverdue]).toEqual([2, 1]);
    expect(row(a.rows.township, 'B01').noticesOpen).toBe(0);
  });

  it('reports null for alignment and notices when there is no such data', () => {
    const input = smallCity();
    delete input.alignment;
    delete input.notices;
    const b = analyseCoverage(input);
    expect(b.rows.city[0].aligned).toBeNull();
    expect(b.rows.city[0].noticesOpen).toBeNull();
    expect(b.hasAlignment).toBe(false);
  });

  it('lists vacancies of every kind', () => {
    const by = (k: string) => a.vacancies.filter((v) => v.kind === k).map((v) => v.name);
    expect(by('grid-without-officer')).toEqual(['G2', 'G6']);
    expect(by('community-without-assistant')).toEqual(['社区C2']);
    expect(by('community-without-room')).toEqual(['社区C2']);
    expect(by('grid-without-post')).toEqual(['G2', 'G3', 'G6']);
  });

  it('measures distances to the nearest serving room and post (planned ones ignored)', () => {
    const d = Object.fromEntries(a.distances.map((x) => [x.code.slice(-2), x]));
    expect([d.G1.toPostM, d.G1.toRoomM, d.G1.nearestM]).toEqual([0, Math.round(0.002 * DEG), 0]);
    expect([d.G2.toPostM, d.G2.toRoomM, d.G2.nearestM]).toEqual([Math.round(0.005 * DEG), Math.round(0.003 * DEG), 334]);
    expect([d.G3.toRoomM, d.G3.toPostM, d.G3.withinReach]).toEqual([Math.round(0.018 * DEG), Math.round(0.02 * DEG), false]);
    expect([d.G6.nearestM, d.G6.reachM, d.G6.urban, d.G6.withinReach]).toEqual([Math.round(0.09 * DEG), 5000, false, false]);
    expect([d.G5.nearestM, d.G5.toRoomM, d.G5.withinReach]).toEqual([0, Math.round(0.01 * DEG), true]);
    expect(d.G2.urban && d.G2.reachM === 1000 && d.G2.withinReach).toBe(true);
  });

  it('weights reach by grid area', () => {
    // A: G1 + G2 (1+2 of 6 km²); B: G4 + G5 (4+5 of 15 km²); city 12 of 21
    expect(A.reach).toEqual({ areaM2: 3e6, ofM2: 6e6, share: 0.5 });
    expect(B.reach).toEqual({ areaM2: 9e6, ofM2: 15e6, share: 0.6 });
    expect(city.reach?.share).toBe(0.5714);
  });
});

describe('NearestIndex', () => {
  it('agrees with brute force on scattered points', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pts: [number, number][] = Array.from({ length: 400 }, () => [125 + rnd() * 2, 41 + rnd() * 2]);
    const idx = new NearestIndex(pts);
    for (let k = 0; k < 200; k++) {
      const q: [number, number] = [124.5 + rnd() * 3, 40.5 + rnd() * 3];
      const brute = Math.min(...pts.map((p) => geodesicDistanceM(q, p)));
      expect(idx.nearest(q)!.distanceM).toBeCloseTo(brute, 6);
    }
  });

  it('answers null when empty', () => {
    expect(new NearestIndex([]).nearest([126, 41])).toBeNull();
  });
});
