import { describe, expect, it } from 'vitest';
import { SnapIndex } from '../../web/modes/snap-index.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

describe('SnapIndex', () => {
  const adapter = new FakeAdapter();
  const a = squareFeature(adapter, 1, 0, 0, 100, 100);
  const b = squareFeature(adapter, 2, 100, 0, 200, 100);
  const index = new SnapIndex([a, b]);

  it('dedupes shared vertices and keeps every owner', () => {
    expect(index.vertexCount).toBe(6);
    const hit = index.snap({ x: 103, y: 2 }, adapter);
    expect(hit?.kind).toBe('vertex');
    expect(hit?.featureIds.sort()).toEqual([1, 2]);
  });

  it('returns the exact numbers of the vertex it snaps to', () => {
    const hit = index.snap({ x: 196, y: 95 }, adapter)!;
    const corner = b.geometry.coordinates[0].find((p) => Math.abs(adapter.project(p as [number, number]).x - 200) < 1e-6 && Math.abs(adapter.project(p as [number, number]).y - 100) < 1e-6)!;
    expect(hit.lngLat[0]).toBe(corner[0]);
    expect(hit.lngLat[1]).toBe(corner[1]);
  });

  it('prefers a vertex within tolerance over a nearer edge', () => {
    const hit = index.snap({ x: 8, y: 1 }, adapter)!;
    expect(hit.kind).toBe('vertex');
    expect(hit.distancePx).toBeCloseTo(Math.hypot(8, 1), 6);
  });

  it('snaps to the nearest point of an edge when no vertex is in reach', () => {
    const hit = index.snap({ x: 50, y: 104 }, adapter)!;
    expect(hit.kind).toBe('edge');
    const px = adapter.project(hit.lngLat);
    expect(px.x).toBeCloseTo(50, 6);
    expect(px.y).toBeCloseTo(100, 6);
    expect(hit.featureIds).toEqual([1]);
  });

  it('returns null beyond the pixel tolerance and honours a custom tolerance', () => {
    expect(index.snap({ x: 50, y: 50 }, adapter)).toBeNull();
    expect(index.snap({ x: 50, y: 115 }, adapter)).toBeNull();
    expect(index.snap({ x: 50, y: 115 }, adapter, { tolerancePx: 20 })?.kind).toBe('edge');
  });

  it('measures tolerance in pixels, so zooming out widens it in degrees', () => {
    const zoomedOut = new FakeAdapter([125, 42], 10_000);
    // 5 px at scale 100k is 0.00005°; at 10k the same point is 0.5 px away: snaps either way,
    // but a point 0.0005° away snaps only when zoomed out (5 px there, 50 px at 100k).
    const target = a.geometry.coordinates[0][0] as [number, number];
    const near = { x: adapter.project(target).x - 30, y: adapter.project(target).y + 40 };
    expect(index.snap(near, adapter)).toBeNull();
    const nearOut = { x: zoomedOut.project(target).x - 3, y: zoomedOut.project(target).y + 4 };
    expect(index.snap(nearOut, zoomedOut)?.kind).toBe('vertex');
  });

  it('skips ignored vertices and edges', () => {
    const corner = a.geometry.coordinates[0][0] as [number, number];
    const px = adapter.project(corner);
    const hit = index.snap(px, adapter, {
      ignoreVertex: (p) => p[0] === corner[0] && p[1] === corner[1],
      ignoreEdge: (p, q) => (p[0] === corner[0] && p[1] === corner[1]) || (q[0] === corner[0] && q[1] === corner[1]),
    });
    expect(hit).toBeNull();
  });

  it('works on an empty index', () => {
    expect(new SnapIndex([]).snap({ x: 0, y: 0 }, adapter)).toBeNull();
  });
});
