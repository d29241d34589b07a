import { describe, expect, it } from 'vitest';
import { planVertexSave } from '../../web/editing/vertex-save-plan.ts';
import { insertOnSharedEdge, moveSharedVertex, type GeometrySet } from '../../web/modes/topology.ts';
import { FakeAdapter, squareFeature } from './fake-adapter.ts';

const adapter = new FakeAdapter();
const a = squareFeature(adapter, 1, 0, 0, 100, 100);
const b = squareFeature(adapter, 2, 100, 0, 200, 100);
const original: GeometrySet = new Map([
  [1, a.geometry],
  [2, b.geometry],
]);
const shared = a.geometry.coordinates[0][1]; // (100, 100)

describe('planVertexSave', () => {
  it('a moved shared vertex of grids becomes one move-vertex', () => {
    const to = adapter.unproject({ x: 120, y: 110 });
    const changed = moveSharedVertex(original, shared, to);
    const plan = planVertexSave(original, changed, 'grids');
    expect(plan).toEqual({ kind: 'move-vertex', moves: [{ from: [shared[0], shared[1]], to }] });
  });

  it('an inserted vertex becomes PUTs; police zones always PUT', () => {
    const withInsert = insertOnSharedEdge(original, a.geometry.coordinates[0][1], a.geometry.coordinates[0][2], adapter.unproject({ x: 100, y: 50 }));
    expect(planVertexSave(original, withInsert, 'grids').kind).toBe('put');
    const moved = moveSharedVertex(original, shared, adapter.unproject({ x: 120, y: 110 }));
    expect(planVertexSave(original, moved, 'beats').kind).toBe('put');
  });

  it('PUTs the shrinking feature first', () => {
    // move the shared top corner right: a grows, b shrinks → b first
    const moved = moveSharedVertex(original, shared, adapter.unproject({ x: 130, y: 100 }));
    expect(planVertexSave(original, moved, 'beats')).toEqual({ kind: 'put', order: [2, 1] });
    const back = moveSharedVertex(original, shared, adapter.unproject({ x: 70, y: 100 }));
    expect(planVertexSave(original, back, 'beats')).toEqual({ kind: 'put', order: [1, 2] });
  });

  it('falls back to PUT when a vertex moves onto another moved vertex\'s old place', () => {
    const p = a.geometry.coordinates[0][2]; // (100, 0)
    const step1 = moveSharedVertex(original, p, adapter.unproject({ x: 100, y: -20 }));
    const step2 = moveSharedVertex(step1, shared, [p[0], p[1]]);
    expect(planVertexSave(original, step2, 'grids').kind).toBe('put');
  });
});
