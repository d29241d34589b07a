/**
 * Measures the incremental re-analysis after ONE grid edit (and one zone edit) with the engine's
 * AlignmentIndex, on the synthetic 10,000-grid cities of scripts/bench/data (shared vertices and
 * re-digitised). Not a test (too slow for the suite); run:
 *   node --import tsx test/alignment-api/measure-incremental.ts [DIR ...]
 * Prints build time and the median / p95 / max of 200 single-feature updates (each a real
 * move of the feature by up to 3 m, then moved back).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { AlignmentIndex } from '../../server/alignment/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['scripts/bench/data/10000', 'scripts/bench/data/10000-r0.3'].map((d) => join(ROOT, d));

function shifted(f: Feature<Polygon>, dx: number, dy: number): Polygon {
  return { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map(([x, y]) => [x + dx, y + dy])) };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
};

for (const dir of dirs) {
  if (!existsSync(join(dir, 'grids.geojson'))) { console.log(`${dir}: no grids.geojson, skipped`); continue; }
  const grids = JSON.parse(readFileSync(join(dir, 'grids.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  const zones = JSON.parse(readFileSync(join(dir, 'beats.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  const t0 = performance.now();
  const ix = new AlignmentIndex(grids, zones);
  const build = performance.now() - t0;
  const gridTimes: number[] = [];
  const zoneTimes: number[] = [];
  let seed = 7;
  const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < 200; i++) {
    const gi = Math.floor(rnd() * grids.features.length);
    const g = grids.features[gi];
    const id = ix.gridIds[gi];
    const dx = ((rnd() - 0.5) * 6) / 83000, dy = ((rnd() - 0.5) * 6) / 111000;
    let t = performance.now();
    ix.updateGrid(id, shifted(g, dx, dy));
    gridTimes.push(performance.now() - t);
    ix.updateGrid(id, g.geometry);
    const zi = Math.floor(rnd() * zones.features.length);
    const z = zones.features[zi];
    const zid = ix.zoneIds[zi];
    t = performance.now();
    ix.updateZone(zid, shifted(z, dx, dy));
    zoneTimes.push(performance.now() - t);
    ix.updateZone(zid, z.geometry);
  }
  console.log(`${dir}: ${grids.features.length} grids, ${zones.features.length} zones; build ${(build / 1000).toFixed(2)} s`);
  console.log(`  one grid edit: ${stats(gridTimes)}`);
  console.log(`  one zone edit: ${stats(zoneTimes)}`);
}
