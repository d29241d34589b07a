import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/api.ts';
import { MINI, rect } from '../fixtures/mini-city.ts';

let t: TestApp;
let station: number;
beforeEach(() => {
  t = makeTestApp();
  station = t.idOf('stations', MINI.station);
});
afterEach(() => t.close());

describe('realign proposal', () => {
  test('beat-2 gets B2 wholly (the zone holding most of it); beat-1 stays', async () => {
    const r = await t.json('GET', `/api/alignment/realign?layer=beats&station=${station}`);
    expect(r.status).toBe(200);
    const [one, two] = r.body.zones;
    expect(one).toMatchObject({ code: MINI.beats.one, action: 'none', areaMovedM2: 0, geometry: null });
    expect(two).toMatchObject({ code: MINI.beats.two, action: 'update', added: [{ code: MINI.grids.B2 }], removed: [] });
    expect(two.grids.map((g: { code: string }) => g.code)).toEqual([MINI.grids.B1, MINI.grids.B2]);
    expect(two.areaMovedM2).toBeGreaterThan(1848740.5 / 2 * 0.995);
    expect(two.areaMovedM2).toBeLessThan(1848740.5 / 2 * 1.005);
    expect(two.geometry.type).toBe('Polygon');
    expect(r.body).toMatchObject({ ties: [], uncovered: [], foreign: [], totals: { zonesChanged: 1, gridsReassigned: 1 } });
  });

  test('aux-grids: the uncovered grids of the station are listed for a human', async () => {
    const r = await t.json('GET', `/api/alignment/realign?layer=aux-grids&station=${station}`);
    expect(r.body.uncovered.map((g: { code: string }) => g.code)).toEqual([MINI.grids.A2, MINI.grids.B2]);
    expect(r.body.zones.every((z: { action: string }) => z.action === 'none')).toBe(true);
  });

  test('unknown station → 404; no station → 400', async () => {
    expect((await t.json('GET', '/api/alignment/realign?layer=beats&station=999999')).status).toBe(404);
    expect((await t.json('GET', '/api/alignment/realign?layer=beats')).status).toBe(400);
  });
});

describe('POST /api/alignment/realign', () => {
  test('applies as ONE realign change: the station reaches 100 %, history shows it, and it reverts', async () => {
    const before = await t.json('GET', `/api/alignment?layer=beats&station=${station}`);
    expect(before.body.summary.score).toBe(0.75);
    const r = await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: '按网格边界调整责任区' } });
    expect(r.status).toBe(201);
    expect(r.body.change).toMatchObject({ kind: 'realign', actor: 'local', reason: '按网格边界调整责任区' });
    expect(r.body.zones).toEqual([{ id: t.idOf('beats', MINI.beats.two), code: MINI.beats.two, action: 'update', version: 2 }]);
    expect(r.body.after.score).toBe(1);
    // live feedback: the hook's update of the affected area
    expect(r.body.alignment.summary.grids.aligned).toBe(4);
    expect(r.body.alignment.zones.map((z: { id: number }) => z.id)).toContain(t.idOf('beats', MINI.beats.two));

    const changes = t.db.prepare('SELECT id, kind FROM changes WHERE id = ?').all(r.body.change.id);
    expect(changes).toEqual([{ id: r.body.change.id, kind: 'realign' }]);
    const revs = t.db.prepare('SELECT entity_id FROM revisions WHERE change_id = ?').all(r.body.change.id);
    expect(revs).toEqual([{ entity_id: t.idOf('beats', MINI.beats.two) }]);
    const after = await t.json('GET', `/api/alignment?layer=beats&station=${station}`);
    expect(after.body.summary.score).toBe(1);
    expect(after.body.summary.grids).toMatchObject({ aligned: 4, partial: 0 });
    const hist = await t.json('GET', `/api/features/beats/${t.idOf('beats', MINI.beats.two)}/history`);
    expect(JSON.stringify(hist.body)).toContain('realign');

    // revert the whole change (POST /api/changes/:id/revert): back to 75 %
    const undo = await t.json('POST', `/api/changes/${r.body.change.id}/revert`, { body: { reason: 'undo realign' } });
    expect(undo.status).toBe(200);
    const reverted = await t.json('GET', `/api/alignment?layer=beats&station=${station}`);
    expect(reverted.body.summary.score).toBe(0.75);
  });

  test('reason is required; nothing to do → 422; stale versions → 409', async () => {
    const noReason = await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason/);
    const beat2 = t.idOf('beats', MINI.beats.two);
    const stale = await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: 'x', versions: { [beat2]: 7 } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect((await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: 'x' } })).status).toBe(201);
    const again = await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: 'x' } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('nothing_to_realign');
  });

  test('assignments: an uncovered grid can be given to a zone of the station; other grids cannot', async () => {
    const aux1 = t.idOf('aux-grids', MINI.aux.one);
    const a2 = t.idOf('grids', MINI.grids.A2);
    const bad = await t.json('POST', '/api/alignment/realign', { body: { layer: 'aux-grids', station, reason: 'x', assignments: { [t.idOf('grids', MINI.grids.B1)]: aux1 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('bad_assignment');
    const r = await t.json('POST', '/api/alignment/realign', { body: { layer: 'aux-grids', station, reason: '补齐警格', assignments: { [a2]: aux1 } } });
    expect(r.status).toBe(201);
    const grids = await t.json('GET', '/api/alignment/grids?layer=aux-grids');
    const a2row = grids.body.rows.find((g: { id: number }) => g.id === a2);
    expect(a2row).toMatchObject({ status: 'aligned', dominantZoneId: aux1 });
  });

  test('who may realign: the station itself and admin; civil affairs and leadership get 403', async () => {
    const body = { layer: 'beats', station, reason: 'x' };
    const civil = await t.loginAs('civil-affairs');
    expect((await civil.json('POST', '/api/alignment/realign', { body })).status).toBe(403);
    const lead = await t.loginAs('leadership');
    expect((await lead.json('POST', '/api/alignment/realign', { body })).status).toBe(403);
    expect((await lead.json('GET', `/api/alignment/realign?layer=beats&station=${station}`)).status).toBe(200);
    const police = await t.loginAs('police-station');
    expect((await police.json('POST', '/api/alignment/realign', { body })).status).toBe(201);
  });
});

describe('geometry of the realigned zone', () => {
  test('is the exact union of B1 and B2 (reusing the grid vertices)', async () => {
    await t.json('POST', '/api/alignment/realign', { body: { layer: 'beats', station, reason: 'x' } });
    const f = await t.json('GET', `/api/layers/beats/${t.idOf('beats', MINI.beats.two)}`);
    const xs = new Set(f.body.geometry.coordinates[0].map((p: number[]) => p[0]));
    expect([...xs].sort()).toEqual([125.92, 125.93, 125.94]);
    expect(rect(125.92, 41.7, 125.94, 41.72).coordinates[0].every(([x, y]) => f.body.geometry.coordinates[0].some((p: number[]) => p[0] === x && p[1] === y))).toBe(true);
  });
});
