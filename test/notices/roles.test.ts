/**
 * Who sees and handles notices: civil affairs causes them and follows them (?causedBy=me),
 * the notified police station sees its inbox (always filtered to itself) and handles them;
 * leadership reads; nobody else acknowledges.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editingApp, MINI } from '../edits/helpers.ts';

let t: ReturnType<typeof editingApp>;
beforeEach(() => {
  t = editingApp();
});
afterEach(() => t.close());

describe('notice roles', () => {
  it('civil affairs merges → the station sees the notice, acknowledges and resolves it; civil affairs follows it', async () => {
    const civil = await t.loginAs('civil-dongchang');
    const merge = await civil.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '社区合并' } });
    expect(merge.status, merge.text).toBe(201);
    const id = merge.body.notices[0].id;
    expect(merge.body.notices[0].causedBy).toBe('civil-dongchang');

    const station = await t.loginAs('police-station');
    const inbox = await station.json('GET', '/api/notices');
    expect(inbox.status).toBe(200);
    expect(inbox.body.notices.map((n: { id: number }) => n.id)).toEqual([id]);
    expect(inbox.body.counts.unresolved).toBe(1);
    expect((await station.json('GET', `/api/notices?station=99999`)).status).toBe(403);
    expect((await station.json('GET', `/api/notices/${id}`)).status).toBe(200);

    // civil affairs and leadership cannot acknowledge
    expect((await civil.json('POST', `/api/notices/${id}/ack`)).status).toBe(403);
    const leader = await t.loginAs('leadership');
    expect((await leader.json('GET', `/api/notices/${id}`)).status).toBe(200);
    expect((await leader.json('POST', `/api/notices/${id}/resolve`)).status).toBe(403);

    const ack = await station.json('POST', `/api/notices/${id}/ack`, { body: { note: '已收到' } });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.body.notice.acknowledgedBy).toBe(station.username);
    // the station realigns its aux-grid from the new grid, then resolves
    const stationId = t.idOf('stations', MINI.station);
    const aux1 = t.idOf('aux-grids', MINI.aux.one);
    const realign = await station.json('POST', '/api/zones/from-grids', {
      body: { layer: 'aux-grids', stationId, gridIds: [merge.body.feature.id], replaceId: aux1, baseVersion: 1, reason: '按合并后网格重划警格' },
    });
    expect(realign.status, realign.text).toBe(200);
    const res = await station.json('POST', `/api/notices/${id}/resolve`, { body: { note: '警格已重划' } });
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatchObject({ status: 'resolved', resolvedBy: station.username });

    const mine = await civil.json('GET', '/api/notices?causedBy=me');
    expect(mine.body.notices.map((n: { id: number; status: string }) => [n.id, n.status])).toEqual([[id, 'resolved']]);
  });

  it('a police station cannot merge grids, and civil affairs cannot build police zones', async () => {
    const station = await t.loginAs('police-station');
    expect((await station.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')] } })).status).toBe(403);
    const civil = await t.loginAs('civil-dongchang');
    const stationId = t.idOf('stations', MINI.station);
    expect((await civil.json('POST', '/api/zones/from-grids', { body: { layer: 'beats', stationId, gridIds: [t.grid('A1')] } })).status).toBe(403);
  });
});

describe('whole-change revert and scope', () => {
  it('a police station cannot undo civil affairs\' merge (the commit scope guard refuses), civil affairs can', async () => {
    const civil = await t.loginAs('civil-dongchang');
    const merge = await civil.json('POST', '/api/grids/merge', { body: { ids: [t.grid('A1'), t.grid('A2')], reason: '合并' } });
    const station = await t.loginAs('police-station');
    const denied = await station.json('POST', `/api/changes/${merge.body.change.id}/revert`, { body: { reason: 'undo' } });
    expect(denied.status).toBe(403);
    const undo = await civil.json('POST', `/api/changes/${merge.body.change.id}/revert`, { body: { reason: 'undo' } });
    expect(undo.status, undo.text).toBe(200);
  });
});
