/** Validity helpers: the star-shaped fast path and the crossing sweep. */
import { describe, expect, it } from 'vitest';
import { findSelfIntersection, isStarShaped } from '../../server/alignment/validity.ts';

const ring = (...pts: [number, number][]): Float64Array => new Float64Array(pts.flat());
const pentagram = ring(...[0, 2, 4, 1, 3].map((k): [number, number] => [Math.cos((k * 2 * Math.PI) / 5 + Math.PI / 2) * 10, Math.sin((k * 2 * Math.PI) / 5 + Math.PI / 2) * 10]));

describe('validity', () => {
  it('accepts star-shaped rings quickly and refuses everything else', () => {
    expect(isStarShaped(ring([0, 0], [10, 0], [10, 10], [0, 10]))).toBe(true);
    expect(isStarShaped(ring([0, 0], [0, 10], [10, 10], [10, 0]))).toBe(false); // clockwise
    expect(isStarShaped(pentagram)).toBe(false); // winds twice
    // simple but not star-shaped around its centroid (a thin U): falls back to the sweep
    expect(isStarShaped(ring([0, 0], [10, 0], [10, 10], [9, 10], [9, 1], [1, 1], [1, 10], [0, 10]))).toBe(false);
  });

  it('finds crossings and same-direction doubled edges, accepts touching points and spikes', () => {
    expect(findSelfIntersection([pentagram])).toMatch(/cross/);
    expect(findSelfIntersection([ring([0, 0], [10, 10], [10, 0], [0, 10])])).toMatch(/edge 0 of ring 0 and edge 2 of ring 0 cross/);
    expect(findSelfIntersection([ring([0, 0], [10, 0], [10, 10], [9, 10], [9, 1], [1, 1], [1, 10], [0, 10])])).toBeNull();
    // touching itself at (5, 5): a figure of two squares meeting at a corner, as one ring
    expect(findSelfIntersection([ring([0, 0], [5, 0], [5, 5], [10, 5], [10, 10], [5, 10], [5, 5], [0, 5])])).toBeNull();
    // a spike (goes out and back along the same segment)
    expect(findSelfIntersection([ring([0, 0], [10, 0], [20, 0], [10, 0], [10, 10], [0, 10])])).toBeNull();
    // a hole crossing its outer ring
    expect(findSelfIntersection([ring([0, 0], [10, 0], [10, 10], [0, 10]), ring([5, 5], [5, 15], [8, 15], [8, 5])])).toMatch(/ring 0 .* ring 1|ring 1 .* ring 0/);
    // the same boundary twice in the same direction
    expect(findSelfIntersection([ring([0, 0], [10, 0], [10, 10], [0, 10]), ring([0, 0], [10, 0], [10, 10], [0, 10])])).toMatch(/same direction/);
  });
});

describe('grid-in-zone fast path', () => {
  it('does not take a vertical zone edge through the grid for full coverage', async () => {
    const { analyzeAlignment } = await import('../../server/alignment/index.ts');
    const fc = (rings: number[][][]) => ({ type: 'FeatureCollection', features: rings.map((r, i) => ({ type: 'Feature', properties: { id: i }, geometry: { type: 'Polygon', coordinates: [[...r, r[0]]] } })) });
    const box = (x0: number, y0: number, x1: number, y1: number): number[][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    // Projection centred on lon 126: the meridian lon = 126 is exactly vertical (x = 0), so zone 0's
    // left edge makes no edge piece while it cuts the grid in half; its top and bottom lie outside
    // the grid's box. Zone 1 holds the whole grid with no edge in its box.
    const grid = fc([box(125.999, 41.999, 126.001, 42.001)]);
    const zones = fc([box(126, 41.99, 126.01, 42.01), box(125.99, 41.99, 126.01, 42.01)]);
    const r = analyzeAlignment(grid, zones, { centre: [126, 42] });
    const [a, b] = [r.grids[0].zones.find((z) => z.zoneId === 0)!.share, r.grids[0].zones.find((z) => z.zoneId === 1)!.share];
    expect(b).toBeCloseTo(1, 9);
    expect(a).toBeGreaterThan(0.49);
    expect(a).toBeLessThan(0.51);
  });
});
