import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../support/api.ts';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import { box, count, feat, geojsonFile, importApp, type ImportTestApp } from './helpers.ts';

/**
 * Who may import and export what: imports need write permission on the layer within the
 * user's scope (checked per feature in the report, again by the commit hook at apply); an
 * export is a scoped read.
 */

let t: ImportTestApp;
beforeAll(() => {
  t = importApp(importCity());
});
afterAll(() => t.close());

const cGrid = (parent = IMP.communityC) => geojsonFile([feat(box(125.9, 41.72, 125.91, 41.74), { code: '220502001003001', name: '光明一格', parent_code: parent })]);

describe('import permissions', () => {
  it('leadership (read-only) cannot import: 403 before anything is read', async () => {
    for (const who of ['leader-city', 'leader-dongchang']) {
      const r = await t.upload('grids', cGrid(), {}, who);
      expect(r.status, who).toBe(403);
      expect(r.body.error.message).toMatch(/read-only/);
    }
  });

  it('a role that does not write the layer cannot import into it', async () => {
    const police = await t.upload('grids', cGrid(), {}, 'police-ps-dc-01');
    expect(police.status).toBe(403);
    const civil = await t.upload('police-rooms', geojsonFile([feat({ type: 'Point', coordinates: [125.905, 41.73] }, { code: 'PR-X', name: 'X' })]), {}, 'civil-dongchang');
    expect(civil.status).toBe(403);
    expect(civil.body.error.message).toMatch(/civil affairs may only change the community\/grid link/);
  });

  it('a county user cannot import into another county: per-row out_of_scope, apply refused, 403 for an explicit county', async () => {
    const before = dbFingerprint(t.db);
    // a grid of 通化县 uploaded by 东昌区's civil affairs
    const file = geojsonFile([feat(box(125.95, 41.7, 125.96, 41.72), { code: '220521001001002', name: '快大茂二格', parent_code: '220521001001' })]);
    const r = await t.upload('grids', file, {}, 'civil-dongchang');
    expect(r.status, r.text).toBe(201);
    const row = r.body.problems.find((p) => p.problem === 'out_of_scope');
    expect(row).toMatchObject({ index: 0, severity: 'error', repairable: false });
    expect(row!.message).toMatch(/civil-dongchang.*220521/);
    const refused = await t.apply('grids', r.body.previewId, { onInvalid: 'repair' }, 'civil-dongchang');
    expect(refused.status).toBe(422);
    const skipped = await t.apply('grids', r.body.previewId, { onInvalid: 'skip' }, 'civil-dongchang');
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ changeId: null, created: 0, skipped: [0] });
    expect(dbFingerprint(t.db)).toBe(before);
    const explicit = await t.upload('grids', file, { mode: 'replace', county: IMP.countyB }, 'civil-dongchang');
    expect(explicit.status).toBe(403);
  });

  it('a county user imports into its own county; replace mode is limited to its county', async () => {
    const r = await t.upload('grids', cGrid(), { mode: 'replace' }, 'civil-dongchang');
    expect(r.status, r.text).toBe(201);
    expect(r.body.county).toBe(IMP.county);
    // its county's other grids would be retired; the other county's grid is not in the diff
    expect(r.body.diff!.removed).toEqual(Object.values(IMP.grids).sort());
    expect(r.body.diff!.removed).not.toContain(IMP.gridB);
    await t.call('DELETE', `/api/layers/grids/import/${r.body.previewId}`, undefined, 'civil-dongchang');
    const add = await t.upload('grids', cGrid(), {}, 'civil-dongchang');
    expect(add.body.problems).toEqual([]);
    const ap = await t.apply('grids', add.body.previewId, { onInvalid: 'repair' }, 'civil-dongchang');
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body.created).toBe(1);
    const undo = await t.call('POST', `/api/changes/${ap.body.changeId}/revert`, { reason: 'cleanup' });
    expect(undo.status).toBe(200);
  });

  it('a police station imports only for itself', async () => {
    const beat = geojsonFile([feat(box(125.9, 41.72, 125.91, 41.74), { code: 'BEAT-X', name: 'X' })]);
    const other = await t.upload('beats', beat, { station: IMP.stationB }, 'police-ps-dc-01');
    expect(other.status).toBe(403);
    const mapped = await t.upload('beats', geojsonFile([feat(box(125.9, 41.72, 125.91, 41.74), { code: 'BEAT-X', name: 'X', station_code: IMP.station2 })]), {}, 'police-ps-dc-01');
    expect(mapped.status).toBe(201);
    expect(mapped.body.problems.map((p) => p.problem)).toContain('unknown_station');
    const own = await t.upload('beats', beat, {}, 'police-ps-dc-01');
    expect(own.body.station).toBe(IMP.station);
    expect(own.body.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('export permissions', () => {
  it('a county reader exports its county only, and cannot ask for another', async () => {
    const res = await t.get('/api/layers/grids/export?format=geojson', 'leader-dongchang');
    expect(res.status).toBe(200);
    const fc = JSON.parse(await res.text());
    const codes = fc.features.map((f: { properties: { code: string } }) => f.properties.code).sort();
    expect(codes).toEqual(Object.values(IMP.grids).sort());
    const other = await t.get(`/api/layers/grids/export?format=geojson&county=${IMP.countyB}`, 'civil-dongchang');
    expect(other.status).toBe(403);
    const station = await t.get(`/api/layers/beats/export?format=geojson&station=${IMP.stationB}`, 'civil-dongchang');
    expect(station.status).toBe(403);
    // ids of another county are silently left out (existence is not leaked)
    const gid = t.idOf('grids', IMP.gridB);
    const byIds = await t.get(`/api/layers/grids/export?format=geojson&ids=${gid}`, 'leader-dongchang');
    expect(JSON.parse(await byIds.text()).features).toEqual([]);
  });

  it('exports are audited', async () => {
    const n = count(t, "SELECT count(*) AS n FROM audit WHERE action = 'export.layer' AND actor = 'leader-city'");
    const res = await t.get('/api/layers/grids/export?format=kml', 'leader-city');
    expect(res.status).toBe(200);
    expect(count(t, "SELECT count(*) AS n FROM audit WHERE action = 'export.layer' AND actor = 'leader-city'")).toBe(n + 1);
  });
});
