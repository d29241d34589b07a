/**
 * Golden fixtures: test/fixtures/alignment/<case>/in → out/result.json. The hand-known values in
 * cases.ts (areas by construction) are asserted first, so regenerating the golden output
 * (UPDATE_GOLDEN=1 npx vitest run test/alignment/golden.test.ts) cannot hide a bug.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeAlignment } from '../../server/alignment/index.ts';
import type { AlignmentResult } from '../../server/alignment/index.ts';
import { CASES } from '../fixtures/alignment/cases.ts';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/alignment');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Round every number to 8 significant digits so float noise cannot break the comparison. */
function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.abs(v) < 1e-6 ? 0 : Number(v.toPrecision(8));
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

const close = (actual: number, expected: number, what: string, abs = 1e-4): void => {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(abs + 1e-7 * Math.abs(expected));
};

describe.each(CASES.map((c) => [c.name, c] as const))('golden case %s', (name, c) => {
  const dir = path.join(ROOT, name);
  const read = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, 'in', f), 'utf8'));
  const result: AlignmentResult = analyzeAlignment(read('grids.geojson'), read('police.geojson'));
  const e = c.expect;

  it('matches the areas and counts known by construction', () => {
    expect(result.summary.grids).toEqual(e.summary.grids);
    expect(result.summary.police.count).toBe(e.summary.police.count);
    expect(result.summary.police.aligned).toBe(e.summary.police.aligned);
    // the summary is rounded to 1e-3 m²
    close(result.summary.police.overhangM2, e.summary.police.overhangM2, 'overhang', 6e-4);
    close(result.summary.police.overlapM2, e.summary.police.overlapM2, 'overlap', 6e-4);
    if (e.summary.mismatchCount !== undefined) expect(result.summary.mismatch.count).toBe(e.summary.mismatchCount);
    for (const [g, zones] of Object.entries(e.pieces ?? {})) {
      const row = result.grids.find((r) => r.id === g)!;
      expect(row.zones.map((z) => z.zoneId).sort(), `zones of ${g}`).toEqual(Object.keys(zones).sort());
      for (const [z, a] of Object.entries(zones)) close(row.zones.find((x) => x.zoneId === z)!.areaM2, a, `${g}∩${z}`);
    }
    for (const [g, s] of Object.entries(e.statuses ?? {})) expect(result.grids.find((r) => r.id === g)!.status, g).toBe(s);
    for (const [z, a] of Object.entries(e.zonesAligned ?? {})) expect(result.zones.find((r) => r.id === z)!.aligned, z).toBe(a);
    for (const [z, a] of Object.entries(e.overhang ?? {})) close(result.zones.find((r) => r.id === z)!.overhangM2, a, `overhang ${z}`);
    const byKind: Record<string, number> = {};
    for (const m of result.mismatches.features) byKind[m.properties.kind] = (byKind[m.properties.kind] ?? 0) + m.properties.areaM2;
    if (e.mismatchArea) {
      expect(Object.keys(byKind).sort()).toEqual(Object.keys(e.mismatchArea).sort());
      // mismatch polygons are built with 0.1 mm snapping: allow 0.05 m² per piece
      for (const [k, a] of Object.entries(e.mismatchArea)) expect(Math.abs(byKind[k] - a), k).toBeLessThan(0.05 * result.mismatches.features.length);
    }
    if (e.warnings) expect(result.warnings.map((w) => `${w.id}:${w.problem}`).sort()).toEqual([...e.warnings].sort());
    else expect(result.warnings).toEqual([]);
    if (e.oneToOnePairs) expect(result.oneToOne.pairs.map((p) => [p.gridId, p.zoneId])).toEqual(e.oneToOnePairs);
    if (e.oneToOneFailures) expect(result.oneToOne.failures.map((f) => [f.layer, f.id])).toEqual(e.oneToOneFailures);
  });

  it('equals the golden output', () => {
    const file = path.join(dir, 'out', 'result.json');
    const actual = normalize(result);
    if (UPDATE || !fs.existsSync(file)) {
      if (!UPDATE) throw new Error(`missing ${file}; run with UPDATE_GOLDEN=1 to create it`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(actual, null, 1) + '\n');
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });
});
