import { describe, expect, it } from 'vitest';
import type { DemoCity, DemoFeature } from '../../server/demo/types.ts';
import { queryLayer } from '../../server/store/features.ts';
import { rect } from '../fixtures/mini-city.ts';
import { makeTestApp } from '../support/api.ts';

/** A city of n×n square grids (each a 12-vertex ring, like real grid outlines) in one community. */
function gridCity(n: number): DemoCity {
  const s = 0.002;
  const features: DemoFeature[] = [
    { key: 'counties:C', layer: 'counties', code: 'C', name: 'c', props: {}, geometry: rect(125, 41, 125 + n * s, 41 + n * s) },
    { key: 'townships:T', layer: 'townships', code: 'T', name: 't', parentKey: 'counties:C', props: {}, geometry: rect(125, 41, 125 + n * s, 41 + n * s) },
    { key: 'communities:M', layer: 'communities', code: 'M', name: 'm', parentKey: 'townships:T', props: {}, geometry: rect(125, 41, 125 + n * s, 41 + n * s) },
  ];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x0 = 125 + i * s;
      const y0 = 41 + j * s;
      const ring: number[][] = [];
      for (let k = 0; k < 3; k++) ring.push([x0 + (k * s) / 3, y0]);
      for (let k = 0; k < 3; k++) ring.push([x0 + s, y0 + (k * s) / 3]);
      for (let k = 0; k < 3; k++) ring.push([x0 + s - (k * s) / 3, y0 + s]);
      for (let k = 0; k < 3; k++) ring.push([x0, y0 + s - (k * s) / 3]);
      ring.push(ring[0]);
      features.push({
        key: `grids:G${i}-${j}`,
        layer: 'grids',
        code: `G${i}-${j}`,
        name: `网格${i}-${j}`,
        parentKey: 'communities:M',
        props: { households: 100 + i + j },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return { seed: 0, features, staff: [], assignments: [], misalignments: [], stats: {} };
}

describe('serving a large grids layer', () => {
  it('10,000 grids: seeded with validation, served by splicing stored text, fast', async () => {
    const city = gridCity(100);
    const t0 = performance.now();
    const t = makeTestApp({ fixture: city });
    const seedMs = performance.now() - t0;

    const times: number[] = [];
    let bytes = 0;
    for (let k = 0; k < 5; k++) {
      const s = performance.now();
      const { json, count } = queryLayer(t.db, 'grids');
      times.push(performance.now() - s);
      bytes = json.length;
      expect(count).toBe(10_000);
    }
    const s = performance.now();
    const res = await t.request('GET', '/api/layers/grids');
    const body = await res.text();
    const httpMs = performance.now() - s;
    expect(res.status).toBe(200);
    const fc = JSON.parse(body);
    expect(fc.features).toHaveLength(10_000);
    expect(fc.features[0].properties.households).toBe(100);

    const bboxStart = performance.now();
    const part = queryLayer(t.db, 'grids', { bbox: [125.0, 41.0, 125.02, 41.02] });
    const bboxMs = performance.now() - bboxStart;
    expect(part.count).toBe(121); // 11×11 grids touch the box (edges included)

    const best = Math.min(...times);
    console.log(
      `[layer-speed] seed 10,000 grids ${seedMs.toFixed(0)} ms; queryLayer best ${best.toFixed(1)} ms ` +
        `(${(bytes / 1e6).toFixed(2)} MB); HTTP GET ${httpMs.toFixed(1)} ms; bbox query (121) ${bboxMs.toFixed(2)} ms`,
    );
    expect(best).toBeLessThan(1500); // generous: the 2-core machine is shared; ~100 ms when idle
    t.close();
  });
});

describe('gzip of large layers', () => {
  it('sends gzip to clients that accept it, and the same JSON', async () => {
    const { gunzipSync } = await import('node:zlib');
    const t = makeTestApp({ fixture: gridCity(20) });
    const plain = await (await t.request('GET', '/api/layers/grids')).text();
    const res = await t.request('GET', '/api/layers/grids', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.length).toBeLessThan(plain.length / 3);
    expect(gunzipSync(buf).toString('utf8')).toBe(plain);
    t.close();
  });
});
