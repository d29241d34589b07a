import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { hexagonsOf } from '../../web/panels/coverage/hex.ts';

describe('hexagonsOf', () => {
  it('counts grids per H3 cell and the share within reach, as closed polygons', () => {
    const a: [number, number] = [125.9, 41.7];
    const b: [number, number] = [125.9005, 41.7005]; // same res-6 cell as a
    const far: [number, number] = [126.5, 42.2];
    expect(latLngToCell(a[1], a[0], 6)).toBe(latLngToCell(b[1], b[0], 6));
    const fc = hexagonsOf(
      [
        { point: a, withinReach: true },
        { point: b, withinReach: false },
        { point: far, withinReach: false },
      ],
      6,
    );
    expect(fc.features).toHaveLength(2);
    const near = fc.features.find((f) => f.properties.grids === 2)!;
    expect(near.properties).toMatchObject({ within: 1, share: 0.5 });
    const ring = near.geometry.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBe(7);
  });
});
