import { afterEach, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../support/api.ts';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import { previewStore, PREVIEW_TTL_MS } from '../../server/imports/previews.ts';
import { box, count, feat, geojsonFile, importApp, type ImportTestApp } from './helpers.ts';
import { metres, positionsOf } from '../io/support.ts';

/** Two new grids tiling community C, with Chinese attribute names (guessed mapping). */
function cGrids(extra: Record<string, unknown> = {}) {
  const { x0, y0, y1 } = IMP.c;
  return geojsonFile([
    feat(box(x0, y0, x0 + 0.01, y1), { 网格编码: '220502001003001', 网格名称: '光明社区第一网格', 社区编码: IMP.communityC, 人口: 1200, ...extra }),
    feat(box(x0 + 0.01, y0, x0 + 0.02, y1), { 网格编码: '220502001003002', 网格名称: '光明社区第二网格', 社区编码: IMP.communityC, 人口: 900, ...extra }),
  ]);
}

let t: ImportTestApp;
afterEach(() => t?.close());

describe('import flow: upload → re-validate → apply', () => {
  it('guesses the Chinese mapping, previews, re-maps, applies as one attributable change', async () => {
    t = importApp(importCity());
    const before = dbFingerprint(t.db);
    const up = await t.upload('grids', cGrids());
    expect(up.status, up.text).toBe(201);
    const r = up.body;
    expect(r.mapping).toEqual({ code: '网格编码', name: '网格名称', parent: '社区编码', station: null });
    expect(r.fields).toEqual(['网格编码', '网格名称', '社区编码', '人口']);
    expect(r.summary).toEqual({ total: 2, ok: 2, repairable: 0, invalid: 0, warnings: 0 });
    expect(r.problems).toEqual([]);
    expect(r.coordinates.kind).toBe('lonlat');
    expect(r.preview.features.map((f) => [f.properties.code, f.properties.status])).toEqual([
      ['220502001003001', 'ok'],
      ['220502001003002', 'ok'],
    ]);
    expect(Date.parse(r.expiresAt) - Date.now()).toBeGreaterThan(PREVIEW_TTL_MS - 60_000);
    expect(dbFingerprint(t.db)).toBe(before); // a preview writes nothing

    // re-map: name from another field (the population, as a silly but visible choice)
    const re = await t.call('POST', `/api/layers/grids/import/${r.previewId}`, { mapping: { code: '网格编码', name: '人口', parent: '社区编码', station: null } });
    expect(re.status, re.text).toBe(200);
    expect(re.body.previewId).toBe(r.previewId);
    expect(re.body.preview.features[0].properties.name).toBe('1200');
    // and back to the guessed mapping
    const back = await t.call('POST', `/api/layers/grids/import/${r.previewId}`, { mapping: null });
    expect(back.body.mapping.name).toBe('网格名称');

    const ap = await t.apply('grids', r.previewId, { onInvalid: 'repair', reason: '光明社区网格划分' });
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body).toMatchObject({ created: 2, updated: 0, retired: 0, skipped: [], repaired: [] });
    const changeId = ap.body.changeId!;
    const change = t.db.prepare('SELECT kind, actor, reason FROM changes WHERE id = ?').get(changeId);
    expect(change).toEqual({ kind: 'import', actor: 'local', reason: '光明社区网格划分' });
    expect(count(t, 'SELECT count(*) AS n FROM revisions WHERE change_id = ?', changeId)).toBe(2);
    const id = t.idOf('grids', '220502001003001');
    const row = t.db.prepare('SELECT name, parent_id, props FROM features WHERE id = ?').get(id) as { name: string; parent_id: number; props: string };
    expect(row.name).toBe('光明社区第一网格');
    expect(row.parent_id).toBe(t.idOf('communities', IMP.communityC));
    expect(JSON.parse(row.props)).toEqual({ 人口: 1200 });
    // the audit log has the change, the history shows the revision, undo (revert) works as for any edit
    expect(count(t, "SELECT count(*) AS n FROM audit WHERE action = 'feature.create' AND actor = 'local' AND json_extract(summary, '$.changeId') = ? AND json_extract(summary, '$.kind') = 'import'", changeId)).toBe(2);
    const hist = await t.call('GET', `/api/features/grids/${id}/history`);
    expect(hist.status).toBe(200);
    expect(JSON.stringify(hist.body)).toContain('import');
    const undo = await t.call('POST', `/api/changes/${changeId}/revert`, { reason: 'undo import' });
    expect(undo.status, undo.text).toBe(200);
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'grids' AND code LIKE '220502001003%' AND retired_at IS NULL")).toBe(0);
    // the preview is gone after apply
    const again = await t.apply('grids', r.previewId);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/upload the file again/);
  });

  it('re-validation with another datum converts again (the same upload, no new file)', async () => {
    t = importApp(importCity());
    const up = await t.upload('grids', cGrids());
    const re = await t.call('POST', `/api/layers/grids/import/${up.body.previewId}`, { crs: 'gcj02' });
    expect(re.status, re.text).toBe(200);
    expect(re.body.crs).toBe('gcj02');
    const a = positionsOf(up.body.preview.features[0].geometry);
    const b = positionsOf(re.body.preview.features[0].geometry);
    const d = a.map((p, i) => metres(p, b[i]));
    expect(Math.min(...d)).toBeGreaterThan(100);
    expect(Math.max(...d)).toBeLessThan(1000);
    // shifted by some 500 m, the grids now leave community C: the table says so
    expect(re.body.problems.map((p: { problem: string }) => p.problem)).toContain('outside_parent');
  });

  it('cancel writes nothing and forgets the preview', async () => {
    t = importApp(importCity());
    const before = dbFingerprint(t.db);
    const up = await t.upload('grids', cGrids());
    const del = await t.call('DELETE', `/api/layers/grids/import/${up.body.previewId}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ previewId: up.body.previewId, cancelled: true });
    expect(dbFingerprint(t.db)).toBe(before);
    expect((await t.apply('grids', up.body.previewId)).status).toBe(404);
  });

  it("another user's preview id is 404, and so is an expired one", async () => {
    t = importApp(importCity());
    const up = await t.upload('grids', cGrids());
    const other = await t.apply('grids', up.body.previewId, { onInvalid: 'repair' }, 'civil-city');
    expect(other.status).toBe(404);
    expect((await t.call('POST', `/api/layers/grids/import/${up.body.previewId}`, {}, 'civil-city')).status).toBe(404);
    expect((await t.call('DELETE', `/api/layers/grids/import/${up.body.previewId}`, undefined, 'civil-city')).status).toBe(404);
    // the wrong layer is 404 too
    expect((await t.apply('communities', up.body.previewId)).status).toBe(404);
    const store = previewStore(t.db);
    const real = store.now;
    store.now = () => real() + PREVIEW_TTL_MS + 1000;
    try {
      const late = await t.apply('grids', up.body.previewId);
      expect(late.status).toBe(404);
      expect(late.body.error.code).toBe('preview_not_found');
    } finally {
      store.now = real;
    }
  });

  it('a preview whose base changed is 409 "validate again"; re-validating fixes it', async () => {
    t = importApp(importCity());
    const up = await t.upload('grids', cGrids());
    // someone renames grid A1 in between
    const a1 = t.idOf('grids', IMP.grids.A1);
    const v = (t.db.prepare('SELECT version FROM features WHERE id = ?').get(a1) as { version: number }).version;
    const edit = await t.call('PUT', `/api/layers/grids/${a1}`, { properties: { name: '新名字' }, version: v });
    expect(edit.status, edit.text).toBe(200);
    const before = dbFingerprint(t.db);
    const stale = await t.apply('grids', up.body.previewId);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_preview');
    expect(stale.body.error.message).toMatch(/validate again/);
    expect(dbFingerprint(t.db)).toBe(before);
    const re = await t.call('POST', `/api/layers/grids/import/${up.body.previewId}`, {});
    expect(re.status).toBe(200);
    expect((await t.apply('grids', up.body.previewId)).status).toBe(200);
  });

  it('rejects uploads without a file, with a bad mapping or a bad crs (400)', async () => {
    t = importApp(importCity());
    const s = await t.session();
    const form = new FormData();
    form.set('crs', 'wgs84');
    const noFile = await t.app.request('/api/layers/grids/import', { method: 'POST', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body: form });
    expect(noFile.status).toBe(400);
    const badMap = await t.upload('grids', cGrids(), { mapping: JSON.stringify({ code: 'nope' }) });
    expect(badMap.status).toBe(400);
    expect(badMap.body.error?.message ?? badMap.text).toMatch(/nope/);
    const badCrs = await t.upload('grids', cGrids(), { crs: 'epsg:3857' });
    expect(badCrs.status).toBe(400);
    const unknownLayer = await t.upload('nope', cGrids());
    expect(unknownLayer.status).toBe(404);
  });
});
