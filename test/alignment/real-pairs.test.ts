/**
 * Real pairs (Chicago beats vs community areas, NYC sectors vs community districts, Seattle beats
 * vs neighbourhoods) through the command line, checked against the independent GEOS reference in
 * test/fixtures/real/reference.json (made once by scripts/bench/reference_real.py). See
 * docs/ALIGNMENT.md "Real data" for what is compared and why the tolerances are what they are.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REAL = path.join(ROOT, 'test/fixtures/real');
interface RefPair {
  grids: string; police: string;
  summary: { grids: Record<string, number>; police: { count: number; overhangM2: number; overlapM2: number }; pieces: number };
  gridRows: { id: number; areaM2: number; status: string; zones: [number, number][] }[];
}
const reference = JSON.parse(fs.readFileSync(path.join(REAL, 'reference.json'), 'utf8')) as { pairs: Record<string, RefPair> };

describe.each(Object.entries(reference.pairs))('real pair %s', (city, ref) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `align-${city}-`));
  const json = path.join(tmp, 'rows.json');
  const p = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/align.ts', '--grids', path.join(REAL, ref.grids), '--police', path.join(REAL, ref.police), '--json', json], { cwd: ROOT, encoding: 'utf8' });

  it('runs the CLI and prints one JSON summary', () => {
    expect(p.status, p.stderr).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]);
    expect(Object.keys(s)).toEqual(['grids', 'police', 'mismatch', 'score']);
    // counts: identical to GEOS
    expect(s.grids).toEqual(ref.summary.grids);
    expect(s.police.count).toBe(ref.summary.police.count);
    expect(s.score).toBeCloseTo(ref.summary.grids.aligned / ref.summary.grids.count, 12);
    // overhang: ours is zone area − Σ pieces, GEOS's is area(zone − ∪ grids); equal where grids do not overlap
    expect(Math.abs(s.police.overhangM2 - ref.summary.police.overhangM2)).toBeLessThan(1 + 1e-6 * ref.summary.police.overhangM2);
    expect(Math.abs(s.police.overlapM2 - ref.summary.police.overlapM2)).toBeLessThan(0.01);
  });

  it('agrees with GEOS grid by grid (status, area, every piece)', () => {
    const rows = JSON.parse(fs.readFileSync(json, 'utf8')).grids as { id: number; areaM2: number; status: string; zones: { zoneId: number; areaM2: number }[] }[];
    expect(rows).toHaveLength(ref.gridRows.length);
    let pieces = 0;
    for (const r of ref.gridRows) {
      const ours = rows.find((x) => x.id === r.id)!;
      expect(ours.status, `grid ${r.id}`).toBe(r.status);
      expect(Math.abs(ours.areaM2 - r.areaM2), `area of grid ${r.id}`).toBeLessThan(1e-7 * r.areaM2 + 0.01);
      const mine = new Map(ours.zones.map((z) => [z.zoneId, z.areaM2]));
      for (const [z, a] of r.zones) {
        const m = mine.get(z);
        // a piece within a hair of the 0.01 m² dust limit may fall on either side of it
        if (m === undefined) { expect(a, `piece ${r.id}∩${z} missing`).toBeLessThan(0.05); continue; }
        expect(Math.abs(m - a), `piece ${r.id}∩${z}`).toBeLessThan(1e-7 * r.areaM2 + 0.01);
        pieces++;
      }
      for (const [z, a] of mine) if (!r.zones.some(([q]) => q === z)) expect(a, `extra piece ${r.id}∩${z}`).toBeLessThan(0.05);
    }
    expect(pieces).toBeGreaterThan(0.99 * ref.summary.pieces);
  });
});
