/**
 * The notice (告知) life cycle through the API: a grid edit that touches a station's zones
 * creates a notice in the same change → the station lists it (badge counts) → opens it
 * (before/after map) → acknowledges → resolves; wrong transitions get 409; overdue is
 * flagged; civil affairs sees the notices it caused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editingApp, MINI, rect } from '../edits/helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

async function putGrid(id: number, geometry: unknown) {
  const cur = await t.json('GET', `/api/layers/grids/${id}`);
  return t.json('PUT', `/api/layers/grids/${id}`, { headers: { 'If-Match': cur.headers.get('ETag')! }, body: { geometry } });
}

describe('notices', () => {
  it('a grid edit touching zones creates one notice for the station, in the same change', async () => {
    const a1 = t.grid('A1');
    const a2 = t.grid('A2');
    // move the A1|A2 boundary 0.002° east: A1 grows into A2 → shrink A2 first (no overlap)
    const r0 = await putGrid(a2, rect(125.912, 41.7, 125.92, 41.72));
    expect(r0.status).toBe(200);
    const r1 = await putGrid(a1, rect(125.9, 41.7, 125.912, 41.72));
    expect(r1.status).toBe(200);
    const station = t.idOf('stations', MINI.station);
    const list = await t.json('GET', `/api/notices?station=${station}`);
    expect(list.status).toBe(200);
    expect(list.body.notices).toHaveLength(2);
    expect(list.body.counts).toMatchObject({ open: 2, acknowledged: 0, resolved: 0, unresolved: 2, overdue: 0 });
    const n = list.body.notices[0];
    expect(n.kind).toBe('gridAdjust');
    expect(n.stationId).toBe(station);
    expect(n.status).toBe('open');
    expect(n.overdue).toBe(false);
    expect(Date.parse(n.deadline) - Date.parse(n.createdAt)).toBe(7 * 86_400_000);
    const g = n.summary.grids[0];
    expect(g.code).toBe(MINI.grids.A1);
    expect(g.areaMovedM2).toBeGreaterThan(300_000); // 0.002° × 0.02° ≈ 166 m × 2.2 km
    expect(n.summary.netAreaMovedM2).toBeCloseTo(g.areaMovedM2, -1);
    const aux1 = n.summary.zones.find((z: { code: string }) => z.code === MINI.aux.one);
    expect(aux1.misaligned).toBe(true);
    // the notice belongs to the grid change
    const changeOfRevision = t.db.prepare("SELECT change_id AS c FROM revisions WHERE entity_id = ? ORDER BY id DESC LIMIT 1").get(a1) as { c: number };
    expect(n.changeId).toBe(changeOfRevision.c);
  });

  it('life cycle: open → acknowledged → resolved, with who/when, timeline, and 409 on wrong steps', async () => {
    const merge = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '合并' } });
    expect(merge.status).toBe(201);
    expect(merge.body.notices).toHaveLength(1);
    const id = merge.body.notices[0].id;

    const detail = await t.json('GET', `/api/notices/${id}`);
    expect(detail.status).toBe(200);
    const roles = detail.body.map.features.map((f: { properties: { role: string } }) => f.properties.role);
    expect(roles.filter((r: string) => r === 'before')).toHaveLength(2);
    expect(roles.filter((r: string) => r === 'after')).toHaveLength(1);
    expect(roles).toContain('zone');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    expect((await t.json('POST', `/api/notices/${id}/resolve`, { body: { note: 'x' } })).status).toBe(200 /* open → resolved is allowed */);
    const again = await t.json('POST', `/api/notices/${id}/ack`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('notice_state');
    expect((await t.json('POST', `/api/notices/${id}/resolve`)).status).toBe(409);
  });

  it('ack then resolve records who and when; counts follow', async () => {
    const merge = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '合并' } });
    const id = merge.body.notices[0].id;
    const ack = await t.json('POST', `/api/notices/${id}/ack`, { body: { note: '收到' } });
    expect(ack.status).toBe(200);
    expect(ack.body.notice.status).toBe('acknowledged');
    expect(ack.body.notice.acknowledgedBy).toBeTruthy();
    expect(ack.body.notice.acknowledgedAt).toBeTruthy();
    const res = await t.json('POST', `/api/notices/${id}/resolve`, { body: { note: '已按网格重划警格' } });
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatchObject({ status: 'resolved', resolveNote: '已按网格重划警格' });
    expect(res.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'acknowledged', 'resolved']);
    const list = await t.json('GET', '/api/notices?status=resolved');
    expect(list.body.notices.map((n: { id: number }) => n.id)).toEqual([id]);
    expect(list.body.counts.unresolved).toBe(0);
  });

  it('flags overdue notices and filters by ?overdue=1 and ?causedBy=me', async () => {
    const merge = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '合并' } });
    const id = merge.body.notices[0].id;
    t.db.prepare('UPDATE notices SET deadline = ? WHERE id = ?').run('2000-01-01T00:00:00.000Z', id);
    const overdue = await t.json('GET', '/api/notices?overdue=1');
    expect(overdue.body.notices.map((n: { id: number; overdue: boolean }) => [n.id, n.overdue])).toEqual([[id, true]]);
    expect(overdue.body.counts.overdue).toBe(1);
    const mine = await t.json('GET', '/api/notices?causedBy=me');
    expect(mine.body.notices).toHaveLength(1);
    expect((await t.json('GET', '/api/notices?causedBy=someone-else')).body.notices).toHaveLength(0);
    await t.json('POST', `/api/notices/${id}/resolve`);
    expect((await t.json('GET', '/api/notices?overdue=1')).body.notices).toHaveLength(0);
  });

  it('the deadline follows the notices.deadlineDays setting', async () => {
    t.db.prepare("UPDATE settings SET value = '3' WHERE key = 'notices.deadlineDays'").run();
    const merge = await t.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '' } });
    const n = merge.body.notices[0];
    expect(Date.parse(n.deadline) - Date.parse(n.createdAt)).toBe(3 * 86_400_000);
  });

  it('a grid change that touches no zone by area raises no notice; bad queries get 400', async () => {
    // shrinking B2 touches beat-2 (which covers B2's west half): one notice
    expect((await putGrid(t.grid('B2'), rect(125.93, 41.7, 125.939, 41.72))).status).toBe(200);
    expect((await t.json('GET', '/api/notices')).body.total).toBe(1);
    // a new grid in the freed strip touches no beat or aux-grid: no notice
    const created = await t.json('POST', '/api/layers/grids', {
      body: { type: 'Feature', geometry: rect(125.939, 41.7, 125.94, 41.72), properties: { code: `${MINI.communityB}009`, name: '新网格', parentId: t.idOf('communities', MINI.communityB) } },
    });
    expect(created.status, created.text).toBe(201);
    expect((await t.json('GET', '/api/notices')).body.total).toBe(1);
    expect((await t.json('GET', '/api/notices?status=nope')).status).toBe(400);
    expect((await t.json('GET', '/api/notices/999')).status).toBe(404);
  });

  it('one notice per affected station', async () => {
    const county = t.idOf('counties', MINI.county);
    const st2 = await t.json('POST', '/api/layers/stations', { body: { type: 'Feature', geometry: rect(125.93, 41.7, 125.94, 41.72), properties: { code: 'PS-DC-02', name: '第二派出所', parentId: county } } });
    expect(st2.status, st2.text).toBe(201);
    const beat = await t.json('POST', '/api/layers/beats', { body: { type: 'Feature', geometry: rect(125.935, 41.7, 125.94, 41.72), properties: { code: 'PS-DC-02B01', name: '第1警区', stationId: st2.body.id } } });
    expect(beat.status, beat.text).toBe(201);
    const split = await t.json('POST', `/api/grids/${t.grid('B2')}/split`, { body: { line: { type: 'LineString', coordinates: [[125.929, 41.71], [125.941, 41.71]] }, reason: '' } });
    expect(split.status, split.text).toBe(201);
    expect(split.body.notices.map((n: { stationId: number }) => n.stationId).sort()).toEqual([t.idOf('stations', MINI.station), st2.body.id].sort());
    const second = split.body.notices.find((n: { stationId: number }) => n.stationId === st2.body.id);
    expect(second.summary.zones.map((z: { code: string }) => z.code)).toEqual(['PS-DC-02B01']);
    expect(second.summary.grids.map((g: { how: string }) => g.how)).toEqual(['split', 'split', 'split']);
    expect(second.summary.netAreaMovedM2).toBe(0); // an exact split moves no area
  });
});
