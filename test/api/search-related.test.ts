import { afterAll, describe, expect, it } from 'vitest';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp } from '../support/api.ts';

const t = makeTestApp();
afterAll(() => t.close());

describe('GET /api/search', () => {
  it('finds by code prefix', async () => {
    const r = await t.json('GET', '/api/search?q=220502001002');
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.code)).toEqual([MINI.communityB, MINI.grids.B1, MINI.grids.B2]);
    expect(r.body.results[0]).toMatchObject({ layer: 'communities', id: t.idOf('communities', MINI.communityB) });
    expect(r.body.results[0].bbox).toHaveLength(4);
  });
  it('finds by name substring, respects limit, treats % literally', async () => {
    const r = await t.json('GET', `/api/search?q=${encodeURIComponent('第二网格')}`);
    expect(r.body.results.map((x: any) => x.code).sort()).toEqual([MINI.grids.A2, MINI.grids.B2]);
    expect((await t.json('GET', `/api/search?q=${encodeURIComponent('社区')}&limit=2`)).body.results).toHaveLength(2);
    expect((await t.json('GET', '/api/search?q=%25')).body.results).toEqual([]);
  });
  it('missing q or bad limit → 400', async () => {
    expect((await t.json('GET', '/api/search')).status).toBe(400);
    expect((await t.json('GET', '/api/search?q=a&limit=0')).status).toBe(400);
  });
});

describe('GET /api/features/:layer/:id/related', () => {
  it('a grid: ancestors, station, covering beats/aux-grids by area share, post, staff with roles', async () => {
    const r = await t.json('GET', `/api/features/grids/${t.idOf('grids', MINI.grids.A1)}/related`);
    expect(r.status).toBe(200);
    expect(r.body.ancestors.map((a: any) => a.layer)).toEqual(['communities', 'townships', 'counties']);
    expect(r.body.station.code).toBe(MINI.station);
    expect(r.body.beats).toEqual([expect.objectContaining({ code: MINI.beats.one, share: 1 })]);
    expect(r.body.auxGrids).toEqual([expect.objectContaining({ code: MINI.aux.one, share: 1 })]);
    expect(r.body.posts.map((p: any) => p.code)).toEqual(['PP-DC-01']);
    expect(r.body.staff.map((s: any) => [s.code, s.role]).sort()).toEqual([
      ['GW-001', 'gridWorker'],
      ['OF-001', 'partTimeGridWorker'],
    ]);
  });
  it('a grid cut by a beat: share is the covered fraction; touching neighbours are not listed', async () => {
    const r = await t.json('GET', `/api/features/grids/${t.idOf('grids', MINI.grids.B2)}/related`);
    expect(r.body.beats).toHaveLength(1);
    expect(r.body.beats[0].code).toBe(MINI.beats.two);
    expect(r.body.beats[0].share).toBeCloseTo(0.5, 2);
    expect(r.body.auxGrids).toEqual([]);
    expect(r.body.posts).toEqual([]);
  });
  it('a beat: its grids and its officer', async () => {
    const r = await t.json('GET', `/api/features/beats/${t.idOf('beats', MINI.beats.two)}/related`);
    expect(r.body.station.code).toBe(MINI.station);
    expect(r.body.grids.map((g: any) => [g.code, Math.round(g.share * 100) / 100])).toEqual([
      [MINI.grids.B1, 1],
      [MINI.grids.B2, 0.5],
    ]);
    const one = await t.json('GET', `/api/features/beats/${t.idOf('beats', MINI.beats.one)}/related`);
    expect(one.body.officers.map((o: any) => o.name)).toEqual(['王警官']);
  });
  it('a community: police room, director assistant, grids', async () => {
    const r = await t.json('GET', `/api/features/communities/${t.idOf('communities', MINI.communityA)}/related`);
    expect(r.body.policeRooms.map((p: any) => p.code)).toEqual(['PR-DC-01']);
    expect(r.body.directorAssistants).toEqual([expect.objectContaining({ name: '李警官', partyMember: false })]);
    expect(r.body.grids.map((g: any) => g.code)).toEqual([MINI.grids.A1, MINI.grids.A2]);
  });
});
