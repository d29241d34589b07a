import type { Feature } from 'geojson';
import { afterEach, describe, expect, it } from 'vitest';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import { box, count, feat, geojsonFile, importApp, type ImportTestApp } from './helpers.ts';

/**
 * Replace mode: the file is a new version of (part of) a layer. The report shows the
 * difference (added, removed, changed, area moved); apply creates, updates and retires in one
 * change, and the commit hooks raise notices as an edit would.
 */

let t: ImportTestApp;
afterEach(() => t?.close());

const Y0 = 41.7;
const Y1 = 41.72;
const grid = (code: string, g: ReturnType<typeof box>, parent: string, name = `网格${code.slice(-3)}`) => feat(g, { code, name, parent_code: parent });

/** 东昌区's grids, with the A1 | A2 boundary moved 0.005° east, B2 gone and a new grid C1. */
function newGridMap(): Feature[] {
  return [
    grid(IMP.grids.A1, box(125.9, Y0, 125.915, Y1), IMP.communityA, '民主社区第一网格'),
    grid(IMP.grids.A2, box(125.915, Y0, 125.92, Y1), IMP.communityA, '民主社区第二网格'),
    grid(IMP.grids.B1, box(125.92, Y0, 125.93, Y1), '220502001002', '团结社区第一网格'),
    grid('220502001003001', box(125.9, 41.72, 125.92, 41.74), IMP.communityC, '光明社区网格'),
  ];
}

