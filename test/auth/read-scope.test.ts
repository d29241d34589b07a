/**
 * Read scope (server/auth/read-scope.ts): leadership / civil affairs scoped to a county read
 * only that county — every layer, single features (404 outside, like an absent id), related
 * records, search, lineage, history, coverage, alignment, notices; an explicit filter naming
 * another county answers 403. City-wide users and police stations read the whole city.
 * Fixture: the auth city (东昌区 220502, 通化县 220521) plus 集安市 (220582).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCity, DemoFeature } from '../../server/demo/types.ts';
import { LAYERS } from '../../server/domain/layers.ts';
import { countyOfId } from '../../server/auth/scope.ts';
import { installNoticeHook } from '../../server/notices/hook.ts';
import { rect } from '../fixtures/mini-city.ts';
import type { Client } from '../support/api.ts';
import { AUTH, authCity } from './fixture.ts';
import { authApp, type AuthTestApp } from './support.ts';

const JIAN = { county: '220582', grid: '220582001001001', station: 'PS-JA-01', beat: 'BEAT-JA-01', post: 'PP-JA-01' };

/** The auth fixture plus 集安市 with a township, community, grid, station, beat, aux-grid, room and post. */
function scopeCity(): DemoCity {
  const city = authCity();
  const g = rect(125.98, 41.7, 126.0, 41.72);
  const f = (layer: DemoFeature['layer'], code: string, name: string, extra: Partial<DemoFeature>): DemoFeature => ({
    key: `${layer}:${code}`, layer, code, name, props: {}, geometry: g, ...extra,
  });
  city.features.push(
    f('counties', JIAN.county, '集安市', {}),
    f('townships', '220582001', '团结街道', { parentKey: `counties:${JIAN.county}` }),
    f('communities', '220582001001', '胜利社区', { parentKey: 'townships:220582001' }),
    f('grids', JIAN.grid, '胜利社区第一网格', { parentKey: 'communities:220582001001' }),
    f('stations', JIAN.station, '团结派出所', { parentKey: `counties:${JIAN.county}` }),
    f('beats', JIAN.beat, '团结第一责任区', { stationKey: `stations:${JIAN.station}` }),
    // a 集安 station's beat lying over 东昌 grid A (a border case: related lists must drop it for 东昌 readers)
    f('beats', 'BEAT-JA-02', '团结第二责任区', { stationKey: `stations:${JIAN.station}`, geometry: rect(125.9, 41.7, 125.91, 41.72) }),
    f('aux-grids', 'AUX-JA-01', '团结第一警格', { stationKey: `stations:${JIAN.station}` }),
    f('police-rooms', 'PR-JA-01', '胜利社区警务室', { parentKey: 'communities:220582001001', stationKey: `stations:${JIAN.station}`, geometry: { type: 'Point', coordinates: [125.99, 41.71] }, props: { status: 'staffed' } }),
    f('police-posts', JIAN.post, '胜利一格警务岗', { parentKey: `grids:${JIAN.grid}`, stationKey: `stations:${JIAN.station}`, geometry: { type: 'Point', coordinates: [125.991, 41.711] }, props: { status: 'built' } }),
  );
  return city;
}

let t: AuthTestApp;
let leader: Client;
let leaderCity: Client;
let police: Client;
const ids = (fc: { features: { id: number }[] }) => fc.features.map((x) => x.id).sort((a, b) => a - b);
const liveIds = (layer: string, county?: string) =>
  (t.db.prepare('SELECT id FROM features WHERE layer = ? AND retired_at IS NULL ORDER BY id').all(layer) as { id: number }[])
    .map((r) => r.id)
    .filter((id) => county === undefined || countyOfId(t.db, id) === county);

beforeAll(async () => {
  installNoticeHook();
  t = authApp({ fixture: scopeCity() });
  leader = await t.as('leader-dongchang');
  leaderCity = await t.as('leader-city');
  police = await t.as('police-ps-dc-01');
});
afterAll(() => t.close());

