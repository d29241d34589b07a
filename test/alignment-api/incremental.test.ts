import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/api.ts';
import { MINI, rect } from '../fixtures/mini-city.ts';
import { registerCommitHook } from '../../server/edits/hooks.ts';
import { UnprocessableError } from '../../server/http/errors.ts';
import { fullRecompute, gridDigest } from './helpers.ts';

let t: TestApp;
beforeEach(() => { t = makeTestApp(); });
afterEach(() => t.close());

/** The served state (warm, incrementally updated index) equals a from-scratch analysis of the database. */
async function expectMatchesFull(layer: 'beats' | 'aux-grids') {
  const full = fullRecompute(t.db, layer);
  const served = await t.json('GET', `/api/alignment?layer=${layer}`);
  expect(served.body.summary).toEqual(full.summary);
  const rows = await t.json('GET', `/api/alignment/grids?layer=${layer}`);
  expect(gridDigest(rows.body.rows)).toEqual(gridDigest(full.grids));
  const ms = await t.json('GET', `/api/alignment/mismatches?layer=${layer}`);
  const key = (p: { kind: string; areaM2: number }) => `${p.kind}:${p.areaM2.toFixed(3)}`;
  expect(ms.body.features.map((f: { properties: { kind: string; areaM2: number } }) => key(f.properties)).sort()).toEqual(
    full.mismatches.features.map((f) => key(f.properties)).sort(),
  );
}

const put = (layer: string, id: number, version: number, geometry: unknown, reason = 'edit') =>
  t.json('PUT', `/api/layers/${layer}/${id}`, { body: { geometry, reason }, headers: { 'If-Match': `"${version}"` } });

