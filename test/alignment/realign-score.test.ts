/** Realign proposal (aligned by construction) and score aggregation. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AlignmentIndex, analyzeAlignment, proposeRealign, scoreByGroups } from '../../server/alignment/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'realign-'));
spawnSync(process.execPath, [path.join(ROOT, 'scripts/bench/gen.mjs'), '--grids', '400', '--seed', '1', '--out', dir, '--redigitize', '0.3']);
const grids = JSON.parse(fs.readFileSync(path.join(dir, 'grids.geojson'), 'utf8')) as FeatureCollection;
const beats = JSON.parse(fs.readFileSync(path.join(dir, 'beats.geojson'), 'utf8')) as FeatureCollection;

describe('proposeRealign', () => {
  it('gives every covered grid wholly to one zone; re-analysis is 100 % aligned', () => {
    const ix = new AlignmentIndex(grids, beats, { mismatchGeometries: false });
    const before = ix.summary();
    expect(before.grids.aligned).toBeLessThan(before.grids.count - before.grids.uncovered);
    const p = proposeRealign(ix);
    const features: Feature<Geometry>[] = p.zones.filter((z) => z.geometry).map((z) => ({ type: 'Feature', properties: { id: z.zoneId }, geometry: z.geometry! }));
    const after = analyzeAlignment(grids, { type: 'FeatureCollection', features });
    expect(after.warnings).toEqual([]); // valid geometry
    expect(after.summary.grids.aligned).toBe(before.grids.count - p.uncovered.length);
    expect(after.summary.grids.split + after.summary.grids.partial).toBe(0);
    expect(after.summary.police.aligned).toBe(features.length);
    for (const z of after.zones) expect(z.overhangM2).toBeLessThan(0.01);
    // every grid goes to exactly one zone
    const assigned = p.zones.flatMap((z) => z.gridIds);
    expect(new Set(assigned).size).toBe(assigned.length);
    // bookkeeping: moved area = |old Δ new| ≥ |area before − area after|
    for (const z of p.zones) expect(z.areaMovedM2 + 1e-6).toBeGreaterThanOrEqual(Math.abs(z.areaBeforeM2 - z.areaAfterM2));
    expect(p.zones.some((z) => z.addedGrids.length || z.removedGrids.length)).toBe(true);
  });

  it('lists ties and keeps the scope to the given zones', () => {
    const dirCase = path.join(ROOT, 'test/fixtures/alignment/multipolygon/in');
    const read = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dirCase, f), 'utf8'));
    const ix = new AlignmentIndex(read('grids.geojson'), read('police.geojson'));
    const p = proposeRealign(ix, { zoneIds: ['Z3', 'Z4'] });
    expect(p.zones.map((z) => z.zoneId)).toEqual(['Z3', 'Z4']);
    expect(p.ties).toEqual([{ gridId: 'G3', zoneIds: ['Z3', 'Z4'], provisionalZoneId: 'Z3' }]);
    expect(p.zones[0].gridIds).toEqual(['G3']);
    expect(p.zones[0].areaAfterM2).toBeCloseTo(30000, 3);
    expect(p.zones[0].areaMovedM2).toBeCloseTo(15000, 3);
    expect(p.zones[1].geometry).toBeNull();
    expect(p.zones[1].removedGrids).toEqual(['G3']);
    expect(() => proposeRealign(ix, { zoneIds: ['nope'] })).toThrow(/unknown zone id "nope"/);
  });
});

describe('scoreByGroups', () => {
  it('aggregates the aligned share per group and level', () => {
    const rows = [
      { id: 'a', status: 'aligned' as const }, { id: 'b', status: 'split' as const },
      { id: 'c', status: 'aligned' as const }, { id: 'd', status: 'uncovered' as const },
    ];
    const s = scoreByGroups(rows, { station: new Map([['a', 'S1'], ['b', 'S1'], ['c', 'S2']]), county: { a: 'C', b: 'C', c: 'C', d: 'C' } });
    expect(s.station).toEqual([
      { group: '(none)', grids: 1, aligned: 0, split: 0, partial: 0, uncovered: 1, score: 0 },
      { group: 'S1', grids: 2, aligned: 1, split: 1, partial: 0, uncovered: 0, score: 0.5 },
      { group: 'S2', grids: 1, aligned: 1, split: 0, partial: 0, uncovered: 0, score: 1 },
    ]);
    expect(s.county[0]).toMatchObject({ group: 'C', grids: 4, aligned: 2, score: 0.5 });
    expect(s.city[0]).toMatchObject({ group: 'city', grids: 4, score: 0.5 });
  });
});
