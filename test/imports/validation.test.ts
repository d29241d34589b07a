import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFingerprint } from '../support/api.ts';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import type { ImportProblem } from '../../server/imports/types.ts';
import { box, feat, geojsonFile, importApp, type ImportTestApp } from './helpers.ts';

/**
 * The validation table: one fixture per kind of bad input (test/fixtures/imports/bad/<case>,
 * written by make-bad.ts), each with the problem row it must produce; then the whole-file
 * refusals (coordinates that are not lon/lat) and repair vs skip at apply.
 */

const BAD = join(import.meta.dirname, '../fixtures/imports/bad');
const cases = readdirSync(BAD).sort();

interface Expected {
  layer: string;
  index: number;
  problem: string;
  severity: string;
  repairable: boolean;
  status: string;
  message: string;
  where?: { ring?: number; vertex?: number; polygon?: number; point?: [number, number] };
}

let t: ImportTestApp;
beforeAll(() => {
  t = importApp(importCity());
});
afterAll(() => t.close());

describe('a fixture for each kind of bad input gives its problem row', () => {
  it('has the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const name of cases) {
    it(name, async () => {
      const exp = JSON.parse(readFileSync(join(BAD, name, 'expected.json'), 'utf8')) as Expected;
      const bytes = readFileSync(join(BAD, name, 'in.geojson'), 'utf8');
      const before = dbFingerprint(t.db);
      const r = await t.upload(exp.layer, { name: `${name}.geojson`, bytes });
      expect(r.status, r.text).toBe(201);
      const rows = r.body.problems.filter((p: ImportProblem) => p.index === exp.index && p.problem === exp.problem);
      expect(rows.length, JSON.stringify(r.body.problems, null, 1)).toBeGreaterThanOrEqual(1);
      const row = rows[0];
      expect(row.severity).toBe(exp.severity);
      expect(row.repairable).toBe(exp.repairable);
      expect(row.message).toMatch(new RegExp(exp.message));
      if (exp.where) {
        expect(row.where, 'where').toBeDefined();
        if (exp.where.ring !== undefined) expect(row.where!.ring).toBe(exp.where.ring);
        if (exp.where.vertex !== undefined) expect(row.where!.vertex).toBe(exp.where.vertex);
        if (exp.where.point) {
          expect(row.where!.point![0]).toBeCloseTo(exp.where.point[0], 9);
          expect(row.where!.point![1]).toBeCloseTo(exp.where.point[1], 9);
        }
        // every located problem carries a point to fly to, inside the fixture's area
        if (row.where!.point) {
          expect(row.where!.point[0]).toBeGreaterThan(125.8);
          expect(row.where!.point[1]).toBeGreaterThan(41.6);
        }
      }
      // the good feature at index 0 has no error
      expect(r.body.problems.filter((p: ImportProblem) => p.index === 0 && p.severity === 'error')).toEqual([]);
      const statusOf = (i: number) => r.body.preview.features.find((f) => f.properties.index === i)?.properties.status;
      expect(statusOf(0)).toBe('ok');
      const s = statusOf(exp.index);
      if (s !== undefined) expect(s).toBe(exp.status);
      else expect(exp.status).toBe('invalid'); // nothing drawable: only invalid features
      expect(dbFingerprint(t.db)).toBe(before);
      await t.call('DELETE', `/api/layers/${exp.layer}/import/${r.body.previewId}`);
    });
  }

  it('too many vertices in one feature', async () => {
    const n = 50_001;
    const ringPos = Array.from({ length: n }, (_, i) => [125.91 + 0.004 * Math.cos((2 * Math.PI * i) / n), 41.73 + 0.004 * Math.sin((2 * Math.PI * i) / n)]);
    ringPos.push(ringPos[0]);
    const r = await t.upload('grids', geojsonFile([feat({ type: 'Polygon', coordinates: [ringPos] }, { code: 'X', name: 'X', parent_code: IMP.communityC })]));
    expect(r.status, r.text).toBe(201);
    expect(r.body.problems[0]).toMatchObject({ index: 0, problem: 'too_many_vertices', severity: 'error' });
    expect(r.body.problems[0].message).toMatch(/50,002 vertices; at most 50,000/);
  });
});

describe('limits', () => {
  it('more than 20,000 features in one file: 413 before any validation', async () => {
    const fs = Array.from({ length: 20_001 }, (_, i) => feat({ type: 'Point', coordinates: [125.905, 41.73] }, { c: i }));
    const r = await t.upload('police-rooms', geojsonFile(fs), { station: IMP.station });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/20,001 features in upload.geojson; at most 20,000/);
  });
});

