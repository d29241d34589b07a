import { describe, expect, it } from 'vitest';
import { gridsForZone } from '../../web/editing/realign.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

describe('gridsForZone', () => {
  const adapter = new FakeAdapter();
  const grids = [0, 1, 2, 3].map((i) => squareFeature(adapter, i + 1, i * 100, 0, i * 100 + 100, 100));

  it('takes grids more than half inside a beat', () => {
    // beat covers grid 1 fully, grid 2 for 70 %, grid 3 for 20 %
    const beat = squareFeature(adapter, 9, 0, 0, 270, 100).geometry;
    expect(gridsForZone(beat, grids, 'beats')).toEqual([1, 2, 3]);
    const beat2 = squareFeature(adapter, 9, 0, 0, 220, 100).geometry;
    expect(gridsForZone(beat2, grids, 'beats')).toEqual([1, 2]);
  });

  it('takes only the best grid for an aux-grid', () => {
    const aux = squareFeature(adapter, 9, 130, 0, 260, 100).geometry;
    expect(gridsForZone(aux, grids, 'aux-grids')).toEqual([2]);
  });

  it('returns nothing for a zone away from every grid', () => {
    expect(gridsForZone(squareFeature(adapter, 9, 1000, 1000, 1100, 1100).geometry, grids, 'beats')).toEqual([]);
  });
});
