import { describe, expect, it } from 'vitest';
import { normalizeWinding, ringSignedArea, validateGeometry } from '../../server/geometry/validate.ts';

const sq = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]];
const hole = [[0.5, 0.5], [0.5, 1], [1, 1], [1, 0.5], [0.5, 0.5]];
const poly = (...rings: unknown[]) => ({ type: 'Polygon', coordinates: rings });
const P = { expect: 'polygon' as const, label: 'feature grids/G1' };

describe('validateGeometry', () => {
  it('accepts a square and a square with a hole', () => {
    expect(validateGeometry(poly(sq), P).valid).toBe(true);
    expect(validateGeometry(poly(sq, hole), P).valid).toBe(true);
    expect(validateGeometry({ type: 'MultiPolygon', coordinates: [[sq], [[[3, 3], [4, 3], [4, 4], [3, 3]]]] }, P).valid).toBe(true);
    expect(validateGeometry({ type: 'Point', coordinates: [125.9, 41.7] }, { expect: 'point' }).valid).toBe(true);
  });

  it('normalises winding (exterior CCW, holes CW) and drops repeated positions', () => {
    const cw = [...sq].reverse();
    const r = validateGeometry(poly(cw, [...hole].reverse(), ), P);
    expect(r.valid).toBe(true);
    const rings = (r.geometry as any).coordinates;
    expect(ringSignedArea(rings[0])).toBeGreaterThan(0);
    expect(ringSignedArea(rings[1])).toBeLessThan(0);
    const dup = validateGeometry(poly([[0, 0], [2, 0], [2, 0], [2, 2], [0, 2], [0, 0]]), P);
    expect((dup.geometry as any).coordinates[0]).toHaveLength(5);
  });

  it.each([
    ['not an object', 'x', 'must be a GeoJSON geometry object', {}],
    ['wrong type', { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'must be Polygon or MultiPolygon (got "LineString")', {}],
    ['no rings', poly(), 'no rings', {}],
    ['string coordinates', { type: 'Polygon', coordinates: 'x' }, 'no rings', {}],
    ['bad position', poly([[0, 0], [1, 'a'], [1, 1], [0, 0]]), 'ring 0 (exterior), position 1: position is not [lon, lat] numbers', { ring: 0, position: 1 }],
    ['NaN', poly([[0, 0], [1, NaN], [1, 1], [0, 0]]), 'not a finite number', { ring: 0, position: 1 }],
    ['out of range', poly([[0, 0], [181, 0], [1, 1], [0, 0]]), '[181, 0] is outside lon -180..180', { ring: 0, position: 1, coordinate: [181, 0] }],
    ['too few positions', poly([[0, 0], [1, 0], [0, 0]]), 'ring 0 (exterior) has 3 positions; a closed ring needs at least 4', { ring: 0 }],
    ['unclosed exterior', poly([[0, 0], [1, 0], [1, 1], [0, 1]]), 'ring 0 (exterior) is not closed: first position [0, 0] differs from last [0, 1]', { ring: 0, position: 3, coordinate: [0, 1] }],
    ['unclosed hole', poly(sq, [[0.5, 0.5], [0.5, 1], [1, 1], [1, 0.5]]), 'ring 1 (hole 1) is not closed', { ring: 1, position: 3 }],
    ['degenerate ring', poly([[0, 0], [1, 0], [1, 0], [0, 0]]), 'fewer than 3 distinct positions', { ring: 0 }],
    ['zero area', poly([[0, 0], [1, 0], [2, 0], [0, 0]]), 'zero area', { ring: 0 }],
    // found by the fuzz test: a "line" whose middle vertex is the rounded midpoint (area ~1e-17 deg², not exactly 0)
    ['zero area up to rounding', poly([[-2.986958715318201e-231, 79.99999999999984], [0.00017437808563980223, 80.00164095501006], [0.00008718904281990112, 80.00082047750496], [-2.986958715318201e-231, 79.99999999999984]]), 'zero area', { ring: 0 }],
    ['bow-tie', poly([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]), 'polygon self-intersects at [0.5, 0.5]', { coordinate: [0.5, 0.5] }],
    ['hole crossing its shell', poly(sq, [[1, 0.5], [3, 0.5], [3, 1], [1, 1], [1, 0.5]]), 'self-intersects at', {}],
    ['hole outside its shell', poly(sq, [[3, 3], [3, 4], [4, 4], [4, 3], [3, 3]]), 'ring 1 (hole 1) is not inside its exterior ring: [3, 3] lies outside', { ring: 1, position: 0 }],
    ['multi: second polygon unclosed', { type: 'MultiPolygon', coordinates: [[sq], [[[3, 3], [4, 3], [4, 4], [3, 4]]]] }, 'polygon 1, ring 0 (exterior) is not closed', { polygon: 1, ring: 0 }],
  ])('%s → invalid with reason and location', (_n, g, words, loc) => {
    const r = validateGeometry(g, P);
    expect(r.valid).toBe(false);
    expect(r.reason).toContain('feature grids/G1: ');
    expect(r.reason).toContain(words);
    expect(r.problems[0]).toMatchObject(loc);
  });

  it('reports every problem, not just the first', () => {
    const r = validateGeometry(poly([[0, 0], [1, 0], [1, 1], [0, 1]], [[5, 5], [6, 5], [5, 5]]), P);
    expect(r.problems).toHaveLength(2);
    expect(r.reason).toContain('and 1 more problems');
  });

  it('a point layer refuses polygons and bad points', () => {
    expect(validateGeometry(poly(sq), { expect: 'point' }).reason).toContain('must be Point');
    expect(validateGeometry({ type: 'Point', coordinates: [0, 95] }, { expect: 'point' }).reason).toContain('outside');
  });
});

describe('misuse throws', () => {
  it('normalizeWinding on a non-polygon', () => {
    expect(() => normalizeWinding({ type: 'Point', coordinates: [0, 0] } as any)).toThrow(TypeError);
  });
  it('ringSignedArea on a short ring', () => {
    expect(() => ringSignedArea([[0, 0]])).toThrow(TypeError);
  });
});

describe('selfIntersections (the sweep that replaces turf kinks)', async () => {
  const { selfIntersections } = await import('../../server/geometry/kinks.ts');
  const { kinks } = await import('@turf/turf');
  it('agrees with turf kinks on 2,000 random rings (with and without holes)', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let disagreements = 0;
    let withKinks = 0;
    for (let k = 0; k < 2000; k++) {
      const n = 4 + Math.floor(rnd() * 6);
      const ring = Array.from({ length: n }, () => [rnd() * 10, rnd() * 10]);
      ring.push(ring[0]);
      const rings = [ring];
      if (k % 3 === 0) {
        const h = Array.from({ length: 4 }, () => [rnd() * 10, rnd() * 10]);
        h.push(h[0]);
        rings.push(h);
      }
      const ours = selfIntersections(rings).length > 0;
      const theirs = kinks({ type: 'Polygon', coordinates: rings }).features.length > 0;
      if (ours) withKinks++;
      if (ours !== theirs) disagreements++;
    }
    expect(withKinks).toBeGreaterThan(500);
    expect(disagreements).toBe(0);
  });
  it('finds the bow-tie centre and a spike folding back on itself, but allows a hole touching its shell at one point (OGC)', () => {
    expect(selfIntersections([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]])).toEqual([[0.5, 0.5]]);
    expect(selfIntersections([sq, [[0, 1], [1, 1], [1, 1.5], [0, 1]]])).toEqual([]);
    expect(selfIntersections([[[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]]).length).toBeGreaterThan(0);
    expect(selfIntersections([sq, hole])).toEqual([]);
  });
});

describe('isCollinear (zero-area rings)', () => {
  it('is tolerant to rounding but not to real, thin polygons', async () => {
    const { isCollinear } = await import('../../server/geometry/validate.ts');
    expect(isCollinear([[0, 0], [1, 0], [2, 0], [0, 0]])).toBe(true);
    expect(isCollinear([[125.9, 41.7], [125.9 + 1 / 3, 41.7 + 2 / 3], [125.9 + 2 / 3, 41.7 + 4 / 3], [125.9, 41.7]])).toBe(true);
    // a sliver 1 cm wide and 1 km long (≈ 1e-5 of its length) is a polygon
    expect(isCollinear([[125.9, 41.7], [125.912, 41.7], [125.912, 41.7000001], [125.9, 41.7]])).toBe(false);
    // a bow-tie sums to zero area but is a crossing, not a line
    expect(isCollinear([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])).toBe(false);
  });
});
