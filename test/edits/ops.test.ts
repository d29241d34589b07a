/**
 * The editing operations against a database (mini city): merge, split, zone from grids,
 * shared-vertex move, whole-change revert, lineage, and their errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZoneFromGrids } from '../../server/edits/build-zone.ts';
import { mergeGrids } from '../../server/edits/merge.ts';
import { splitGrid } from '../../server/edits/split.ts';
import { moveSharedVertex } from '../../server/edits/topology.ts';
import { revertChange } from '../../server/grids/change-revert.ts';
import { areaM2, projectorAt, toPolys, type AreaGeometry } from '../../server/grids/geom.ts';
import { HttpError } from '../../server/http/errors.ts';
import { lineageOf } from '../../server/lineage/lineage.ts';
import { dbFingerprint } from '../support/api.ts';
import { editingApp, MINI } from './helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

const actor = 'tester';
const m2 = (g: unknown) => areaM2(toPolys(g as AreaGeometry), projectorAt(41.71));

function httpError(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

describe('merge', () => {
  it('merges two adjacent grids into one with the exact union, new code, lineage, retirements', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    const areaBefore = m2(JSON.parse((t.db.prepare('SELECT geometry FROM features WHERE id=?').get(a1) as { geometry: string }).geometry)) * 2;
    const r = mergeGrids(t.db, { ids: [a1, a2], reason: 'communities merged', actor });
    expect(r.unionMethod).toBe('dissolve');
    expect(r.feature.properties!.code).toBe(`${MINI.communityA}003`);
    expect(r.feature.properties!.parentId).toBe(t.idOf('communities', MINI.communityA));
    expect(m2(r.feature.geometry)).toBeCloseTo(areaBefore, 3);
    expect(r.retired.map((x) => x.id).sort()).toEqual([a1, a2].sort());
    expect(r.lineage).toEqual([
      { fromId: a1, toId: r.feature.id },
      { fromId: a2, toId: r.feature.id },
    ]);
    expect(r.change.kind).toBe('merge');
    expect(r.revisions.filter((x) => x.layer === 'grids')).toHaveLength(3);
    expect(r.revisions.find((x) => x.id === r.revision)!.entityId).toBe(r.feature.id);
    const rows = t.db.prepare('SELECT id, retired_at FROM features WHERE id IN (?, ?)').all(a1, a2) as { retired_at: string | null }[];
    expect(rows.every((x) => x.retired_at !== null)).toBe(true);
    // the station's beat-1 and aux-1 lie on these grids: one notice for the station
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0].kind).toBe('gridMerge');
    const zones = Object.fromEntries(r.notices[0].summary.zones.map((z) => [z.code, z]));
    expect(zones[MINI.beats.one].misaligned).toBe(false); // still the union of whole grids
    expect(zones[MINI.aux.one].misaligned).toBe(true); // now half of the merged grid
  });

  it('refuses grids of different communities (422) and writes nothing', () => {
    const before = dbFingerprint(t.db);
    const e = httpError(() => mergeGrids(t.db, { ids: [t.grid('A2'), t.grid('B1')], reason: '', actor }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('different_communities');
    expect(e.message).toContain(MINI.communityA);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('refuses grids that are not adjacent (422 naming the groups)', () => {
    // split A1 into a west and an east half; the west half and A2 do not touch
    const s = splitGrid(t.db, { id: t.grid('A1'), line: { type: 'LineString', coordinates: [[125.905, 41.69], [125.905, 41.73]] }, reason: '', actor });
    const [west] = s.features;
    const e = httpError(() => mergeGrids(t.db, { ids: [Number(west.id), t.grid('A2')], reason: '', actor }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('not_adjacent');
    expect((e.details as { groups: number[][] }).groups).toHaveLength(2);
  });

  it('a second merge of an already merged grid gets 409 with the current version', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    mergeGrids(t.db, { ids: [a1, a2], reason: '', actor });
    const e = httpError(() => mergeGrids(t.db, { ids: [a1, a2], reason: '', actor }));
    expect(e.status).toBe(409);
    expect((e.details as { currentVersion: number; id: number }).currentVersion).toBe(2);
  });

  it('a stale base version gets 409', () => {
    const a1 = t.grid('A1');
    const e = httpError(() => mergeGrids(t.db, { ids: [a1, t.grid('A2')], versions: { [a1]: 7 }, reason: '', actor }));
    expect(e.status).toBe(409);
    expect(e.code).toBe('stale_version');
  });

  it('dry run answers like the real call and writes nothing', () => {
    const before = dbFingerprint(t.db);
    const r = mergeGrids(t.db, { ids: [t.grid('A1'), t.grid('A2')], reason: '', actor, dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.feature.properties!.code).toBe(`${MINI.communityA}003`);
    expect(dbFingerprint(t.db)).toBe(before);
    expect(t.db.prepare('SELECT count(*) AS n FROM notices').get()).toEqual({ n: 0 });
  });
});

describe('split', () => {
  it('splits a grid into two new grids with lineage; the pieces tile the old grid exactly', () => {
    const b1 = t.grid('B1');
    const old = JSON.parse((t.db.prepare('SELECT geometry FROM features WHERE id=?').get(b1) as { geometry: string }).geometry);
    const r = splitGrid(t.db, { id: b1, line: { type: 'LineString', coordinates: [[125.919, 41.71], [125.931, 41.712]] }, reason: 'new estate', actor });
    expect(r.features.map((f) => f.properties!.code)).toEqual([`${MINI.communityB}003`, `${MINI.communityB}004`]);
    expect(m2(r.features[0].geometry) + m2(r.features[1].geometry)).toBeCloseTo(m2(old), 3);
    expect(r.retired).toEqual([{ id: b1, code: MINI.grids.B1, version: 2 }]);
    expect(r.lineage.map((l) => l.fromId)).toEqual([b1, b1]);
    // B1 carries aux-2 and part of beat-2
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0].kind).toBe('gridSplit');
    expect(r.notices[0].summary.zones.map((z) => z.code).sort()).toEqual([MINI.aux.two, MINI.beats.two].sort());
  });

  it('422 with a location when the line does not cross the grid', () => {
    const e = httpError(() =>
      splitGrid(t.db, { id: t.grid('B1'), line: { type: 'LineString', coordinates: [[125.925, 41.69], [125.925, 41.705]] }, reason: '', actor }),
    );
    expect(e.status).toBe(422);
    expect(e.code).toBe('line_does_not_cross');
    expect((e.details as { location: number[] }).location).toHaveLength(2);
  });

  it('409 on a stale base version', () => {
    const e = httpError(() =>
      splitGrid(t.db, { id: t.grid('B1'), baseVersion: 5, line: { type: 'LineString', coordinates: [[125.925, 41.69], [125.925, 41.73]] }, reason: '', actor }),
    );
    expect(e.status).toBe(409);
  });
});

describe('lineage', () => {
  it('follows chains transitively: A1 → merged → split pieces', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    const m = mergeGrids(t.db, { ids: [a1, a2], reason: '', actor });
    const s = splitGrid(t.db, { id: Number(m.feature.id), line: { type: 'LineString', coordinates: [[125.89, 41.71], [125.93, 41.71]] }, reason: '', actor });
    const l = lineageOf(t.db, a1);
    expect(l.becameFrom).toEqual([]);
    expect(l.became.map((n) => [n.id, n.depth, n.kind])).toEqual([
      [Number(m.feature.id), 1, 'merge'],
      [Number(s.features[0].id), 2, 'split'],
      [Number(s.features[1].id), 2, 'split'],
    ]);
    const back = lineageOf(t.db, Number(s.features[1].id));
    expect(back.becameFrom.map((n) => [n.id, n.depth])).toEqual([
      [Number(m.feature.id), 1],
      [a1, 2],
      [a2, 2],
    ]);
  });
});

describe('zone from grids', () => {
  it('creates a beat as the exact union of grids, aligned by construction', () => {
    const station = t.idOf('stations', MINI.station);
    const r = buildZoneFromGrids(t.db, { layer: 'beats', stationId: station, gridIds: [t.grid('B1'), t.grid('B2')], reason: '', actor });
    expect(r.created).toBe(true);
    expect(r.feature.properties!.code).toBe(`${MINI.station}B01`);
    expect(r.feature.properties!.stationId).toBe(station);
    expect(r.unionMethod).toBe('dissolve');
    expect(r.notices).toEqual([]);
  });

  it('rebuilds an existing beat (realign) with a version check', () => {
    const station = t.idOf('stations', MINI.station);
    const beat2 = t.idOf('beats', MINI.beats.two);
    const r = buildZoneFromGrids(t.db, { layer: 'beats', stationId: station, gridIds: [t.grid('B1'), t.grid('B2')], replaceId: beat2, baseVersion: 1, reason: 'realign', actor });
    expect(r.change.kind).toBe('realign');
    expect(r.feature.id).toBe(beat2);
    expect(r.feature.properties!.version).toBe(2);
    const stale = httpError(() =>
      buildZoneFromGrids(t.db, { layer: 'beats', stationId: station, gridIds: [t.grid('B1')], replaceId: beat2, baseVersion: 1, reason: '', actor }),
    );
    expect(stale.status).toBe(409);
  });

  it('an aux-grid takes exactly one grid', () => {
    const station = t.idOf('stations', MINI.station);
    const e = httpError(() => buildZoneFromGrids(t.db, { layer: 'aux-grids', stationId: station, gridIds: [t.grid('B1'), t.grid('B2')], reason: '', actor }));
    expect(e.code).toBe('aux_grid_needs_one_grid');
    const ok = buildZoneFromGrids(t.db, { layer: 'aux-grids', stationId: station, gridIds: [t.grid('B2')], reason: '', actor });
    expect(ok.feature.properties!.code).toBe(`${MINI.grids.B2}J`);
  });
});

describe('move a shared vertex', () => {
  it('moves the vertex in every grid and zone holding it, in one change', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    const r = moveSharedVertex(t.db, { id: a1, from: [125.91, 41.72], to: [125.912, 41.72], baseVersion: 1, reason: 'road moved', actor });
    const ids = r.features.map((f) => f.id);
    expect(ids[0]).toBe(a1);
    expect(ids).toContain(a2);
    expect(ids).toContain(t.idOf('aux-grids', MINI.aux.one)); // aux-1 = A1 exactly
    // beat-1 = A1 ∪ A2 has no vertex there but its edge passes through it: the point is inserted
    expect(r.inserted).toEqual([t.idOf('beats', MINI.beats.one)]);
    expect(new Set(r.revisions.map((x) => x.id)).size).toBe(r.revisions.length);
    const changeIds = new Set((t.db.prepare('SELECT DISTINCT change_id AS c FROM revisions WHERE id IN (' + r.revisions.map((x) => x.id).join(',') + ')').all() as { c: number }[]).map((x) => x.c));
    expect(changeIds.size).toBe(1);
    // the two grids still share the moved vertex, so no gap or overlap between them
    const g = (id: number) => JSON.stringify((r.features.find((f) => f.id === id)!.geometry as { coordinates: unknown }).coordinates);
    expect(g(a1)).toContain('[125.912,41.72]');
    expect(g(a2)).toContain('[125.912,41.72]');
    expect(r.notices).toHaveLength(1);
  });

  it('404 when the grid has no such vertex; 409 when a neighbour version is stale', () => {
    const a1 = t.grid('A1');
    expect(httpError(() => moveSharedVertex(t.db, { id: a1, from: [125.95, 41.72], to: [125.9, 41.7], baseVersion: 1, reason: '', actor })).status).toBe(404);
    const e = httpError(() =>
      moveSharedVertex(t.db, { id: a1, from: [125.91, 41.72], to: [125.912, 41.72], baseVersion: 1, versions: { [t.grid('A2')]: 3 }, reason: '', actor }),
    );
    expect(e.status).toBe(409);
  });
});

describe('whole-change revert', () => {
  it('reverting a merge restores the old grids and retires the merged one, as a new change', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    const m = mergeGrids(t.db, { ids: [a1, a2], reason: '', actor });
    const r = revertChange(t.db, { changeId: m.change.id, actor });
    expect(r.change.kind).toBe('revert');
    expect(r.retired.map((x) => x.id)).toEqual([Number(m.feature.id)]);
    expect(r.features.filter((f) => f.properties!.layer === 'grids').map((f) => f.id).sort()).toEqual([a1, a2].sort());
    expect(t.idOf('grids', MINI.grids.A1)).toBe(a1);
    // redo = revert the revert
    const redo = revertChange(t.db, { changeId: r.change.id, actor });
    expect(redo.features.filter((f) => f.properties!.layer === 'grids').map((f) => f.id)).toEqual([Number(m.feature.id)]);
    // reverting the merge again is stale now
    expect(httpError(() => revertChange(t.db, { changeId: m.change.id, actor })).status).toBe(409);
  });
});

describe('police posts follow their grid', () => {
  const postParent = () => (t.db.prepare("SELECT parent_id AS p FROM features WHERE layer = 'police-posts' AND code = 'PP-DC-01'").get() as { p: number }).p;
  it('a merge moves the posts of the merged grids to the new grid, in the same change', () => {
    const m = mergeGrids(t.db, { ids: [t.grid('A1'), t.grid('A2')], reason: '', actor });
    expect(postParent()).toBe(m.feature.id);
    expect(m.revisions.filter((r) => r.layer === 'police-posts')).toHaveLength(1);
  });
  it('a split moves them to the piece they stand in (post at x 125.906)', () => {
    const s = splitGrid(t.db, { id: t.grid('A1'), line: { type: 'LineString', coordinates: [[125.904, 41.69], [125.904, 41.73]] }, reason: '', actor });
    expect(postParent()).toBe(s.features[1].id); // the east (right) piece
  });
});

describe('a vertex added on a shared edge and dragged', () => {
  it('inserts the new position into every grid whose edge passes there, so no gap or overlap opens', () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    // the A1|A2 boundary is x = 125.91; drag its midpoint 100 m east
    const r = moveSharedVertex(t.db, { id: a1, from: [125.91, 41.71], to: [125.9112, 41.71], baseVersion: 1, reason: '', actor });
    expect(r.inserted.sort()).toEqual(expect.arrayContaining([a1, a2]));
    const ring = (id: number) => JSON.stringify(r.features.find((f) => f.id === id)!.geometry);
    expect(ring(a1)).toContain('[125.9112,41.71]');
    expect(ring(a2)).toContain('[125.9112,41.71]');
    // A1 grew by exactly what A2 lost
    const before = 2 * m2({ type: 'Polygon', coordinates: [[[125.9, 41.7], [125.91, 41.7], [125.91, 41.72], [125.9, 41.72], [125.9, 41.7]]] });
    expect(m2(r.features.find((f) => f.id === a1)!.geometry) + m2(r.features.find((f) => f.id === a2)!.geometry)).toBeCloseTo(before, 3);
    expect(r.notices).toHaveLength(1);
  });
});