describe('layers', () => {
  it('leader-dongchang gets exactly the 东昌区 features of every layer; leader-city and a police station get all', async () => {
    for (const layer of LAYERS) {
      const own = liveIds(layer, AUTH.countyA);
      expect(own.length, `fixture has ${layer} in 东昌区`).toBeGreaterThan(0);
      const r = await leader.json('GET', `/api/layers/${layer}`);
      expect(r.status, r.text).toBe(200);
      expect(ids(r.body), `${layer} as leader-dongchang`).toEqual(own);
      for (const who of [leaderCity, police]) {
        const all = await who.json('GET', `/api/layers/${layer}`);
        expect(ids(all.body), `${layer} as ${who.username}`).toEqual(liveIds(layer));
      }
    }
  });

  it('a county reader and a city reader get different ETags and never share a cached body', async () => {
    const a = await leader.request('GET', '/api/layers/grids');
    const b = await leaderCity.request('GET', '/api/layers/grids', { headers: { 'If-None-Match': a.headers.get('ETag')! } });
    expect(b.status).toBe(200);
    expect(ids(await b.json())).toEqual(liveIds('grids'));
  });

  it('a bbox read is narrowed too; ?county= of another county is 403 with the reason, its own county 200', async () => {
    const box = await leader.json('GET', '/api/layers/grids?bbox=125.8,41.6,126.1,41.8');
    expect(ids(box.body)).toEqual(liveIds('grids', AUTH.countyA));
    const other = await leader.json('GET', `/api/layers/grids?county=${JIAN.county}`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('220582');
    expect((await leader.json('GET', `/api/layers/grids?county=${AUTH.countyA}`)).status).toBe(200);
    const jianStation = t.idOf('stations', JIAN.station);
    expect((await leader.json('GET', `/api/layers/beats?station=${jianStation}`)).status).toBe(403);
  });
});

describe('single features', () => {
  it('a 集安市 grid is 404 for leader-dongchang (as if absent) on every per-feature read; 200 for leader-city and police', async () => {
    const grid = t.idOf('grids', JIAN.grid);
    const absent = await leader.json('GET', '/api/layers/grids/99999999');
    for (const path of [`/api/layers/grids/${grid}`, `/api/features/grids/${grid}/related`, `/api/features/grids/${grid}/history`, `/api/lineage/grids/${grid}`]) {
      const r = await leader.json('GET', path);
      expect(r.status, `${path}: ${r.text}`).toBe(404);
      expect(r.body.error.code).toBe(absent.body.error.code);
      expect(r.text).not.toContain(JIAN.grid);
      expect((await leaderCity.json('GET', path)).status, path).toBe(200);
      expect((await police.json('GET', path)).status, path).toBe(200);
    }
    for (const [layer, code] of [['beats', JIAN.beat], ['stations', JIAN.station], ['police-posts', JIAN.post], ['counties', JIAN.county]] as const) {
      expect((await leader.json('GET', `/api/layers/${layer}/${t.idOf(layer, code)}`)).status, `${layer} ${code}`).toBe(404);
    }
    const own = t.idOf('grids', AUTH.gridA);
    expect((await leader.json('GET', `/api/layers/grids/${own}`)).status).toBe(200);
    const beatA = t.idOf('beats', AUTH.beatA);
    expect((await leader.json('GET', `/api/layers/beats/${beatA}`)).status).toBe(200);
  });

  it('related records of an own feature list only features in scope', async () => {
    const gridA = t.idOf('grids', AUTH.gridA);
    const jianBeat = t.idOf('beats', 'BEAT-JA-02');
    const mine = await leader.json('GET', `/api/features/grids/${gridA}/related`);
    expect(mine.status).toBe(200);
    expect(mine.body.beats.map((b: { id: number }) => b.id)).not.toContain(jianBeat);
    expect(mine.body.beats.length).toBeGreaterThan(0);
    const all = await leaderCity.json('GET', `/api/features/grids/${gridA}/related`);
    expect(all.body.beats.map((b: { id: number }) => b.id)).toContain(jianBeat);
    const county = t.idOf('counties', AUTH.countyA);
    const r = await leader.json('GET', `/api/features/counties/${county}/related`);
    expect(r.status).toBe(200);
    expect(r.body.children.length).toBeGreaterThan(0);
    for (const c of r.body.children as { id: number }[]) expect(countyOfId(t.db, c.id)).toBe(AUTH.countyA);
  });

  it('search finds own-county features only', async () => {
    const jian = await leader.json('GET', `/api/search?q=${JIAN.grid}`);
    expect(jian.status).toBe(200);
    expect(jian.body.results).toEqual([]);
    const byName = await leader.json('GET', `/api/search?q=${encodeURIComponent('社区')}&limit=100`);
    expect(byName.body.results.length).toBeGreaterThan(0);
    for (const h of byName.body.results as { id: number }[]) expect(countyOfId(t.db, h.id)).toBe(AUTH.countyA);
    expect((await leaderCity.json('GET', `/api/search?q=${JIAN.grid}`)).body.results).toHaveLength(1);
  });
});

describe('staff and assignments', () => {
  it('leader-dongchang lists only staff of 东昌 units and assignments on 东昌 features; another county’s officer is 404', async () => {
    const staff = await leader.json('GET', '/api/staff');
    expect(staff.status).toBe(200);
    expect(staff.body.staff.length).toBeGreaterThan(0);
    for (const s of staff.body.staff as { unitId: number }[]) expect(countyOfId(t.db, s.unitId)).toBe(AUTH.countyA);
    const other = (t.db.prepare("SELECT id FROM staff WHERE code = 'OF-TH-1'").get() as { id: number }).id;
    expect(staff.body.staff.map((s: { id: number }) => s.id)).not.toContain(other);
    expect((await leader.json('GET', `/api/staff/${other}`)).status).toBe(404);
    expect((await leaderCity.json('GET', `/api/staff/${other}`)).status).toBe(200);
    const all = await leaderCity.json('GET', '/api/staff');
    expect(all.body.staff.map((s: { id: number }) => s.id)).toContain(other);
    const asg = await leader.json('GET', '/api/assignments');
    expect(asg.body.assignments.length).toBeGreaterThan(0);
    for (const a of asg.body.assignments as { targetId: number }[]) expect(countyOfId(t.db, a.targetId)).toBe(AUTH.countyA);
  });
});

describe('coverage, alignment and reports default to the reader’s county', () => {
  it('coverage rows only for 220502; another county 403; leader-city sees every county', async () => {
    for (const path of ['/api/coverage', '/api/coverage?level=grid', '/api/coverage?level=township']) {
      const r = await leader.json('GET', path);
      expect(r.status, r.text).toBe(200);
      expect(r.body.county).toBe(AUTH.countyA);
      expect(r.body.rows.length).toBeGreaterThan(0);
      for (const row of r.body.rows as { countyCode: string }[]) expect(row.countyCode).toBe(AUTH.countyA);
    }
    const vac = await leader.json('GET', '/api/coverage/vacancies');
    for (const v of vac.body.vacancies as { countyCode: string }[]) expect(v.countyCode).toBe(AUTH.countyA);
    const dist = await leader.json('GET', '/api/coverage/distance');
    for (const d of dist.body.grids as { countyCode: string }[]) expect(d.countyCode).toBe(AUTH.countyA);
    expect((await leader.json('GET', `/api/coverage?county=${JIAN.county}`)).status).toBe(403);
    const city = await leaderCity.json('GET', '/api/coverage');
    expect(new Set((city.body.rows as { countyCode: string }[]).map((r) => r.countyCode))).toEqual(new Set([AUTH.countyA, AUTH.countyB, JIAN.county]));
  });

  it('alignment summaries are scoped to 220502; a station of another county is 403', async () => {
    const r = await leader.json('GET', '/api/alignment?layer=beats');
    expect(r.status, r.text).toBe(200);
    expect(r.body.scope).toEqual({ county: AUTH.countyA });
    const zones = await leader.json('GET', '/api/alignment/zones?layer=beats');
    expect(zones.body.rows.map((z: { id: number }) => Number(z.id)).sort((a: number, b: number) => a - b)).toEqual(liveIds('beats', AUTH.countyA));
    expect((await leader.json('GET', `/api/alignment?layer=beats&station=${t.idOf('stations', JIAN.station)}`)).status).toBe(403);
    expect((await leader.json('GET', `/api/alignment?layer=beats&station=${t.idOf('stations', AUTH.stationA)}`)).status).toBe(200);
    expect((await leaderCity.json('GET', '/api/alignment?layer=beats')).body.scope).toEqual({});
  });

  it('the report trend defaults to the county', async () => {
    const r = await leader.json('GET', '/api/reports/trend');
    expect(r.status, r.text).toBe(200);
    expect((await leader.json('GET', `/api/reports/trend?county=${JIAN.county}`)).status).toBe(403);
  });
});

describe('notices', () => {
  it('county civil affairs and leadership see the notices of their county (caused there or sent to its stations); others 404', async () => {
    const civil = await t.as('civil-dongchang');
    const gridA = t.idOf('grids', AUTH.gridA);
    const v = (t.db.prepare('SELECT version FROM features WHERE id = ?').get(gridA) as { version: number }).version;
    // shrink grid A (东昌区) → notice to its station; shrink the 集安 grid (as admin) → notice to 团结派出所
    const a = await civil.json('PUT', `/api/layers/grids/${gridA}`, { body: { geometry: rect(125.9, 41.7, 125.905, 41.72), version: v, reason: 'adjust' } });
    expect(a.status, a.text).toBe(200);
    const jianGrid = t.idOf('grids', JIAN.grid);
    const b = await t.json('PUT', `/api/layers/grids/${jianGrid}`, { body: { geometry: rect(125.98, 41.7, 125.99, 41.72), version: 1, reason: 'adjust' } });
    expect(b.status, b.text).toBe(200);
    const mine = a.body.change.hooks.notices.map((n: { id: number }) => n.id) as number[];
    const theirs = b.body.change.hooks.notices.map((n: { id: number }) => n.id) as number[];
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);

    for (const who of [civil, leader]) {
      const list = await who.json('GET', '/api/notices');
      expect(list.status).toBe(200);
      const seen = list.body.notices.map((n: { id: number }) => n.id).sort();
      expect(seen, who.username!).toEqual([...mine].sort());
      expect(list.body.total).toBe(mine.length);
      expect((await who.json('GET', `/api/notices/${theirs[0]}`)).status).toBe(404);
      expect((await who.json('GET', `/api/notices/${mine[0]}`)).status).toBe(200);
    }
    // grid A also lies under a 集安 station's beat: that notice is sent to 集安 and caused in 东昌, so both see it
    const jianStation = t.idOf('stations', JIAN.station);
    const crossBorder = a.body.change.hooks.notices.filter((n: { stationId: number }) => n.stationId === jianStation).map((n: { id: number }) => n.id) as number[];
    expect(crossBorder).toHaveLength(1);
    const jian = await t.as('civil-jian');
    const jianSees = (await jian.json('GET', '/api/notices')).body.notices.map((n: { id: number }) => n.id).sort();
    expect(jianSees).toEqual([...theirs, ...crossBorder].sort());
    const all = await leaderCity.json('GET', '/api/notices');
    expect(all.body.total).toBe(mine.length + theirs.length);
  });
});
