import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINI, rect } from '../fixtures/mini-city.ts';
import { dbFingerprint, makeTestApp, type TestApp } from '../support/api.ts';

let t: TestApp;
let id: number;
beforeEach(async () => {
  t = makeTestApp();
  id = t.idOf('grids', MINI.grids.B2);
  const put = (v: number, name: string, geometry?: unknown) =>
    t.json('PUT', `/api/layers/grids/${id}`, { body: { geometry, properties: { name }, reason: `rename ${v}` }, headers: { 'If-Match': `"${v}"` } });
  expect((await put(1, '二格-v2', rect(125.93, 41.7, 125.937, 41.72))).status).toBe(200); // shrink: grids must stay in their community
  expect((await put(2, '二格-v3')).status).toBe(200);
});
afterEach(() => t.close());

describe('GET /api/features/:layer/:id/history', () => {
  it('lists revisions newest first with change, actor, reason and before/after images', async () => {
    const r = await t.json('GET', `/api/features/grids/${id}/history`);
    expect(r.status).toBe(200);
    const revs = r.body.revisions;
    expect(revs.map((x: any) => [x.version, x.op, x.kind])).toEqual([
      [3, 'update', 'update'],
      [2, 'update', 'update'],
      [1, 'create', 'seed'],
    ]);
    expect(revs[0]).toMatchObject({ actor: 'local', reason: 'rename 2' });
    expect(revs[0].before.name).toBe('二格-v2');
    expect(revs[0].after.name).toBe('二格-v3');
    expect(revs[1].before.geometry).toEqual(rect(125.93, 41.7, 125.94, 41.72));
    expect(revs[2].before).toBeNull();
    expect(revs[2].actor).toBe('system');
    for (const x of revs) expect(x).toHaveProperty('at');
  });
  it('404 for a feature of another layer', async () => {
    expect((await t.json('GET', `/api/features/beats/${id}/history`)).status).toBe(404);
  });
});

describe('POST /api/features/:layer/:id/revert', () => {
  it('reverts to a past revision as a NEW revision (kind revert)', async () => {
    const h = await t.json('GET', `/api/features/grids/${id}/history`);
    const seedRev = h.body.revisions.at(-1).revisionId;
    const r = await t.json('POST', `/api/features/grids/${id}/revert`, { body: { revision: seedRev, reason: '撤销' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"4"');
    expect(r.body.feature.properties).toMatchObject({ name: '团结社区第二网格', version: 4 });
    expect(r.body.feature.geometry).toEqual(rect(125.93, 41.7, 125.94, 41.72));
    const h2 = await t.json('GET', `/api/features/grids/${id}/history`);
    expect(h2.body.revisions).toHaveLength(4);
    expect(h2.body.revisions[0]).toMatchObject({ kind: 'revert', op: 'update', version: 4, reason: '撤销' });
    // R*Tree follows the reverted geometry
    const regained = await t.json('GET', '/api/layers/grids?bbox=125.938,41.71,125.939,41.711');
    expect(regained.body.features.map((f: any) => f.id)).toEqual([id]);
  });

  it('restores a retired feature by reverting to a live revision', async () => {
    expect((await t.json('DELETE', `/api/layers/grids/${id}`, { headers: { 'If-Match': '"3"' } })).status).toBe(200);
    const h = await t.json('GET', `/api/features/grids/${id}/history`);
    const r = await t.json('POST', `/api/features/grids/${id}/revert`, { body: { revision: h.body.revisions[1].revisionId } });
    expect(r.status).toBe(200);
    expect(r.body.feature.properties).toMatchObject({ name: '二格-v3', version: 5 });
    expect((await t.json('GET', `/api/layers/grids/${id}`)).status).toBe(200);
    const h2 = await t.json('GET', `/api/features/grids/${id}/history`);
    expect(h2.body.revisions[0]).toMatchObject({ op: 'restore', kind: 'revert' });
  });

  it('a revision of another feature → 404; a stale If-Match → 409; both change nothing', async () => {
    const other = t.idOf('grids', MINI.grids.A1);
    const oh = await t.json('GET', `/api/features/grids/${other}/history`);
    const before = dbFingerprint(t.db);
    const r = await t.json('POST', `/api/features/grids/${id}/revert`, { body: { revision: oh.body.revisions[0].revisionId } });
    expect(r.status).toBe(404);
    const h = await t.json('GET', `/api/features/grids/${id}/history`);
    const stale = await t.json('POST', `/api/features/grids/${id}/revert`, { body: { revision: h.body.revisions[1].revisionId }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.properties.version).toBe(3);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('bad body → 400', async () => {
    const r = await t.json('POST', `/api/features/grids/${id}/revert`, { body: { revision: 'x' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('revision');
  });
});
