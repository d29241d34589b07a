/**
 * Edit validation: pure shape checks and the commit hook that keeps grids from overlapping
 * their neighbours or leaving their community (so the generic grid PUT is protected too).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commit } from '../../server/edits/commit.ts';
import { validateEdit, validateGeometryShape } from '../../server/edits/validate-edit.ts';
import { HttpError } from '../../server/http/errors.ts';
import { dbFingerprint } from '../support/api.ts';
import { editingApp, MINI, rect } from './helpers.ts';

describe('shape checks', () => {
  it('finds a bow-tie with its crossing point', () => {
    const p = validateGeometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] });
    expect(p[0].code).toBe('self_intersection');
    expect(p[0].location).toEqual([0.5, 0.5]);
  });
  it('finds an unclosed ring and says where it ends', () => {
    const p = validateGeometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] });
    expect(p[0].code).toBe('unclosed_ring');
    expect(p[0].message).toContain('[0, 1]');
  });
  it('finds a sliver-thin polygon and an empty one', () => {
    expect(validateGeometryShape(rect(125.9, 41.7, 125.90001, 41.71))[0].code).toBe('sliver'); // 0.8 m × 1.1 km
    expect(validateGeometryShape(rect(125.9, 41.7, 125.900001, 41.700001))[0].code).toBe('empty');
    expect(validateGeometryShape(rect(125.9, 41.7, 125.901, 41.701))).toEqual([]);
  });
  it('finds a hole outside its outer ring and a spike', () => {
    const hole = validateGeometryShape({ type: 'Polygon', coordinates: [rect(0, 0, 1, 1).coordinates[0], rect(2, 2, 3, 3).coordinates[0].slice().reverse()] });
    expect(hole[0].code).toBe('hole_outside');
    const spike = validateGeometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
    expect(spike[0].code).toBe('self_intersection');
  });
});

describe('the commit hook on grid writes', () => {
  let t: ReturnType<typeof editingApp>;
  beforeEach(() => {
    t = editingApp();
  });
  afterEach(() => t.close());

  const update = (id: number, geometry: unknown) =>
    commit(t.db, { kind: 'update', actor: 'tester', ops: [{ entity: 'feature', op: 'update', id, baseVersion: t.version(id), set: { geometry: geometry as never } }] });
  const fails = (fn: () => unknown): HttpError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof HttpError) return e;
      throw e;
    }
    throw new Error('expected a failure');
  };

  it('refuses a grid that overlaps its neighbour (422 with the place and the neighbour) and writes nothing', () => {
    const before = dbFingerprint(t.db);
    const e = fails(() => update(t.grid('A1'), rect(125.9, 41.7, 125.913, 41.72)));
    expect(e.status).toBe(422);
    expect(e.code).toBe('overlap');
    const d = e.details as { location: number[]; problems: { featureId: number; area: number }[] };
    expect(d.problems[0].featureId).toBe(t.grid('A2'));
    expect(d.problems[0].area).toBeGreaterThan(50_000);
    expect(d.location[0]).toBeGreaterThan(125.91);
    expect(d.location[0]).toBeLessThan(125.913);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('refuses a grid that grows outside its community', () => {
    const e = fails(() => update(t.grid('A1'), rect(125.895, 41.7, 125.91, 41.72)));
    expect(e.code).toBe('outside_parent');
    expect(e.message).toContain(MINI.communityA);
  });

  it('accepts a grid shrinking (a gap is not an overlap) and a tiny overlap under 1 m²', () => {
    expect(() => update(t.grid('A1'), rect(125.9, 41.7, 125.909, 41.72))).not.toThrow();
    // a triangle 11 m long and 8 cm deep into B2: ≈ 0.46 m², under the 1 m² tolerance
    expect(() => update(t.grid('B1'), { type: 'Polygon', coordinates: [[[125.92, 41.7], [125.93, 41.7], [125.930001, 41.70001], [125.93, 41.7001], [125.93, 41.72], [125.92, 41.72], [125.92, 41.7]]] })).not.toThrow();
  });

  it('does not block editing a grid that already overlapped (only added overlap counts)', () => {
    // a grid seeded overlapping A2 by 0.001° (hooks skip seeds)
    commit(t.db, { kind: 'seed', actor: 'system', ops: [{ entity: 'feature', op: 'update', id: t.grid('A1'), baseVersion: 1, set: { geometry: rect(125.9, 41.7, 125.911, 41.72) } }] });
    expect(() => update(t.grid('A1'), rect(125.9, 41.7, 125.9105, 41.72))).not.toThrow();
    expect(() => update(t.grid('A1'), rect(125.9, 41.7, 125.912, 41.72))).toThrow(/overlaps/);
  });

  it('validateEdit (the dry check behind /api/edits/validate) reports without writing', () => {
    const r = validateEdit(t.db, { layer: 'grids', geometry: rect(125.905, 41.705, 125.915, 41.715) });
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['overlap', 'overlap']);
    expect(r.location).not.toBeNull();
  });
});
