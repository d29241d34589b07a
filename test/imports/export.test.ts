import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import { metres, positionsOf } from '../io/support.ts';
import { importApp, type ImportTestApp } from './helpers.ts';

/**
 * GET /api/layers/:layer/export: every format, for a layer, a county, a station and a
 * selection; GCJ-02 on request; GDAL's ogrinfo as the independent reader; and round trips
 * (export, then import the file in replace mode: nothing changes).
 */

let t: ImportTestApp;
let dir: string;
beforeAll(() => {
  t = importApp(importCity());
  dir = mkdtempSync(join(tmpdir(), 'beatgrid-export-'));
});
afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function download(path: string, as = 'local') {
  const res = await t.get(path, as);
  const body = new Uint8Array(await res.arrayBuffer());
  return { res, body, text: () => new TextDecoder().decode(body) };
}

/** ogrinfo's summary of a file (GDAL reads it on its own terms). */
function ogrinfo(name: string, bytes: Uint8Array): { summary: string; features: string } {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const target = name.endsWith('.zip') ? `/vsizip/${file}` : file;
  return {
    summary: execFileSync('ogrinfo', ['-so', '-al', target], { encoding: 'utf8' }),
    // every feature with its geometry summarised ("POLYGON : 5 points"): LIBKML's layer summary says "Unknown (any)"
    features: execFileSync('ogrinfo', ['-al', '-geom=SUMMARY', target], { encoding: 'utf8' }),
  };
}

const FORMATS = [
  { format: 'geojson', ext: 'geojson', type: /geo\+json/ },
  { format: 'shapefile', ext: 'zip', type: /zip/ },
  { format: 'kml', ext: 'kml', type: /kml/ },
  { format: 'csv', ext: 'csv', type: /csv/ },
  { format: 'xlsx', ext: 'xlsx', type: /spreadsheetml/ },
];