describe('live feedback: the commit hook updates only the edited area', () => {
  test('a grid edit answers with the updated alignment of both police layers, equal to a full recompute', async () => {
    await t.json('GET', '/api/alignment?layer=beats'); // warm
    const b2 = t.idOf('grids', MINI.grids.B2);
    const r = await put('grids', b2, 1, rect(125.93, 41.7, 125.938, 41.72), 'shrink B2');
    expect(r.status).toBe(200);
    const hook = r.body.change.hooks.alignment;
    expect(hook.beats.grids.map((g: { id: number }) => g.id)).toEqual([b2]);
    expect(hook.beats.grids[0].status).toBe('partial');
    expect(hook.beats.grids[0].coveredShare).toBeCloseTo(5 / 8, 3);
    expect(hook.beats.owners.grids).toEqual([b2]);
    expect(hook.beats.mismatches.some((m: { properties: { kind: string; gridId: number } }) => m.properties.kind === 'gap' && m.properties.gridId === b2)).toBe(true);
    expect(hook['aux-grids'].grids[0]).toMatchObject({ id: b2, status: 'uncovered' });
    expect(hook.beats.ms).toBeLessThan(200);
    await expectMatchesFull('beats');
    await expectMatchesFull('aux-grids');
  });

  test('a zone edit updates that layer only; the station becomes 100 % aligned', async () => {
    const beat2 = t.idOf('beats', MINI.beats.two);
    const r = await put('beats', beat2, 1, rect(125.92, 41.7, 125.94, 41.72), 'cover B2');
    const hook = r.body.change.hooks.alignment;
    expect(Object.keys(hook)).toEqual(['beats']);
    expect(hook.beats.summary.grids).toMatchObject({ aligned: 4, partial: 0 });
    expect(hook.beats.zones.find((z: { id: number }) => z.id === beat2).aligned).toBe(true);
    await expectMatchesFull('beats');
  });

  test('delete and create of zones and grids keep the index equal to a full recompute', async () => {
    await t.json('GET', '/api/alignment?layer=aux-grids');
    const aux2 = t.idOf('aux-grids', MINI.aux.two);
    const del = await t.json('DELETE', `/api/layers/aux-grids/${aux2}`, { body: { version: 1, reason: 'gone' } });
    expect(del.status).toBe(200);
    expect(del.body.change.hooks.alignment['aux-grids'].removedZones).toEqual([aux2]);
    await expectMatchesFull('aux-grids');
    const created = await t.json('POST', '/api/layers/aux-grids', {
      body: { type: 'Feature', geometry: rect(125.91, 41.7, 125.92, 41.72), properties: { code: 'AUX-DC-09', name: '新警格', stationId: t.idOf('stations', MINI.station) }, reason: 'new' },
    });
    expect(created.status).toBe(201);
    await expectMatchesFull('aux-grids');
    const summary = await t.json('GET', '/api/alignment?layer=aux-grids');
    expect(summary.body.summary.grids).toMatchObject({ aligned: 2, uncovered: 2 });
  });

  test('a grid merge (two grids retired, one created in one change) equals a full recompute', async () => {
    await t.json('GET', '/api/alignment?layer=aux-grids');
    const a1 = t.idOf('grids', MINI.grids.A1);
    const a2 = t.idOf('grids', MINI.grids.A2);
    const r = await t.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: 'merge A1 A2' } });
    expect(r.status).toBe(201);
    const left = (t.db.prepare('SELECT count(*) AS n FROM alignment_grids WHERE layer = ? AND grid_id IN (?, ?)').get('beats', a1, a2) as { n: number }).n;
    expect(left).toBe(0); // retired grids leave the persisted status
    await expectMatchesFull('beats');
    await expectMatchesFull('aux-grids');
    const beats = await t.json('GET', '/api/alignment?layer=beats');
    expect(beats.body.summary.grids).toMatchObject({ count: 3, aligned: 2, partial: 1 }); // beat-1 holds the merged grid whole
  });

  test('a commit rolled back after the hook ran leaves the served alignment unchanged (undo journal)', async () => {
    await t.json('GET', '/api/alignment?layer=beats');
    const unregister = registerCommitHook('test-rollback', (ctx) => {
      if (ctx.change.reason === 'boom') throw new UnprocessableError('boom: rolled back on purpose', null, 'boom');
      return null;
    });
    try {
      const r = await put('beats', t.idOf('beats', MINI.beats.two), 1, rect(125.92, 41.7, 125.94, 41.72), 'boom');
      expect(r.status).toBe(422);
      const after = await t.json('GET', '/api/alignment?layer=beats');
      expect(after.body.summary.grids).toMatchObject({ aligned: 3, partial: 1 });
      await expectMatchesFull('beats');
      // and the next real edit still applies incrementally on top of the right state
      const ok = await put('beats', t.idOf('beats', MINI.beats.two), 1, rect(125.92, 41.7, 125.94, 41.72), 'fine');
      expect(ok.status).toBe(200);
      await expectMatchesFull('beats');
    } finally {
      unregister();
    }
  });

  test('a dry run (its transaction rolled back on purpose after the hook ran) leaves the served alignment unchanged', async () => {
    await t.json('GET', '/api/alignment?layer=beats');
    const a1 = t.idOf('grids', MINI.grids.A1);
    const a2 = t.idOf('grids', MINI.grids.A2);
    const r = await t.json('POST', '/api/grids/merge?dryRun=1', { body: { ids: [a1, a2], reason: 'try' } });
    expect(r.status).toBe(200);
    const after = await t.json('GET', '/api/alignment?layer=beats');
    expect(after.body.summary.grids.count).toBe(4);
    await expectMatchesFull('beats');
  });

  test('changes written without hooks (another process, bulk loads) are picked up by a rebuild', async () => {
    await t.json('GET', '/api/alignment?layer=beats');
    const beat2 = t.idOf('beats', MINI.beats.two);
    const { commit } = await import('../../server/edits/commit.ts');
    commit(t.db, { kind: 'import', actor: 'system', ops: [{ entity: 'feature', op: 'update', id: beat2, baseVersion: 1, set: { geometry: rect(125.92, 41.7, 125.94, 41.72) } }] }, { skipHooks: true });
    await expectMatchesFull('beats');
  });
});
