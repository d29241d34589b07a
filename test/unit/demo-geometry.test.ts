import { describe, expect, it } from 'vitest';
import { repairTopology, unionByEdges, voronoiPartition, ringArea2, type MultiPoly, type Ring } from '../../server/demo/gen-geometry.ts';
import { createRng } from '../../server/demo/gen-random.ts';

const square = (x: number, y: number, s = 1): MultiPoly => [[[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]];
const area = (mp: MultiPoly): number => mp.reduce((a, p) => a + p.reduce((b, r) => b + ringArea2(r) / 2, 0), 0);

describe('demo geometry helpers', () => {
  it('the seeded rng is deterministic and seed-dependent', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });

  it('repairTopology inserts T-junction vertices and snaps near-identical ones', () => {
    const left = square(0, 0, 2);
    const right: MultiPoly = [[[[2 + 1e-12, 0], [3, 0], [3, 2], [2, 2], [2 + 1e-12, 1], [2 + 1e-12, 0]]]];
    // right has a vertex on the shared edge that left lacks, and a corner 1e-12 off left's corner
    const polys = [left, right];
    repairTopology(polys);
    expect(polys[0][0][0]).toContainEqual([2 + 1e-12, 1]);
    expect(polys[1][0][0]).toContainEqual([2, 0]);
    expect(polys[1][0][0]).not.toContainEqual([2 + 1e-12, 0]);
    const u = unionByEdges(polys);
    expect(u).toHaveLength(1);
    expect(Math.abs(area(u) - (area(polys[0]) + area(polys[1])))).toBeLessThan(1e-12);
  });

  it('unionByEdges cancels shared edges, keeps holes, and splits at pinch points', () => {
    const ring: MultiPoly[] = [];
    for (let x = 0; x < 3; x++) for (let y = 0; y < 3; y++) if (x !== 1 || y !== 1) ring.push(square(x, y));
    const u = unionByEdges(ring);
    expect(u).toHaveLength(1);
    expect(u[0]).toHaveLength(2); // outer + hole
    expect(area(u)).toBeCloseTo(8, 12);
    const pinch = unionByEdges([square(0, 0), square(1, 1)]);
    expect(pinch).toHaveLength(2);
    pinch.forEach((p) => expect((p[0] as Ring).length).toBe(5));
  });

  it('voronoiPartition tiles its parent (after repair)', () => {
    const parent: MultiPoly = [[[[0, 0], [0.1, 0], [0.1, 0.05], [0.05, 0.05], [0.05, 0.1], [0, 0.1], [0, 0]]]];
    const cells = voronoiPartition(parent, [[0.02, 0.02], [0.08, 0.02], [0.02, 0.08], [0.04, 0.04]]);
    const all = [parent, ...cells];
    repairTopology(all);
    const u = unionByEdges(all.slice(1));
    expect(Math.abs(area(u) - area(all[0]))).toBeLessThan(1e-15);
    const keys = (mp: MultiPoly) => mp.flatMap((p) => p.flatMap((r) => r.map((q) => q.join(',')))).sort();
    expect(new Set(keys(u))).toEqual(new Set(keys(all[0])));
  });
});
