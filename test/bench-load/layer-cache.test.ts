import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedLayer, layerCacheStats } from '../../server/store/layer-cache.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp } from '../support/api.ts';

// The read path the load benchmark measures (issue 8): bbox answers are cached as bytes and
// must never outlive a change.
const t = makeTestApp();
afterAll(() => t.close());
const A = '125.9,41.7,125.92,41.72'; // community A (grids A1, A2) of the mini city
const names = (fc: { features: { properties: { name: string } }[] }) => fc.features.map((f) => f.properties.name);

describe('bbox layer answers (server/store/layer-cache.ts)', () => {
  it('are served from the cache until a change, then rebuilt with the change (UTF-8 and gzip)', async () => {
    const q = { bbox: A.split(',').map(Number) as [number, number, number, number] };
    const first = cachedLayer(t.db, 'grids', q);
    const body = first.body();
    expect(cachedLayer(t.db, 'grids', q).body()).toBe(body); // the same bytes: no rebuild
    expect(JSON.parse(gunzipSync(await first.gzip()).toString())).toEqual(JSON.parse(new TextDecoder().decode(body)));

    const r1 = await t.json('GET', `/api/layers/grids?bbox=${A}`);
    expect(r1.status).toBe(200);
    const tag = r1.headers.get('etag')!;
    expect(names(r1.body)).toContain('民主社区第一网格');
    expect((await t.request('GET', `/api/layers/grids?bbox=${A}`, { headers: { 'If-None-Match': tag } })).status).toBe(304);

    const id = t.idOf('grids', MINI.grids.A1);
    const put = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: '压测后的名字' } }, headers: { 'If-Match': '"1"' } });
    expect(put.status).toBe(200);
    const r2 = await t.json('GET', `/api/layers/grids?bbox=${A}`, { headers: { 'If-None-Match': tag } });
    expect(r2.status).toBe(200);
    expect(r2.headers.get('etag')).not.toBe(tag);
    expect(names(r2.body)).toContain('压测后的名字');
    const after = cachedLayer(t.db, 'grids', q);
    expect(after.body()).not.toBe(body);
    expect(gunzipSync(await after.gzip()).toString()).toContain('压测后的名字');
  });

  it('keeps answers of different bboxes, layers and scopes apart', async () => {
    const b = '125.92,41.7,125.94,41.72'; // community B
    const ga = names((await t.json('GET', `/api/layers/grids?bbox=${A}`)).body);
    const gb = names((await t.json('GET', `/api/layers/grids?bbox=${b}`)).body);
    expect(ga).not.toEqual(gb);
    const beats = (await t.json('GET', `/api/layers/beats?bbox=${A}`)).body;
    expect(beats.features.every((f: { properties: { layer: string } }) => f.properties.layer === 'beats')).toBe(true);
  });

  it('serves a big answer gzipped to clients that accept gzip, the same JSON as without', async () => {
    const id = t.idOf('grids', MINI.grids.A2);
    const cur = (await t.json('GET', `/api/layers/grids/${id}`)).body;
    const note = '网格说明'.repeat(4000); // pushes the answer over the 32 KB gzip threshold
    const put = await t.json('PUT', `/api/layers/grids/${id}`, {
      body: { properties: { note } },
      headers: { 'If-Match': `"${cur.properties.version}"` },
    });
    expect(put.status).toBe(200);
    const gz = await t.request('GET', `/api/layers/grids?bbox=${A}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
    const unzipped = gunzipSync(Buffer.from(await gz.arrayBuffer())).toString();
    const plain = await t.request('GET', `/api/layers/grids?bbox=${A}`);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(unzipped).toBe(text);
    expect(JSON.parse(text).features.find((f: { id: number }) => f.id === id).properties.note).toBe(note);
  });

  it('stays within its bounds when every request is a new bbox (panning)', () => {
    const { maxEntries } = layerCacheStats(t.db);
    for (let i = 0; i < maxEntries + 50; i++) cachedLayer(t.db, 'grids', { bbox: [125.9, 41.7, 125.91 + i * 1e-5, 41.72] }).body();
    const s = layerCacheStats(t.db);
    expect(s.entries).toBe(maxEntries);
    expect(s.bytes).toBeGreaterThan(0);
    expect(s.bytes).toBeLessThanOrEqual(s.maxBytes);
  });
});
