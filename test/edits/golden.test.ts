/**
 * Golden fixtures for merge (exact union) and split (cut by a line):
 * test/fixtures/{merge,split}/<case>/in.geojson → out.geojson. Each in.geojson states the
 * result known by construction (`expect`: lattice cells, parts, holes or an error code);
 * out.geojson is the exact expected output, regenerated with UPDATE_GOLDEN=1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { adjacencyGroups } from '../../server/grids/adjacency.ts';
import { cutByLine } from '../../server/grids/cut.ts';
import { unionExact } from '../../server/grids/dissolve.ts';
import { ringSignedArea2, toPolys, type AreaGeometry } from '../../server/grids/geom.ts';
import { validateGeometryShape } from '../../server/edits/validate-edit.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CELL = 0.001 * 0.001;

interface InFile {
  expect: Record<string, unknown>;
  features: { id: string; geometry: AreaGeometry | LineString }[];
}

function cases(op: string): string[] {
  return readdirSync(join(FIX, op), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Planar area in lattice cells (exact up to float rounding) */
function cells(g: AreaGeometry): number {
  let s = 0;
  for (const p of toPolys(g)) for (const r of p) s += ringSignedArea2(r) / 2;
  return s / CELL;
}
const holes = (g: AreaGeometry) => toPolys(g).reduce((n, p) => n + p.length - 1, 0);

function golden(dir: string, actual: unknown): void {
  const file = join(dir, 'out.geojson');
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(file, JSON.stringify(actual, null, 1) + '\n');
    return;
  }
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** Every output must be a valid area geometry (closed, right-hand rule, no self-intersection). */
function assertValid(g: AreaGeometry): void {
  const problems = validateGeometryShape(g);
  expect(problems, JSON.stringify(problems)).toEqual([]);
  for (const p of toPolys(g)) p.forEach((r, i) => expect(ringSignedArea2(r) > 0).toBe(i === 0));
}

describe('merge golden fixtures', () => {
  for (const name of cases('merge')) {
    it(name, () => {
      const dir = join(FIX, 'merge', name);
      const input = JSON.parse(readFileSync(join(dir, 'in.geojson'), 'utf8')) as InFile;
      const geoms = input.features.map((f) => f.geometry as AreaGeometry);
      const u = unionExact(geoms);
      const e = input.expect;
      expect(u.method).toBe(e.method);
      expect(cells(u.geometry)).toBeCloseTo(e.cells as number, 9);
      expect(cells(u.geometry)).toBeCloseTo(geoms.reduce((s, g) => s + cells(g), 0), 9);
      expect(toPolys(u.geometry).length).toBe(e.parts);
      expect(holes(u.geometry)).toBe(e.holes);
      if (e.adjacent === false) expect(adjacencyGroups(geoms).length).toBeGreaterThan(1);
      else expect(adjacencyGroups(geoms)).toHaveLength(1);
      assertValid(u.geometry);
      if (u.method === 'dissolve') {
        // exact: every output vertex is an input vertex, bit for bit
        const inputVertices = new Set(geoms.flatMap((g) => toPolys(g).flat(2 as 1)).map((p) => String(p)));
        for (const p of toPolys(u.geometry).flat(2 as 1)) expect(inputVertices.has(String(p))).toBe(true);
      }
      golden(dir, { type: 'Feature', properties: { method: u.method }, geometry: u.geometry });
    });
  }
});

describe('split golden fixtures', () => {
  for (const name of cases('split')) {
    it(name, () => {
      const dir = join(FIX, 'split', name);
      const input = JSON.parse(readFileSync(join(dir, 'in.geojson'), 'utf8')) as InFile;
      const grid = input.features.find((f) => f.id !== 'line')!.geometry as AreaGeometry;
      const line = input.features.find((f) => f.id === 'line')!.geometry as LineString;
      const r = cutByLine(grid, line);
      const e = input.expect;
      if (e.error) {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.code).toBe(e.error);
          expect(r.message.length).toBeGreaterThan(10);
        }
        golden(dir, { error: r.ok ? null : r.code, location: r.ok ? null : r.location });
        return;
      }
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      const got = r.pieces.map(cells);
      (e.cells as number[]).forEach((c, i) => expect(got[i]).toBeCloseTo(c, 6));
      expect(got[0] + got[1]).toBeCloseTo(cells(grid), 6);
      if (e.holes) expect(r.pieces.map(holes)).toEqual(e.holes);
      if (e.parts) expect(r.pieces.map((g) => toPolys(g).length)).toEqual(e.parts);
      r.pieces.forEach(assertValid);
      // the two pieces share the cut: their exact union is the original area again
      const back = unionExact(r.pieces);
      expect(back.method).toBe('dissolve');
      expect(cells(back.geometry)).toBeCloseTo(cells(grid), 6);
      golden(dir, { type: 'FeatureCollection', features: r.pieces.map((g, i) => ({ type: 'Feature', properties: { piece: i === 0 ? 'left' : 'right' }, geometry: g })) });
    });
  }
});
