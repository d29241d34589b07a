/**
 * Writes the demo city as files: one GeoJSON FeatureCollection per layer plus staff.json,
 * assignments.json, misalignments.json and stats.json.
 * Usage: npm run build-demo -- --out DIR [--seed N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemoCity } from '../server/demo/generate.ts';
import { LAYERS } from '../server/domain/layers.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
if (!values.out) {
  console.error('usage: npm run build-demo -- --out DIR [--seed N]');
  process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer, got "${values.seed}"`);
  process.exit(2);
}
const out = resolve(values.out);
mkdirSync(out, { recursive: true });

const t0 = performance.now();
const city = generateDemoCity(seed);
const ms = performance.now() - t0;

for (const layer of LAYERS) {
  const features = city.features
    .filter((f) => f.layer === layer)
    .map((f) => ({
      type: 'Feature',
      id: f.key,
      properties: { code: f.code, name: f.name, parentKey: f.parentKey ?? null, stationKey: f.stationKey ?? null, ...f.props },
      geometry: f.geometry,
    }));
  writeFileSync(join(out, `${layer}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }));
}
writeFileSync(join(out, 'staff.json'), JSON.stringify(city.staff, null, 1));
writeFileSync(join(out, 'assignments.json'), JSON.stringify(city.assignments, null, 1));
writeFileSync(join(out, 'misalignments.json'), JSON.stringify(city.misalignments, null, 1));
writeFileSync(join(out, 'stats.json'), JSON.stringify(city.stats, null, 1));
console.log(`demo city (seed ${seed}) generated in ${(ms / 1000).toFixed(2)} s, written to ${out}`);
console.log(JSON.stringify(city.stats, null, 1));
