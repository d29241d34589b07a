/**
 * Our engine as a benchmark runner, in the anchors' output format (RESULT line, <engine>.grids.tsv,
 * <engine>.summary.json), so scripts/bench.ts can compare it grid by grid with the anchors.
 *
 *   node --import tsx scripts/bench/runners/beatgrid.ts --data DIR --out DIR [--mode rows|full] [--incremental N]
 *
 * load    : read + JSON.parse both files (like every anchor)
 * compute : new AlignmentIndex(...) — projection, validation/repair, every grid–zone piece area, zone
 *           overlaps, and in `full` mode also the mismatch polygons; then the per-grid rows.
 * --incremental N : afterwards time N single-grid edits (updateGrid with the grid moved by 1–5 m; in
 *           `full` mode the mismatch polygons are kept up to date too, as in the server)
 *           and N single-zone edits, reporting median / p95 / max milliseconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Feature, Polygon } from 'geojson';
import { AlignmentIndex } from '../../../server/alignment/alignment-index.ts';

const { values: a } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' }, mode: { type: 'string', default: 'rows' }, incremental: { type: 'string', default: '0' } } });
if (!a.data) throw new Error('--data DIR is required');
const engine = a.mode === 'full' ? 'beatgrid-full' : 'beatgrid';
const now = (): number => performance.now() / 1000;

const t0 = now();
const c0 = process.cpuUsage();
const grids = JSON.parse(fs.readFileSync(path.join(a.data, 'grids.geojson'), 'utf8'));
const beats = JSON.parse(fs.readFileSync(path.join(a.data, 'beats.geojson'), 'utf8'));
const t1 = now();
const ix = new AlignmentIndex(grids, beats, { mismatchGeometries: a.mode === 'full' });
const rows = [];
for (let g = 0; g < ix.gridShapes.length; g++) rows.push(ix.gridRow(g)!);
const t2 = now();
const cpu = process.cpuUsage(c0);
const mismatchPieces = ix.summary().mismatch.count; // before the incremental edits below change it

const s = { engine, grids: 0, pairs: 0, aligned: 0, misaligned: 0, uncovered: 0, split: 0, partial: 0, grid_area_m2: 0, covered_m2: 0, sliver_m2: 0, mismatch_m2: 0 };
const lines = ['grid_id\tarea_m2\tcovered_m2\tstatus\tbeats'];
for (const r of rows) {
  let covered = 0, max = 0;
  for (const z of r.zones) { covered += z.areaM2; if (z.areaM2 > max) max = z.areaM2; }
  const status = r.status === 'split' || r.status === 'partial' ? 'misaligned' : r.status;
  s.grids++; s.pairs += r.zones.length; s[status]++;
  if (r.status === 'split') s.split++; if (r.status === 'partial') s.partial++;
  s.grid_area_m2 += r.areaM2; s.covered_m2 += covered; s.sliver_m2 += covered - max; s.mismatch_m2 += r.areaM2 - max;
  const pieces = [...r.zones].sort((p, q) => q.areaM2 - p.areaM2 || Number(p.zoneId) - Number(q.zoneId));
  lines.push(`${r.id}\t${r.areaM2.toFixed(3)}\t${covered.toFixed(3)}\t${status}\t${pieces.map((z) => `${z.zoneId}:${z.share.toFixed(6)}`).join(',')}`);
}

let incremental: Record<string, number> | undefined;
const nIncr = Number(a.incremental);
if (nIncr > 0) {
  const stats = (ms: number[]): { median: number; p95: number; max: number } => {
    ms.sort((x, y) => x - y);
    return { median: +ms[ms.length >> 1].toFixed(2), p95: +ms[Math.floor(ms.length * 0.95)].toFixed(2), max: +ms[ms.length - 1].toFixed(2) };
  };
  let seed = 7;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const shifted = (f: Feature<Polygon>): Polygon => {
    const dx = (1 + 4 * rnd()) / 80000, dy = (1 + 4 * rnd()) / 111000; // 1–5 m
    return { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map(([x, y]) => [x + dx, y + dy])) };
  };
  const gridMs: number[] = [], zoneMs: number[] = [];
  for (let i = 0; i < nIncr; i++) {
    const f = grids.features[Math.floor(rnd() * grids.features.length)] as Feature<Polygon>;
    const q0 = performance.now();
    ix.updateGrid(f.properties!.id, shifted(f));
    gridMs.push(performance.now() - q0);
  }
  for (let i = 0; i < nIncr; i++) {
    const f = beats.features[Math.floor(rnd() * beats.features.length)] as Feature<Polygon>;
    const q0 = performance.now();
    ix.updateZone(f.properties!.id, shifted(f));
    zoneMs.push(performance.now() - q0);
  }
  const g = stats(gridMs), z = stats(zoneMs);
  incremental = { grid_median_ms: g.median, grid_p95_ms: g.p95, grid_max_ms: g.max, zone_median_ms: z.median, zone_p95_ms: z.p95, zone_max_ms: z.max, edits: nIncr };
}

const result = {
  ...s,
  grid_area_m2: +s.grid_area_m2.toFixed(3), covered_m2: +s.covered_m2.toFixed(3), sliver_m2: +s.sliver_m2.toFixed(3), mismatch_m2: +s.mismatch_m2.toFixed(3),
  beats: beats.features.length, load_s: +(t1 - t0).toFixed(3), compute_s: +(t2 - t1).toFixed(3), cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(3),
  warnings: ix.warnings.length,
  phases_ms: Object.fromEntries(Object.entries(ix.timings).map(([k, v]) => [k, Math.round(v)])),
  phases_cpu_ms: Object.fromEntries(Object.entries(ix.cpuTimings).map(([k, v]) => [k, Math.round(v)])),
  ...(a.mode === 'full' ? { mismatch_pieces: mismatchPieces } : {}),
  ...(incremental ? { incremental } : {}),
};
if (a.out) {
  fs.mkdirSync(a.out, { recursive: true });
  fs.writeFileSync(path.join(a.out, `${engine}.grids.tsv`), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(a.out, `${engine}.summary.json`), JSON.stringify(result, null, 1) + '\n');
}
console.log('RESULT ' + JSON.stringify(result));
