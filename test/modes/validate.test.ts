import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { preexistingOverlaps, problemsFromServer, quickCheck } from '../../web/editing/validate.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

const adapter = new FakeAdapter();
// 1 px = 1e-5° ≈ 0.8–1.1 m here, so a 100 px square is roughly 80 m × 110 m.
const a = squareFeature(adapter, 1, 0, 0, 100, 100);
const b = squareFeature(adapter, 2, 100, 0, 200, 100);

describe('quickCheck', () => {
  it('accepts a valid square next to its neighbour', () => {
    expect(quickCheck(a.geometry, { neighbours: [a, b], selfId: 1 })).toEqual([]);
  });

  it('flags a bow-tie with the crossing as location', () => {
    const c = (x: number, y: number) => adapter.unproject({ x, y });
    const bowtie: Polygon = { type: 'Polygon', coordinates: [[c(0, 0), c(100, 100), c(100, 0), c(0, 100), c(0, 0)]] };
    const problems = quickCheck(bowtie);
    expect(problems[0].code).toBe('self_intersection');
    const px = adapter.project(problems[0].location!);
    expect(px.x).toBeCloseTo(50, 3);
    expect(px.y).toBeCloseTo(50, 3);
  });

  it('flags an unclosed ring and too few positions, naming the ring', () => {
    const open: Polygon = { type: 'Polygon', coordinates: [a.geometry.coordinates[0].slice(0, 4)] };
    expect(quickCheck(open)[0]).toMatchObject({ code: 'unclosed_ring', ring: 0, part: 0 });
    const short: Polygon = { type: 'Polygon', coordinates: [a.geometry.coordinates[0].slice(0, 3)] };
    expect(quickCheck(short)[0].code).toBe('too_few_points');
  });

  it('flags an empty and a sliver-thin result', () => {
    expect(quickCheck(squareFeature(adapter, 3, 0, 0, 0.05, 0.05).geometry)[0].code).toBe('empty');
    expect(quickCheck(squareFeature(adapter, 4, 0, 0, 2000, 0.5).geometry)[0].code).toBe('sliver');
  });

  it('flags overlap with a same-layer neighbour and marks a point inside it', () => {
    const moved = squareFeature(adapter, 1, 0, 0, 130, 100);
    const problems = quickCheck(moved.geometry, { neighbours: [b], selfId: 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'overlap', featureId: 2 });
    const px = adapter.project(problems[0].location!);
    expect(px.x).toBeGreaterThan(100);
    expect(px.x).toBeLessThan(130);
  });

  it('ignores overlap that existed before the edit', () => {
    const moved = squareFeature(adapter, 1, 0, 0, 130, 100);
    const pre = preexistingOverlaps(moved.geometry, [b]);
    expect([...pre]).toEqual([2]);
    expect(quickCheck(moved.geometry, { neighbours: [b], selfId: 1, preexistingOverlap: pre })).toEqual([]);
  });

  it('flags area outside the parent', () => {
    const parent = squareFeature(adapter, 9, 0, 0, 100, 100);
    const problems = quickCheck(squareFeature(adapter, 5, 50, 0, 150, 100).geometry, { parent });
    expect(problems[0].code).toBe('outside_parent');
  });
});

describe('problemsFromServer', () => {
  it('uses details.problems, else one problem from the message', () => {
    const p = { code: 'overlap', message: 'x', location: [1, 2] as [number, number] };
    expect(problemsFromServer({ problems: [p] }, 'm')).toEqual([p]);
    expect(problemsFromServer({ location: [3, 4] }, 'bad', 'sliver')).toEqual([{ code: 'sliver', message: 'bad', location: [3, 4] }]);
    expect(problemsFromServer(null, 'bad')).toEqual([{ code: 'invalid', message: 'bad', location: null }]);
  });
});