describe('coordinates that are not lon/lat are refused with what they look like (422)', () => {
  const one = (coords: number[][]) => geojsonFile([feat({ type: 'Polygon', coordinates: [coords] }, { code: 'X', name: 'X' })]);
  it('CGCS2000 3-degree Gauss-Krüger metres (zone 42)', async () => {
    // 通化 in zone 42 (CM 126°E): easting 42 500 000 + ~−8 000 m, northing ~4 620 000 m
    const r = await t.upload('grids', one([[42491000, 4617000], [42492000, 4617000], [42492000, 4618000], [42491000, 4618000], [42491000, 4617000]]));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('coordinates_not_lonlat');
    expect(r.body.error.message).toMatch(/3-degree Gauss-Kr(ü|u)ger/);
    expect(r.body.error.details.coordinates.kind).toBe('gauss-kruger-3deg');
    expect(r.body.error.details.coordinates.zone).toBe(42);
  });
  it('latitude/longitude swapped', async () => {
    const r = await t.upload('grids', one([[41.72, 125.91], [41.72, 125.92], [41.74, 125.92], [41.74, 125.91], [41.72, 125.91]]));
    expect(r.status).toBe(422);
    expect(r.body.error.details.coordinates.kind).toBe('latlon-swapped');
  });
  it('one vertex out of range among lon/lat', async () => {
    const r = await t.upload('grids', one([[125.91, 41.72], [125.92, 41.72], [125.92, 95], [125.91, 41.74], [125.91, 41.72]]));
    expect(r.status).toBe(422);
    expect(r.body.error.details.coordinates.kind).toBe('out-of-range');
    expect(r.body.error.message).toMatch(/1 of 5 coordinates are outside/);
  });
});

describe('apply: repair vs skip', () => {
  it("'repair' fixes what it can and refuses (422, nothing written) while a feature stays invalid; 'skip' leaves it out", async () => {
    const { x0, y0, y1 } = IMP.c;
    const file = geojsonFile([
      // 0: unclosed and clockwise, repairable
      feat({ type: 'Polygon', coordinates: [[[x0, y0], [x0, y1], [x0 + 0.01, y1], [x0 + 0.01, y0]]] }, { code: '220502001003001', name: '一格', parent_code: IMP.communityC }),
      // 1: a bow-tie, not repairable
      feat({ type: 'Polygon', coordinates: [[[x0 + 0.01, y0], [x0 + 0.02, y1], [x0 + 0.02, y0], [x0 + 0.01, y1], [x0 + 0.01, y0]]] }, { code: '220502001003002', name: '二格', parent_code: IMP.communityC }),
    ]);
    const r = await t.upload('grids', file);
    expect(r.status, r.text).toBe(201);
    expect(r.body.summary).toEqual({ total: 2, ok: 0, repairable: 1, invalid: 1, warnings: 0 });
    expect(r.body.problems.filter((p: ImportProblem) => p.index === 0).map((p: ImportProblem) => p.problem).sort()).toEqual(['unclosed_ring', 'wrong_winding']);
    // the preview shows the repaired geometry: closed, counter-clockwise
    const g0 = r.body.preview.features.find((f) => f.properties.index === 0)!.geometry as { coordinates: number[][][] };
    expect(g0.coordinates[0][0]).toEqual(g0.coordinates[0][g0.coordinates[0].length - 1]);
    const before = dbFingerprint(t.db);
    const refused = await t.apply('grids', r.body.previewId, { onInvalid: 'repair' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_features');
    expect(refused.body.error.details.features).toEqual([{ index: 1, code: '220502001003002', problems: [expect.stringMatching(/crosses itself/)] }]);
    expect(dbFingerprint(t.db)).toBe(before);
    const ok = await t.apply('grids', r.body.previewId, { onInvalid: 'skip' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ created: 1, skipped: [1], repaired: [0] });
    const stored = JSON.parse((t.db.prepare("SELECT geometry FROM features WHERE layer = 'grids' AND code = '220502001003001'").get() as { geometry: string }).geometry);
    expect(stored).toEqual(box(x0, y0, x0 + 0.01, y1));
    // clean up for the other tests of this file
    const undo = await t.call('POST', `/api/changes/${ok.body.changeId}/revert`, { reason: 'test cleanup' });
    expect(undo.status, undo.text).toBe(200);
  });
});
