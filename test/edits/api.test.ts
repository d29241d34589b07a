/**
 * The editing API end to end (in-process app, mini city): merge, split, zone from grids,
 * move-vertex, validation, whole-change revert, per-feature revert of a merged grid,
 * history, lineage, stale versions and the generic grid PUT refusing overlaps.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../support/api.ts';
import { editingApp, MINI, rect } from './helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

const line = (...cs: [number, number][]) => ({ type: 'LineString', coordinates: cs });

describe('POST /api/grids/merge', () => {
  it('201 with the new grid, revision(s), retired grids, lineage and notices', async () => {
    const [a1, a2] = [t.grid('A1'), t.grid('A2')];
    const r = await t.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: '社区合并' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.feature.properties.code).toBe(`${MINI.communityA}003`);
    expect(r.body.retired.map((x: { id: number }) => x.id).sort()).toEqual([a1, a2].sort());
    expect(r.body.revision).toBeGreaterThan(0);
    expect(r.body.change).toMatchObject({ kind: 'merge', reason: '社区合并' });
    expect(r.body.notices).toHaveLength(1);
    // history of the new grid and of a merged-away grid
    const h = await t.json('GET', `/api/features/grids/${r.body.feature.id}/history`);
    expect(h.body.revisions[0]).toMatchObject({ kind: 'merge', op: 'create', reason: '社区合并' });
    const h1 = await t.json('GET', `/api/features/grids/${a1}/history`);
    expect(h1.body.revisions[0]).toMatchObject({ kind: 'merge', op: 'retire' });
    // lineage
    const l = await t.json('GET', `/api/lineage/grids/${a1}`);
    expect(l.status).toBe(200);
    expect(l.body.became.map((n: { id: number }) => n.id)).toEqual([r.body.feature.id]);
    const back = await t.json('GET', `/api/lineage/grids/${r.body.feature.id}`);
    expect(back.body.becameFrom.map((n: { id: number }) => n.id).sort()).toEqual([a1, a2].sort());
  });

  it('400 on a bad body, 404 on an unknown grid, 422 across communities — nothing written', async () => {
    const before = dbFingerprint(t.db);
    expect((await t.json('POST', '/api/grids/merge', { body: { ids: [1] } })).status).toBe(400);
    expect((await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), 99999] } })).status).toBe(404);
    const cross = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A2'), t.grid('B1')] } });
    expect(cross.status).toBe(422);
    expect(cross.body.error.code).toBe('different_communities');
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('409 with the current version when a grid was merged meanwhile', async () => {
    const ids = [t.grid('A1'), t.grid('A2')];
    expect((await t.json('POST', '/api/grids/merge', { body: { ids } })).status).toBe(201);
    const second = await t.json('POST', '/api/grids/merge', { body: { ids, versions: { [ids[0]]: 1, [ids[1]]: 1 } } });
    expect(second.status).toBe(409);
    expect(second.body.error.details.currentVersion).toBe(2);
    expect(second.body.error.details.current.properties.retiredAt).toBeTruthy();
  });

  it('?dryRun=1 previews without writing', async () => {
    const before = dbFingerprint(t.db);
    const r = await t.json('POST', '/api/grids/merge?dryRun=1', { body: { ids: [t.grid('A1'), t.grid('A2')] } });
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('POST /api/grids/:id/split', () => {
  it('201 with two grids, the old one retired, lineage; accepts a Feature<LineString>', async () => {
    const b2 = t.grid('B2');
    const r = await t.json('POST', `/api/grids/${b2}/split`, {
      body: { line: { type: 'Feature', properties: {}, geometry: line([125.935, 41.69], [125.935, 41.73]) }, reason: '新建小区', baseVersion: 1 },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.features).toHaveLength(2);
    expect(r.body.retired).toEqual([{ id: b2, code: MINI.grids.B2, version: 2 }]);
    expect(r.body.notices).toHaveLength(1); // beat-2 covers B2's west half
    const l = await t.json('GET', `/api/lineage/grids/${b2}`);
    expect(l.body.became).toHaveLength(2);
  });

  it('422 line_does_not_cross / too_many_pieces with a location; 409 stale', async () => {
    const b2 = t.grid('B2');
    const miss = await t.json('POST', `/api/grids/${b2}/split`, { body: { line: line([125.95, 41.69], [125.95, 41.73]) } });
    expect(miss.status).toBe(422);
    expect(miss.body.error.code).toBe('line_does_not_cross');
    expect(miss.body.error.details.location).toHaveLength(2);
    const zigzag = await t.json('POST', `/api/grids/${b2}/split`, {
      body: { line: line([125.932, 41.69], [125.932, 41.73], [125.936, 41.73], [125.936, 41.69]) },
    });
    expect(zigzag.body.error.code).toBe('too_many_pieces');
    const stale = await t.json('POST', `/api/grids/${b2}/split`, { body: { line: line([125.935, 41.69], [125.935, 41.73]), baseVersion: 9 } });
    expect(stale.status).toBe(409);
  });
});

describe('split keeps shared boundaries topological', () => {
  it("inserts the cut's ends into the neighbours sharing that edge, so a later shared-vertex move moves both sides", async () => {
    const [a1, a2, b1] = [t.grid('A1'), t.grid('A2'), t.grid('B1')];
    const r = await t.json('POST', `/api/grids/${a2}/split`, { body: { line: line([125.905, 41.71], [125.925, 41.71]), reason: '拆分' } });
    expect(r.status, r.text).toBe(201);
    const ring = async (id: number) => ((await t.json('GET', `/api/layers/grids/${id}`)).body.geometry.coordinates[0] as number[][]);
    const has = (cs: number[][], p: number[]) => cs.some((c) => c[0] === p[0] && c[1] === p[1]);
    expect(has(await ring(a1), [125.91, 41.71])).toBe(true);
    expect(has(await ring(b1), [125.92, 41.71])).toBe(true);
    // the west piece's corner at the cut end is now a vertex of A1 too: moving it moves both
    const piece = r.body.features[0].id as number;
    const version = r.body.features[0].properties.version as number;
    const mv = await t.json('POST', `/api/grids/${piece}/move-vertex`, {
      body: { from: [125.91, 41.71], to: [125.9101, 41.7101], baseVersion: version, reason: '微调' },
    });
    expect(mv.status, mv.text).toBe(200);
    expect(has(await ring(a1), [125.9101, 41.7101])).toBe(true);
    expect(mv.body.inserted).not.toContain(a1); // A1 held the vertex: moved, not inserted
  });
});

describe('POST /api/zones/from-grids', () => {
  it('creates a beat equal to the union of the chosen grids (201) and realigns one (200)', async () => {
    const station = t.idOf('stations', MINI.station);
    const created = await t.json('POST', '/api/zones/from-grids', { body: { layer: 'beats', stationId: station, gridIds: [t.grid('B1'), t.grid('B2')], reason: '新警区' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.feature.properties.layer).toBe('beats');
    const beat2 = t.idOf('beats', MINI.beats.two);
    const re = await t.json('POST', '/api/zones/from-grids', {
      body: { layer: 'beats', stationId: station, gridIds: [t.grid('B1'), t.grid('B2')], replaceId: beat2, baseVersion: 1, reason: '按网格重划' },
    });
    expect(re.status).toBe(200);
    expect(re.body.change.kind).toBe('realign');
    const noVersion = await t.json('POST', '/api/zones/from-grids', { body: { layer: 'beats', stationId: station, gridIds: [t.grid('B1')], replaceId: beat2 } });
    expect(noVersion.status).toBe(428);
  });
});

describe('POST /api/grids/:id/move-vertex', () => {
  it('moves a shared vertex in both grids in one change; 409 on a stale base version', async () => {
    const a1 = t.grid('A1');
    const r = await t.json('POST', `/api/grids/${a1}/move-vertex`, { body: { from: [125.91, 41.7], to: [125.911, 41.7], baseVersion: 1, reason: '道路调整' } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.features.map((f: { id: number }) => f.id)).toContain(t.grid('A2'));
    expect(new Set(r.body.revisions.map((x: { id: number }) => x.id)).size).toBe(r.body.features.length);
    const stale = await t.json('POST', `/api/grids/${a1}/move-vertex`, { body: { from: [125.911, 41.7], to: [125.91, 41.7], baseVersion: 1 } });
    expect(stale.status).toBe(409);
  });
});

describe('undo and revert', () => {
  it('POST /api/changes/:id/revert undoes a merge as a new change; per-feature revert of a merged-away grid is refused while the merged grid lives', async () => {
    const [a1, a2] = [t.grid('A1'), t.grid('A2')];
    const m = await t.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: 'merge' } });
    // per-feature revert (H1's route) of A1 would overlap the merged grid → 422 overlap
    const hist = await t.json('GET', `/api/features/grids/${a1}/history`);
    const firstRevision = hist.body.revisions[hist.body.revisions.length - 1].revisionId;
    const perFeature = await t.json('POST', `/api/features/grids/${a1}/revert`, { body: { revision: firstRevision } });
    expect(perFeature.status).toBe(422);
    expect(perFeature.body.error.code).toBe('overlap');
    // whole-change revert
    const undo = await t.json('POST', `/api/changes/${m.body.change.id}/revert`, { body: { reason: 'undo' } });
    expect(undo.status, undo.text).toBe(200);
    expect(undo.body.change.kind).toBe('revert');
    expect(undo.body.retired.map((x: { id: number }) => x.id)).toEqual([m.body.feature.id]);
    expect((await t.json('GET', `/api/layers/grids/${a1}`)).status).toBe(200);
    expect(undo.body.notices).toHaveLength(1); // the grids changed again: the station is told
    // redo
    const redo = await t.json('POST', `/api/changes/${undo.body.change.id}/revert`);
    expect(redo.status).toBe(200);
    expect((await t.json('GET', `/api/layers/grids/${m.body.feature.id}`)).status).toBe(200);
    expect((await t.json('POST', `/api/changes/999999/revert`)).status).toBe(404);
  });
});

describe('validation on the generic write path', () => {
  it('PUT /api/layers/grids/:id refuses a grid overlapping its neighbour with 422 and the location', async () => {
    const a1 = t.grid('A1');
    const r = await t.json('PUT', `/api/layers/grids/${a1}`, { headers: { 'If-Match': '"1"' }, body: { geometry: rect(125.9, 41.7, 125.915, 41.72) } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('overlap');
    expect(r.body.error.details.location).toHaveLength(2);
    expect(r.body.error.details.problems[0].featureId).toBe(t.grid('A2'));
  });

  it('POST /api/edits/validate reports problems without writing', async () => {
    const before = dbFingerprint(t.db);
    const bad = await t.json('POST', '/api/edits/validate', { body: { layer: 'grids', id: t.grid('A1'), geometry: rect(125.9, 41.7, 125.915, 41.72) } });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ valid: false });
    expect(bad.body.problems[0].code).toBe('overlap');
    const bow = await t.json('POST', '/api/edits/validate', { body: { layer: 'grids', geometry: { type: 'Polygon', coordinates: [[[125.9, 41.7], [125.91, 41.71], [125.91, 41.7], [125.9, 41.71], [125.9, 41.7]]] } } });
    expect(bow.body.problems[0].code).toBe('self_intersection');
    const ok = await t.json('POST', '/api/edits/validate', { body: { layer: 'grids', id: t.grid('A1'), geometry: rect(125.9, 41.7, 125.909, 41.72) } });
    expect(ok.body).toEqual({ valid: true, reason: null, location: null, problems: [] });
    expect(dbFingerprint(t.db)).toBe(before);
  });
});
