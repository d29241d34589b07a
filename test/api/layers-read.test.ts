import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/domain/layers.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp } from '../support/api.ts';

const t = makeTestApp();
afterAll(() => t.close());

describe('GET /api/health and /api/config', () => {
  it('health reports ok, migrations and counts per layer', async () => {
    const r = await t.json('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.db.migrations).toBeGreaterThanOrEqual(1);
    expect(r.body.counts).toMatchObject({ counties: 1, grids: 4, beats: 2, 'aux-grids': 2, 'police-posts': 1 });
  });
  it('health counts follow commits (they are cached per change)', async () => {
    const t2 = makeTestApp();
    const before = (await t2.json('GET', '/api/health')).body.counts.beats;
    const id = t2.idOf('beats', MINI.beats.two);
    const etag = (await t2.request('GET', `/api/layers/beats/${id}`)).headers.get('ETag')!;
    const retired = await t2.json('DELETE', `/api/layers/beats/${id}`, { headers: { 'If-Match': etag } });
    expect(retired.status).toBe(200);
    expect((await t2.json('GET', '/api/health')).body.counts.beats).toBe(before - 1);
    t2.close();
  });
  it('config has a null basemap by default', async () => {
    const r = await t.json('GET', '/api/config');
    expect(r.status).toBe(200);
    expect(r.body.basemapUrl).toBeNull();
  });
  it('config passes a configured basemap through', async () => {
    const url = 'https://t0.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}&tk=KEY';
    const t2 = makeTestApp({ fixture: 'empty', env: { BEATGRID_BASEMAP_URL: url } });
    expect((await t2.json('GET', '/api/config')).body.basemapUrl).toBe(url);
    t2.close();
  });
  it('unknown API path → 404 JSON', async () => {
    const r = await t.json('GET', '/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('GET /api/layers/:layer', () => {
  it.each(LAYERS)('serves %s as an RFC 7946 FeatureCollection with id, code and name', async (layer) => {
    const r = await t.json('GET', `/api/layers/${layer}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/geo+json');
    expect(r.body.type).toBe('FeatureCollection');
    expect(r.body.crs).toBeUndefined();
    expect(r.body.features.length).toBeGreaterThan(0);
    for (const f of r.body.features) {
      expect(f.type).toBe('Feature');
      expect(Number.isInteger(f.id)).toBe(true);
      expect(f.properties.layer).toBe(layer);
      expect(typeof f.properties.code).toBe('string');
      expect(typeof f.properties.name).toBe('string');
      expect(f.properties.version).toBe(1);
    }
  });

  it('a grid carries its bbox, parent and free-form props', async () => {
    const r = await t.json('GET', '/api/layers/communities');
    const a = r.body.features.find((f: any) => f.properties.code === MINI.communityA);
    expect(a.properties.kind).toBe('urban');
    expect(a.properties.parentId).toBe(t.idOf('townships', MINI.township));
    const [minx, miny, maxx, maxy] = a.bbox;
    expect(minx).toBeLessThanOrEqual(125.9);
    expect(minx).toBeGreaterThan(125.8999);
    expect(maxx).toBeGreaterThanOrEqual(125.92);
    expect(miny).toBeLessThanOrEqual(41.7);
    expect(maxy).toBeGreaterThanOrEqual(41.72);
  });

  it('bbox filter returns the features that intersect it and not the others', async () => {
    // a box inside B2 only (x 125.936–125.939)
    const r = await t.json('GET', '/api/layers/grids?bbox=125.936,41.705,125.939,41.715');
    expect(r.status).toBe(200);
    expect(r.body.features.map((f: any) => f.properties.code)).toEqual([MINI.grids.B2]);
    const beats = await t.json('GET', '/api/layers/beats?bbox=125.936,41.705,125.939,41.715');
    expect(beats.body.features).toEqual([]); // beat-2 stops at 125.935
    const all = await t.json('GET', '/api/layers/grids?bbox=125,41,127,42');
    expect(all.body.features).toHaveLength(4);
    const none = await t.json('GET', '/api/layers/grids?bbox=120,30,121,31');
    expect(none.body.features).toEqual([]);
  });

  it('filters by county and by station', async () => {
    const byCounty = await t.json('GET', `/api/layers/grids?county=${MINI.county}`);
    expect(byCounty.body.features).toHaveLength(4);
    expect((await t.json('GET', '/api/layers/grids?county=999999')).body.features).toEqual([]);
    const sid = t.idOf('stations', MINI.station);
    const byStation = await t.json('GET', `/api/layers/beats?station=${sid}`);
    expect(byStation.body.features).toHaveLength(2);
    expect((await t.json('GET', `/api/layers/beats?county=${MINI.county}`)).body.features).toHaveLength(2);
  });

  it.each([
    ['1,2,3', 'four numbers'],
    ['a,b,c,d', 'four numbers'],
    ['1,2,,4', 'four numbers'],
    ['200,0,201,1', 'out of lon'],
    ['126,42,125,41', 'min must not exceed max'],
  ])('bad bbox %s → 400 bad_bbox', async (bbox, words) => {
    const r = await t.json('GET', `/api/layers/grids?bbox=${bbox}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_bbox');
    expect(r.body.error.message).toContain(words);
  });

  it('unknown layer → 404 JSON naming the valid layers', async () => {
    const r = await t.json('GET', '/api/layers/roads');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown_layer');
    expect(r.body.error.message).toContain('roads');
    expect(r.body.error.details.layers).toContain('grids');
  });
});

describe('GET /api/layers/:layer/:id', () => {
  it('returns the feature with ETag = version', async () => {
    const id = t.idOf('grids', MINI.grids.A1);
    const r = await t.json('GET', `/api/layers/grids/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body).toMatchObject({ type: 'Feature', id, properties: { code: MINI.grids.A1, layer: 'grids', version: 1 } });
    expect(r.body.geometry.type).toBe('Polygon');
  });
  it('wrong layer for the id, unknown id, bad id → 404 / 404 / 400', async () => {
    const id = t.idOf('grids', MINI.grids.A1);
    expect((await t.json('GET', `/api/layers/beats/${id}`)).status).toBe(404);
    expect((await t.json('GET', '/api/layers/grids/99999')).status).toBe(404);
    const bad = await t.json('GET', '/api/layers/grids/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_id');
  });
});

describe('layer caching', () => {
  it('a layer has an ETag; If-None-Match → 304; any write changes it and the body', async () => {
    const t2 = makeTestApp();
    const first = await t2.json('GET', '/api/layers/grids');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"c\d+-/);
    const again = await t2.request('GET', '/api/layers/grids', { headers: { 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    const id = t2.idOf('grids', MINI.grids.A2);
    expect((await t2.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: '改名' } }, headers: { 'If-Match': '"1"' } })).status).toBe(200);
    const after = await t2.request('GET', '/api/layers/grids', { headers: { 'If-None-Match': tag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(tag);
    const fc = await after.json();
    expect(fc.features.find((f: any) => f.id === id).properties.name).toBe('改名');
    t2.close();
  });
});
