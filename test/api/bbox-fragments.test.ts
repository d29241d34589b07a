import { afterAll, describe, expect, it } from 'vitest';
import { queryLayer } from '../../server/store/features.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp } from '../support/api.ts';

// bbox queries reuse each feature's JSON while its version is unchanged (server/store/features.ts):
// a new window must still show every change, and only live features.
const t = makeTestApp();
afterAll(() => t.close());
const A: [number, number, number, number] = [125.9, 41.7, 125.92, 41.72]; // community A: grids A1, A2
const inA = (q: [number, number, number, number] = A) =>
  (JSON.parse(queryLayer(t.db, 'grids', { bbox: q }).json) as { features: { id: number; properties: { name: string; version: number } }[] }).features;

describe('bbox queries with per-feature JSON reuse', () => {
  it('serve the same JSON as a full read, and follow renames, geometry edits and retirements', async () => {
    const before = inA();
    expect(before.map((f) => f.properties.version)).toEqual(before.map(() => 1));
    // the same features as the layer read without bbox (which does not use the reuse)
    const all = JSON.parse(queryLayer(t.db, 'grids').json) as { features: { id: number }[] };
    for (const f of before) expect(all.features.find((g) => g.id === f.id)).toEqual(f);

    const id = t.idOf('grids', MINI.grids.A1);
    const put = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: '改名后的网格' } }, headers: { 'If-Match': '"1"' } });
    expect(put.status).toBe(200);
    // a slightly different window (what panning asks) sees the new name and version
    const moved: [number, number, number, number] = [A[0] + 1e-4, A[1], A[2], A[3] + 1e-4];
    const renamed = inA(moved).find((f) => f.id === id)!;
    expect(renamed.properties).toMatchObject({ name: '改名后的网格', version: 2 });

    const other = t.idOf('grids', MINI.grids.A2);
    const del = await t.json('DELETE', `/api/layers/grids/${other}`, { headers: { 'If-Match': '"1"' } });
    expect(del.status).toBe(200);
    expect(inA().map((f) => f.id)).not.toContain(other);
  });
});
