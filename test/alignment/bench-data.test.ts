/**
 * The benchmark city (scripts/bench/gen.mjs, seed 1, 1,000 grids) must give exactly the anchor
 * figures of the bench README (PostGIS, GEOS, mapshaper, Turf all agree on them):
 * 932 aligned / 48 misaligned (our split + partial) / 20 uncovered, 1023 pieces, sliver 56083 m².
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlignmentIndex } from '../../server/alignment/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('bench city, 1k grids, seed 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench1k-'));
  const gen = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench/gen.mjs'), '--grids', '1000', '--seed', '1', '--out', dir], { encoding: 'utf8' });
  const read = (f: string): any => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

  it('matches the anchors exactly', () => {
    expect(gen.status, gen.stderr).toBe(0);
    const ix = new AlignmentIndex(read('grids.geojson'), read('beats.geojson'), { mismatchGeometries: false });
    const rows = ix.result({ oneToOne: false }).grids;
    const count = (s: string): number => rows.filter((r) => r.status === s).length;
    expect(count('aligned')).toBe(932);
    expect(count('split') + count('partial')).toBe(48);
    expect(count('uncovered')).toBe(20);
    expect(rows.reduce((s, r) => s + r.zones.length, 0)).toBe(1023);
    const sliver = rows.reduce((s, r) => s + r.zones.reduce((t, z) => t + z.areaM2, 0) - (r.zones[0]?.areaM2 ?? 0), 0);
    expect(Math.round(sliver)).toBe(56083);
    expect(ix.warnings).toEqual([]);

    // and the generator's ground truth
    const truth = read('meta.json').truth as { uncovered_grid_ids: number[]; perturbed_beat_ids: number[]; grid_design_beat: (number | null)[] };
    expect(rows.filter((r) => r.status === 'uncovered').map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual(truth.uncovered_grid_ids);
    const perturbed = new Set(truth.perturbed_beat_ids);
    rows.forEach((r, i) => {
      if (r.status === 'aligned') expect(r.dominantZoneId, `grid ${r.id}`).toBe(truth.grid_design_beat[i]);
      // a misaligned grid touches a perturbed beat
      if (r.status === 'split' || r.status === 'partial') expect(r.zones.some((z) => perturbed.has(Number(z.zoneId))), `grid ${r.id}`).toBe(true);
    });
  });
});
