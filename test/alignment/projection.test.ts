/**
 * The engine's LAEA projection uses a log-free series for the authalic latitude (projection.ts,
 * inlined in shape.ts's per-vertex loop). It must stay within 1 µm of the exact closed formula:
 * the benchmark harness's laeaForward (scripts/bench/lib/geo.mjs, which matches PROJ).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { authalicSin, authalicSinExact, createLaea } from '../../server/alignment/projection.ts';
import { prepareShape } from '../../server/alignment/shape.ts';
import type { InputWarning } from '../../server/alignment/types.ts';

type Geo = { laeaForward: (lon: number, lat: number, out: number[], o: number) => void; LON0: number; LAT0: number };
const geoPath = path.resolve(import.meta.dirname, '../../scripts/bench/lib/geo.mjs');
const geo = (await import(geoPath)) as Geo;
const proj = createLaea(geo.LON0, geo.LAT0);

describe('LAEA projection with the authalic-latitude series', () => {
  it('sin β matches the closed formula to a few ulps at every latitude', () => {
    let worst = 0;
    for (let i = 0; i <= 20000; i++) {
      const s = -1 + i / 10000;
      worst = Math.max(worst, Math.abs(authalicSin(s) - authalicSinExact(s)));
    }
    expect(worst).toBeLessThan(4e-15);
  });

  it('forward() is within 1 µm of the exact formula, near the centre and far from it', () => {
    const ref = [0, 0];
    const out = [0, 0];
    let worst = 0;
    for (let i = 0; i <= 60; i++) {
      for (let j = 0; j <= 60; j++) {
        // ±1.5° around Tonghua (a city and its county) and ±25° (far outside any real scope)
        for (const span of [1.5, 25]) {
          const lon = geo.LON0 - span + (2 * span * i) / 60;
          const lat = geo.LAT0 - span + (2 * span * j) / 60;
          geo.laeaForward(lon, lat, ref, 0);
          proj.forward(lon, lat, out, 0);
          worst = Math.max(worst, Math.hypot(out[0] - ref[0], out[1] - ref[1]));
        }
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('the inlined per-vertex loop of prepareShape gives the same coordinates', () => {
    // a counter-clockwise 64-gon of radius ~0.4° around the centre (kept as is: no rewinding)
    const ring: number[][] = [];
    for (let k = 0; k < 64; k++) {
      const a = (2 * Math.PI * k) / 64;
      ring.push([geo.LON0 + 0.4 * Math.cos(a), geo.LAT0 + 0.3 * Math.sin(a)]);
    }
    ring.push(ring[0]);
    const warnings: InputWarning[] = [];
    const shape = prepareShape({ type: 'Polygon', coordinates: [ring] }, 'c', 0, 'grids', proj, warnings);
    expect(warnings).toEqual([]);
    const r = shape!.rings[0];
    expect(r.length).toBe(128);
    const ref = [0, 0];
    let worst = 0;
    for (let k = 0; k < 64; k++) {
      geo.laeaForward(ring[k][0], ring[k][1], ref, 0);
      worst = Math.max(worst, Math.hypot(r[2 * k] - ref[0], r[2 * k + 1] - ref[1]));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});
