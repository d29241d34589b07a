import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTestApp, type TestApp } from '../support/api.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { readGridAlignment } from '../../server/coverage/optional-tables.ts';
import { getAlignmentStatus } from '../../server/alignment-service/index.ts';

/**
 * Mini city (test/fixtures/mini-city.ts), known by construction: beat-1 = A1 ∪ A2 exactly;
 * beat-2 covers B1 and the western half of B2 (B2's eastern half has no beat). aux-1 = A1,
 * aux-2 = B1; A2 and B2 have no aux-grid.
 */
let t: TestApp;
beforeEach(() => { t = makeTestApp(); });
afterEach(() => t.close());

const HALF_B2 = 1848740.5 / 2;

describe('GET /api/alignment', () => {
  test('beats: summary counts and scores per station / township / county / city', async () => {
    const r = await t.json('GET', '/api/alignment?layer=beats');
    expect(r.status).toBe(200);
    expect(r.body.summary.grids).toEqual({ count: 4, aligned: 3, split: 0, partial: 1, uncovered: 0 });
    expect(r.body.summary.police).toMatchObject({ count: 2, aligned: 1, overlapM2: 0 });
    expect(r.body.summary.score).toBe(0.75);
    expect(r.body.summary.mismatch.areaM2).toBeGreaterThan(HALF_B2 * 0.995);
    const { city, county, township, station } = r.body.scores;
    expect(city).toEqual([expect.objectContaining({ grids: 4, aligned: 3, score: 0.75 })]);
    expect(county).toEqual([expect.objectContaining({ code: MINI.county, name: '东昌区', score: 0.75 })]);
    expect(township).toEqual([expect.objectContaining({ code: MINI.township, score: 0.75 })]);
    expect(station).toEqual([expect.objectContaining({ code: MINI.station, id: t.idOf('stations', MINI.station), partial: 1 })]);
  });

  test('aux-grids: two grids without an aux-grid are uncovered', async () => {
    const r = await t.json('GET', '/api/alignment?layer=aux-grids');
    expect(r.body.summary.grids).toEqual({ count: 4, aligned: 2, split: 0, partial: 0, uncovered: 2 });
    expect(r.body.summary.police).toMatchObject({ count: 2, aligned: 2, overhangM2: 0, overlapM2: 0 });
  });

  test('scopes: the county and the station hold all four grids; another county none', async () => {
    const station = t.idOf('stations', MINI.station);
    const byStation = await t.json('GET', `/api/alignment?layer=beats&station=${station}`);
    expect(byStation.body.summary.grids.count).toBe(4);
    const byCounty = await t.json('GET', `/api/alignment?layer=beats&county=${MINI.county}`);
    expect(byCounty.body.summary).toEqual(byStation.body.summary);
    const other = await t.json('GET', '/api/alignment?layer=beats&county=220581');
    expect(other.body.summary.grids.count).toBe(0);
    expect(other.body.summary.police.count).toBe(0);
  });

  test('bad input: unknown layer, both scopes, bad status → 400 naming the problem', async () => {
    const a = await t.json('GET', '/api/alignment?layer=grids');
    expect(a.status).toBe(400);
    expect(a.body.error.message).toMatch(/beats or aux-grids/);
    expect((await t.json('GET', '/api/alignment?layer=beats&county=220502&station=9')).status).toBe(400);
    expect((await t.json('GET', '/api/alignment/grids?layer=beats&status=wrong')).body.error.code).toBe('bad_status');
  });
});

describe('rows, mismatches, one-to-one', () => {
  test('grids?status=partial lists B2 with beat-2 holding half of it', async () => {
    const r = await t.json('GET', '/api/alignment/grids?layer=beats&status=partial');
    expect(r.body.count).toBe(1);
    const row = r.body.rows[0];
    expect(row.code).toBe(MINI.grids.B2);
    expect(row.zones).toEqual([expect.objectContaining({ code: MINI.beats.two })]);
    expect(row.coveredShare).toBeCloseTo(0.5, 2);
  });

  test('zones: beat-1 is aligned, beat-2 cuts B2', async () => {
    const r = await t.json('GET', '/api/alignment/zones?layer=beats');
    const byCode = Object.fromEntries(r.body.rows.map((z: { code: string }) => [z.code, z]));
    expect(byCode[MINI.beats.one]).toMatchObject({ aligned: true });
    expect(byCode[MINI.beats.two].aligned).toBe(false);
    expect(byCode[MINI.beats.two].cutGrids).toEqual([t.idOf('grids', MINI.grids.B2)]);
  });

  test('mismatches: largest first; the gap of B2 is half the grid; bbox filters', async () => {
    const r = await t.json('GET', '/api/alignment/mismatches?layer=beats');
    expect(r.body.type).toBe('FeatureCollection');
    const areas = r.body.features.map((f: { properties: { areaM2: number } }) => f.properties.areaM2);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    const top = r.body.features[0].properties;
    expect(top).toMatchObject({ kind: 'gap', gridCode: MINI.grids.B2, layer: 'beats' });
    expect(top.areaM2).toBeGreaterThan(HALF_B2 * 0.995);
    expect(top.areaM2).toBeLessThan(HALF_B2 * 1.005);
    for (const f of r.body.features) expect(['sliver', 'gap', 'overhang', 'overlap']).toContain(f.properties.kind);
    const west = await t.json('GET', '/api/alignment/mismatches?layer=beats&bbox=125.9,41.7,125.915,41.72');
    expect(west.body.features).toEqual([]);
    const east = await t.json('GET', '/api/alignment/mismatches?layer=beats&bbox=125.936,41.705,125.94,41.715');
    expect(east.body.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual(['gap']);
  });

  test('one-to-one: A2 and B2 have no aux-grid, A1 and B1 match theirs', async () => {
    const r = await t.json('GET', '/api/alignment/one-to-one');
    expect(r.body.ok).toBe(false);
    expect(r.body.pairs.map((p: { gridCode: string; zoneCode: string }) => `${p.gridCode}=${p.zoneCode}`).sort()).toEqual(
      [`${MINI.grids.A1}=${MINI.aux.one}`, `${MINI.grids.B1}=${MINI.aux.two}`].sort(),
    );
    expect(r.body.failures.map((f: { code: string }) => f.code).sort()).toEqual([MINI.grids.A2, MINI.grids.B2].sort());
  });
});

describe('persisted status for other capabilities', () => {
  test('getAlignmentStatus and the alignment_grids table (read by coverage) agree', async () => {
    const both = getAlignmentStatus(t.db);
    const id = (k: keyof typeof MINI.grids) => t.idOf('grids', MINI.grids[k]);
    expect(both.get(id('A1'))).toBe('aligned');
    expect(both.get(id('A2'))).toBe('uncovered'); // aligned on beats, no aux-grid
    expect(both.get(id('B2'))).toBe('partial');
    expect(getAlignmentStatus(t.db, 'beats').get(id('A2'))).toBe('aligned');
    expect(readGridAlignment(t.db)).toEqual(both);
  });
});