describe('export each format', () => {
  for (const f of FORMATS) {
    it(`${f.format}: an attachment with an ASCII name`, async () => {
      const { res, body } = await download(`/api/layers/grids/export?format=${f.format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(f.type);
      const cd = res.headers.get('content-disposition')!;
      expect(cd).toMatch(new RegExp(`^attachment; filename="beatgrid-grids-\\d{8}\\.${f.ext}"$`));
      expect(/^[\x20-\x7e]*$/.test(cd)).toBe(true);
      expect(body.length).toBeGreaterThan(100);
      const live = (t.db.prepare("SELECT count(*) AS n FROM features WHERE layer = 'grids' AND retired_at IS NULL").get() as { n: number }).n;
      expect(res.headers.get('x-feature-count')).toBe(String(live));
    });
  }

  it('GDAL reads our GeoJSON, Shapefile and KML: feature count, geometry type, fields', async () => {
    for (const [format, name] of [['geojson', 'g.geojson'], ['shapefile', 'g.zip'], ['kml', 'g.kml']] as const) {
      const { body } = await download(`/api/layers/grids/export?format=${format}&county=${IMP.county}`);
      const info = ogrinfo(name, body);
      expect(info.summary, format).toMatch(/Feature Count: 4\b/);
      expect(info.features.match(/^\s*POLYGON : /gm)?.length, format).toBe(4);
      expect(info.summary, format).toMatch(/\bcode: String/);
      expect(info.summary, format).toMatch(/\bparent_cod(e)?: String/);
      expect(info.features, format).toContain('民主社区第一网格');
    }
  });

  it('CSV and XLSX are attribute tables with the base columns first', async () => {
    const csv = (await download(`/api/layers/grids/export?format=csv&county=${IMP.county}`)).text().replace(/^\ufeff/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 8)).toEqual(['id', 'code', 'name', 'layer', 'parent_code', 'station_code', 'version', 'updated_at']);
    expect(lines.length).toBe(5);
    expect(csv).toContain('民主社区第一网格');
    const { body } = await download('/api/layers/police-rooms/export?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body.buffer as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).values).toContain('PR-DC-01');
  });
});

describe('export selection', () => {
  const codes = async (q: string, as?: string) => {
    const { res, text } = await download(`/api/layers/${q}`, as);
    expect(res.status).toBe(200);
    return (JSON.parse(text()) as FeatureCollection).features.map((f) => f.properties!.code as string).sort();
  };
  it('a layer, a county, a station, ids', async () => {
    expect(await codes('grids/export?format=geojson')).toEqual([...Object.values(IMP.grids), IMP.gridB].sort());
    expect(await codes(`grids/export?format=geojson&county=${IMP.countyB}`)).toEqual([IMP.gridB]);
    expect(await codes(`beats/export?format=geojson&station=${IMP.station}`)).toEqual([IMP.beats.one, IMP.beats.two]);
    const a1 = t.idOf('grids', IMP.grids.A1);
    const b2 = t.idOf('grids', IMP.grids.B2);
    expect(await codes(`grids/export?format=geojson&ids=${a1},${b2}`)).toEqual([IMP.grids.A1, IMP.grids.B2]);
    const { res } = await download(`/api/layers/grids/export?format=geojson&ids=${a1}&county=${IMP.county}`);
    expect(res.headers.get('content-disposition')).toMatch(/beatgrid-grids-\d{8}-220502-selection\.geojson/);
  });
  it('the flattened properties', async () => {
    const { text } = await download(`/api/layers/police-rooms/export?format=geojson`);
    const f = (JSON.parse(text()) as FeatureCollection).features[0];
    expect(f.properties).toMatchObject({ code: 'PR-DC-01', layer: 'police-rooms', parent_code: IMP.communityA, station_code: IMP.station, version: 1, status: 'staffed' });
    expect(Object.keys(f.properties!).slice(0, 8)).toEqual(['id', 'code', 'name', 'layer', 'parent_code', 'station_code', 'version', 'updated_at']);
  });
  it('bad parameters are 400', async () => {
    expect((await download('/api/layers/grids/export?format=dwg')).res.status).toBe(400);
    expect((await download('/api/layers/grids/export?crs=bd09')).res.status).toBe(400);
    expect((await download('/api/layers/grids/export?ids=1,x')).res.status).toBe(400);
    expect((await download('/api/layers/nope/export')).res.status).toBe(404);
  });
});

describe('GCJ-02 export', () => {
  it('differs from WGS84 by the expected few hundred metres, everywhere', async () => {
    const w = JSON.parse((await download('/api/layers/grids/export?format=geojson')).text()) as FeatureCollection;
    const g = JSON.parse((await download('/api/layers/grids/export?format=geojson&crs=gcj02')).text()) as FeatureCollection;
    expect((await download('/api/layers/grids/export?format=geojson&crs=gcj02')).res.headers.get('content-disposition')).toMatch(/-gcj02\.geojson"$/);
    const d = w.features.flatMap((f, i) => positionsOf(f.geometry).map((p, k) => metres(p, positionsOf(g.features[i].geometry)[k])));
    expect(Math.min(...d)).toBeGreaterThan(100);
    expect(Math.max(...d)).toBeLessThan(1000);
  });
});

describe('round trip: export, then import the file as a new version of the layer, changes nothing', () => {
  for (const format of ['geojson', 'shapefile', 'kml']) {
    it(`grids as ${format}`, async () => {
      const { res, body } = await download(`/api/layers/grids/export?format=${format}&county=${IMP.county}`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition')!)![1];
      const r = await t.upload('grids', { name, bytes: body }, { mode: 'replace', county: IMP.county });
      expect(r.status, r.text).toBe(201);
      expect(r.body.mapping).toMatchObject({ code: 'code', name: 'name' });
      expect(r.body.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.body.diff).toEqual({ added: [], removed: [], changed: [], unchanged: 4, areaMovedM2: 0 });
      await t.call('DELETE', `/api/layers/grids/import/${r.body.previewId}`);
    });
  }
  for (const format of ['csv', 'xlsx']) {
    it(`police rooms as ${format} (points from the centroid columns)`, async () => {
      const { res, body } = await download(`/api/layers/police-rooms/export?format=${format}`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition')!)![1];
      const r = await t.upload('police-rooms', { name, bytes: body }, { mode: 'replace', station: IMP.station, lonField: 'centroid_lon', latField: 'centroid_lat' });
      expect(r.status, r.text).toBe(201);
      expect(r.body.diff).toEqual({ added: [], removed: [], changed: [], unchanged: 1, areaMovedM2: 0 });
      await t.call('DELETE', `/api/layers/police-rooms/import/${r.body.previewId}`);
    });
  }
  it('a GCJ-02 export imported as gcj02 comes back within a metre', async () => {
    const { body } = await download(`/api/layers/grids/export?format=geojson&county=${IMP.county}&crs=gcj02`);
    const r = await t.upload('grids', { name: 'g.geojson', bytes: body }, { mode: 'replace', county: IMP.county, crs: 'gcj02' });
    expect(r.status, r.text).toBe(201);
    const back = new Map(r.body.preview.features.map((f) => [f.properties.code, f.geometry] as const));
    const w = JSON.parse((await download(`/api/layers/grids/export?format=geojson&county=${IMP.county}`)).text()) as FeatureCollection;
    for (const f of w.features) {
      const p = positionsOf(back.get(f.properties!.code as string));
      positionsOf(f.geometry).forEach((q, i) => expect(metres(q, p[i])).toBeLessThan(1));
    }
    expect(r.body.diff!.areaMovedM2).toBeLessThan(100);
    await t.call('DELETE', `/api/layers/grids/import/${r.body.previewId}`);
  });
});