describe('replace import of a layer', () => {
  it('shows the diff, applies it as one change and raises notices like an edit', async () => {
    t = importApp(importCity());
    const r = await t.upload('grids', geojsonFile(newGridMap()), { mode: 'replace', county: IMP.county });
    expect(r.status, r.text).toBe(201);
    expect(r.body.county).toBe(IMP.county);
    expect(r.body.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const d = r.body.diff!;
    expect(d.added).toEqual(['220502001003001']);
    expect(d.removed).toEqual([IMP.grids.B2]);
    expect(d.changed).toEqual([IMP.grids.A1, IMP.grids.A2]);
    expect(d.unchanged).toBe(1);
    // moved: A1 and A2 each move a 0.005° × 0.02° strip; C1 is 0.02° × 0.02°, B2 0.01° × 0.02°
    const kx = 6371008.8 * (Math.PI / 180) * Math.cos((41.71 * Math.PI) / 180);
    const ky = 6371008.8 * (Math.PI / 180);
    const strip = 0.005 * kx * 0.02 * ky;
    const expected = 2 * strip + 0.02 * kx * 0.02 * ky * (Math.cos((41.73 * Math.PI) / 180) / Math.cos((41.71 * Math.PI) / 180)) + 2 * strip;
    expect(d.areaMovedM2).toBeGreaterThan(expected * 0.99);
    expect(d.areaMovedM2).toBeLessThan(expected * 1.01);

    const changesBefore = count(t, 'SELECT count(*) AS n FROM changes');
    const ap = await t.apply('grids', r.body.previewId, { onInvalid: 'repair', reason: '2026年网格调整' });
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body).toMatchObject({ created: 1, updated: 2, retired: 1, skipped: [] });
    expect(count(t, 'SELECT count(*) AS n FROM changes')).toBe(changesBefore + 1);
    const changeId = ap.body.changeId!;
    expect(count(t, 'SELECT count(*) AS n FROM revisions WHERE change_id = ?', changeId)).toBe(4);
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'grids' AND code = ? AND retired_at IS NOT NULL", IMP.grids.B2)).toBe(1);
    // notices: PS-DC-01's beats and aux-grids touch A1/A2/B2; PS-DC-02's beat lies in B2
    const notices = t.db.prepare('SELECT n.kind, s.code AS station FROM notices n JOIN features s ON s.id = n.station_id WHERE n.change_id = ? ORDER BY s.code').all(changeId);
    expect(notices).toEqual([
      { kind: 'gridAdjust', station: IMP.station },
      { kind: 'gridAdjust', station: IMP.station2 },
    ]);
    // the grids of the other county were not touched
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'grids' AND code = ? AND retired_at IS NULL AND version = 1", IMP.gridB)).toBe(1);
    // the whole import is undone by one revert
    const undo = await t.call('POST', `/api/changes/${changeId}/revert`, { reason: 'undo' });
    expect(undo.status, undo.text).toBe(200);
    const a1 = JSON.parse((t.db.prepare("SELECT geometry FROM features WHERE layer = 'grids' AND code = ?").get(IMP.grids.A1) as { geometry: string }).geometry);
    expect(a1).toEqual(box(125.9, Y0, 125.91, Y1));
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'grids' AND code = ? AND retired_at IS NULL", IMP.grids.B2)).toBe(1);
  });

  it("a station's new beat map replaces only that station's beats", async () => {
    t = importApp(importCity());
    const file = geojsonFile([
      feat(box(125.9, Y0, 125.91, Y1), { code: 'BEAT-DC-01', name: '新站第一责任区' }),
      feat(box(125.91, Y0, 125.92, Y1), { code: 'BEAT-DC-04', name: '新站第四责任区' }),
    ]);
    const r = await t.upload('beats', file, { mode: 'replace' }, 'police-ps-dc-01');
    expect(r.status, r.text).toBe(201);
    expect(r.body.station).toBe(IMP.station);
    expect(r.body.diff).toMatchObject({ added: ['BEAT-DC-04'], removed: [IMP.beats.two], changed: [IMP.beats.one], unchanged: 0 });
    const ap = await t.apply('beats', r.body.previewId, { onInvalid: 'repair' }, 'police-ps-dc-01');
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body).toMatchObject({ created: 1, updated: 1, retired: 1 });
    const live = (t.db.prepare("SELECT b.code FROM features b JOIN features s ON s.id = b.station_id WHERE b.layer = 'beats' AND b.retired_at IS NULL AND s.code = ? ORDER BY b.code").all(IMP.station) as { code: string }[]).map((x) => x.code);
    expect(live).toEqual(['BEAT-DC-01', 'BEAT-DC-04']);
    // the other station's beat is untouched
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'beats' AND code = 'BEAT-DC-03' AND retired_at IS NULL AND version = 1")).toBe(1);
    const change = t.db.prepare('SELECT kind, actor FROM changes WHERE id = ?').get(ap.body.changeId);
    expect(change).toEqual({ kind: 'import', actor: 'police-ps-dc-01' });
  });

  it('a replace import whose live feature changed meanwhile answers 409 and writes nothing', async () => {
    t = importApp(importCity());
    const r = await t.upload('grids', geojsonFile(newGridMap()), { mode: 'replace', county: IMP.county });
    // the base is checked first (stale_preview); the commit's own version check is the second line
    const b1 = t.idOf('grids', IMP.grids.B1);
    const edit = await t.call('PUT', `/api/layers/grids/${b1}`, { properties: { name: '改名' }, version: 1 });
    expect(edit.status).toBe(200);
    const ap = await t.apply('grids', r.body.previewId);
    expect(ap.status).toBe(409);
    expect(count(t, "SELECT count(*) AS n FROM features WHERE layer = 'grids' AND code = '220502001003001'")).toBe(0);
  });

  it("coordinates within 1e-7° of the stored ones (an export's rounding) are unchanged, even along a community border", async () => {
    t = importApp(importCity());
    // A1's west edge 4e-8° (≈ 3 mm) further west: over its 2.2 km, ≈ 7 m² outside community A
    const nudged = { type: 'Polygon' as const, coordinates: [[[125.89999996, Y0], [125.91, Y0], [125.91, Y1], [125.89999996, Y1], [125.89999996, Y0]]] };
    const r = await t.upload('grids', geojsonFile([grid(IMP.grids.A1, nudged, IMP.communityA, '民主社区第一网格')]), { mode: 'replace', county: IMP.county });
    expect(r.status, r.text).toBe(201);
    expect(r.body.problems).toEqual([]);
    expect(r.body.diff).toMatchObject({ changed: [], unchanged: 1 });
    // a real move of the same edge (1e-5° ≈ 0.8 m) leaves the community: refused (and kept out of the diff)
    const moved = { type: 'Polygon' as const, coordinates: [[[125.89999, Y0], [125.91, Y0], [125.91, Y1], [125.89999, Y1], [125.89999, Y0]]] };
    const r2 = await t.upload('grids', geojsonFile([grid(IMP.grids.A1, moved, IMP.communityA, '民主社区第一网格')]), { mode: 'replace', county: IMP.county });
    expect(r2.body.problems.map((p) => p.problem)).toEqual(['outside_parent']);
    expect(r2.body.preview.features[0].properties.status).toBe('invalid');
    expect(r2.body.diff).toMatchObject({ changed: [], unchanged: 1 });
  });

  it('a feature skipped as invalid keeps its live version, and the others must fit around it', async () => {
    t = importApp(importCity());
    const bowTie = { type: 'Polygon' as const, coordinates: [[[125.9, Y0], [125.91, Y1], [125.91, Y0], [125.9, Y1], [125.9, Y0]]] };
    const file = geojsonFile([
      grid(IMP.grids.A1, bowTie, IMP.communityA, '民主社区第一网格'),
      // A2 grows west into A1's place: fine if A1 were replaced, but A1 stays as it is
      grid(IMP.grids.A2, box(125.905, Y0, 125.92, Y1), IMP.communityA, '民主社区第二网格'),
      grid(IMP.grids.B1, box(125.92, Y0, 125.93, Y1), '220502001002', '团结社区第一网格'),
      grid(IMP.grids.B2, box(125.93, Y0, 125.94, Y1), '220502001002', '团结社区第二网格'),
    ]);
    const r = await t.upload('grids', file, { mode: 'replace', county: IMP.county });
    expect(r.status, r.text).toBe(201);
    const a2 = r.body.problems.filter((p) => p.index === 1);
    expect(a2.map((p) => p.problem)).toEqual(['overlaps_neighbour']);
    expect(a2[0].message).toMatch(/overlaps grid 220502001001001 .* stays as it is/);
    expect(r.body.diff).toMatchObject({ removed: [], changed: [], unchanged: 4 });
    const ap = await t.apply('grids', r.body.previewId, { onInvalid: 'skip' });
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body).toMatchObject({ changeId: null, skipped: [0, 1] });
  });

  it('an unchanged file is a no-op (no change written)', async () => {
    t = importApp(importCity());
    const same = [
      grid(IMP.grids.A1, box(125.9, Y0, 125.91, Y1), IMP.communityA, '民主社区第一网格'),
      grid(IMP.grids.A2, box(125.91, Y0, 125.92, Y1), IMP.communityA, '民主社区第二网格'),
      grid(IMP.grids.B1, box(125.92, Y0, 125.93, Y1), '220502001002', '团结社区第一网格'),
      grid(IMP.grids.B2, box(125.93, Y0, 125.94, Y1), '220502001002', '团结社区第二网格'),
    ];
    const r = await t.upload('grids', geojsonFile(same), { mode: 'replace', county: IMP.county });
    expect(r.body.diff).toEqual({ added: [], removed: [], changed: [], unchanged: 4, areaMovedM2: 0 });
    const n = count(t, 'SELECT count(*) AS n FROM changes');
    const ap = await t.apply('grids', r.body.previewId);
    expect(ap.body).toMatchObject({ changeId: null, created: 0, updated: 0, retired: 0 });
    expect(count(t, 'SELECT count(*) AS n FROM changes')).toBe(n);
  });
});
