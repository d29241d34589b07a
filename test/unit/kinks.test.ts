import { describe, expect, it } from 'vitest';
import { selfIntersections } from '../../server/geometry/kinks.ts';
import { validateGeometry } from '../../server/geometry/validate.ts';

const shell = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];

describe('selfIntersections', () => {
  it('finds a bow-tie crossing', () => {
    expect(selfIntersections([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]])).toEqual([[1, 1]]);
  });

  it('accepts a hole touching the shell at one vertex (OGC-valid)', () => {
    const hole = [[0, 2], [1, 1], [2, 2], [1, 3], [0, 2]];
    expect(selfIntersections([shell, hole])).toEqual([]);
    expect(validateGeometry({ type: 'Polygon', coordinates: [shell, hole] }, { expect: 'polygon' }).valid).toBe(true);
  });

  it('rejects a hole touching the shell at two points (interior cut in two)', () => {
    // shell vertices at (0,2) and (4,2) are needed for the touch to be vertex-to-vertex
    const s = [[0, 0], [4, 0], [4, 2], [4, 4], [0, 4], [0, 2], [0, 0]];
    const hole = [[0, 2], [2, 1], [4, 2], [2, 3], [0, 2]];
    expect(selfIntersections([s, hole]).length).toBeGreaterThan(0);
  });

  it('rejects a hole edge running along the shell', () => {
    const hole = [[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]];
    expect(selfIntersections([[[0, 0], [4, 0], [4, 4], [0, 4], [0, 2], [0, 1], [0, 0]], hole]).length).toBeGreaterThan(0);
  });
});
