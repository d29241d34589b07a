import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import gcoord from 'gcoord';
import type { FeatureCollection, Geometry } from 'geojson';
import { afterEach, describe, expect, it } from 'vitest';
import { validateGeometry } from '../../server/geometry/validate.ts';
import { IMP, importCity } from '../fixtures/imports/city.ts';
import { IO_FIXTURES, REAL_TONGHUA, metres, positionsOf } from '../io/support.ts';
import { importApp, type ImportTestApp } from './helpers.ts';

/**
 * Uploading each format through the API (fixtures of the converters, test/fixtures/io, and
 * the real Tonghua districts, test/fixtures/real/tonghua), including a Gauss-Krüger Shapefile
 * with its .prj, GBK attribute tables and the GCJ-02 districts.
 */

let t: ImportTestApp;
afterEach(() => t?.close());

const io = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(IO_FIXTURES, name))) });
const NAMES = ['东昌区', '二道江区', '通化县', '辉南县', '柳河县', '梅河口市', '集安市'];

/** The reference geometry as the import stores it (same dedupe and winding). */
function normalised(g: Geometry): Geometry {
  const v = validateGeometry(g, { expect: 'polygon' });
  if (!v.valid) throw new Error(v.reason);
  return v.geometry;
}

/** Largest distance (m) between corresponding positions of two geometries of the same shape. */
function maxOffset(a: Geometry, b: Geometry): number {
  const pa = positionsOf(a);
  const pb = positionsOf(b);
  expect(pa.length).toBe(pb.length);
  return Math.max(...pa.map((p, i) => metres(p, pb[i])));
}

/** The 7 districts of the upload's preview, by name. */
function previewByName(fc: FeatureCollection<Geometry, { name: string | null }>) {
  return new Map(fc.features.map((f) => [f.properties.name!, f.geometry] as const));
}

describe('upload each format', () => {
  it('GeoJSON: the Tonghua districts (codes from adcode) into an empty city', async () => {
    t = importApp('empty');
    const r = await t.upload('counties', io('tonghua-small.geojson'));
    expect(r.status, r.text).toBe(201);
    expect(r.body.format).toBe('geojson');
    expect(r.body.mapping).toMatchObject({ code: 'adcode', name: 'name' });
    expect(r.body.summary.invalid).toBe(0);
    expect(r.body.preview.features.map((f) => f.properties.name)).toEqual(NAMES);
    const ap = await t.apply('counties', r.body.previewId);
    expect(ap.status, ap.text).toBe(200);
    expect(ap.body.created).toBe(7);
    expect((t.db.prepare("SELECT name FROM features WHERE layer = 'counties' AND code = '220502'").get() as { name: string }).name).toBe('东昌区');
  });

  it('Shapefile in CGCS2000 3-degree Gauss-Krüger with its .prj: reprojected, within 1 m of the lon/lat original', async () => {
    t = importApp('empty');
    const r = await t.upload('counties', io('gk-cgcs2000-zone42.zip'));
    expect(r.status, r.text).toBe(201);
    expect(r.body.format).toBe('shapefile');
    expect(r.body.reprojectedFrom).toMatch(/CGCS2000 .*Gauss-Kr(ü|u)ger.*42/);
    expect(r.body.coordinates.kind).toBe('lonlat');
    const ref = JSON.parse(readFileSync(join(IO_FIXTURES, 'tonghua-small.geojson'), 'utf8')) as FeatureCollection;
    const got = previewByName(r.body.preview);
    for (const f of ref.features) {
      const g = got.get(f.properties!.name as string)!;
      expect(maxOffset(g, normalised(f.geometry))).toBeLessThan(1);
    }
  });

  it('Shapefile with a GBK attribute table (with and without .cpg): Chinese names survive', async () => {
    t = importApp('empty');
    for (const name of ['gbk-with-cpg.zip', 'gbk-without-cpg.zip']) {
      const r = await t.upload('counties', io(name));
      expect(r.status, `${name}: ${r.text}`).toBe(201);
      expect(r.body.preview.features.map((f) => f.properties.name)).toEqual(NAMES);
    }
  });

  it('KML and KMZ written by GDAL', async () => {
    t = importApp('empty');
    for (const name of ['tonghua-gdal.kml', 'tonghua-gdal.kmz']) {
      const r = await t.upload('counties', io(name));
      expect(r.status, `${name}: ${r.text}`).toBe(201);
      expect(r.body.format).toBe(name.endsWith('kmz') ? 'kmz' : 'kml');
      expect(r.body.preview.features.map((f) => f.properties.name)).toEqual(NAMES);
      expect(r.body.summary.invalid).toBe(0);
    }
  });

  it('CSV of police rooms (GBK, lon/lat columns chosen): rows without coordinates become problem rows', async () => {
    t = importApp(importCity());
    const noCols = await t.upload('police-rooms', io('points-gbk.csv'));
    expect(noCols.status).toBe(422);
    expect(noCols.body.error.message).toMatch(/longitude and latitude columns/);
    const r = await t.upload('police-rooms', io('points-gbk.csv'), { lonField: '经度', latField: '纬度', station: IMP.station });
    expect(r.status, r.text).toBe(201);
    expect(r.body.format).toBe('csv');
    expect(r.body.mapping).toMatchObject({ code: '编号', name: '名称' });
    expect(r.body.sample[0]).toMatchObject({ 名称: '东昌区民主警务室' });
    expect(r.body.warnings.join(' ')).toMatch(/without numeric coordinates/);
    const row = r.body.problems.find((p) => p.index === 2 && p.problem === 'invalid_geojson');
    expect(row?.message).toMatch(/no geometry/);
  });

  it('CSV and XLSX of police rooms in community C: imported with parent by location and the chosen station', async () => {
    t = importApp(importCity());
    const csv = '编号,名称,经度,纬度,x2,y2,station_code\nPR-C-01,光明社区警务室,125.915,41.735,125.905,41.73,PS-DC-01\n';
    const first = await t.upload('police-rooms', { name: 'rooms.csv', bytes: csv }, { lonField: 'x2', latField: 'y2' });
    expect(first.status, first.text).toBe(201);
    expect(first.body.preview.features[0].geometry).toEqual({ type: 'Point', coordinates: [125.905, 41.73] });
    // re-validation with the other columns re-reads the same upload
    const r = await t.call('POST', `/api/layers/police-rooms/import/${first.body.previewId}`, { lonField: '经度', latField: '纬度' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.lonField).toBe('经度');
    expect(r.body.preview.features[0].geometry).toEqual({ type: 'Point', coordinates: [125.915, 41.735] });
    // and back: the columns not used as coordinates are attributes
    const back = await t.call('POST', `/api/layers/police-rooms/import/${first.body.previewId}`, { lonField: 'x2', latField: 'y2' });
    expect(back.status).toBe(200);
    expect(back.body.mapping).toEqual({ code: '编号', name: '名称', parent: null, station: 'station_code' });
    expect(back.body.problems).toEqual([]);
    expect(back.body.warnings.join(' ')).toMatch(/community containing it was taken/);
    const ap = await t.apply('police-rooms', first.body.previewId);
    expect(ap.status, ap.text).toBe(200);
    const row = t.db.prepare("SELECT parent_id, station_id, props, geometry FROM features WHERE layer = 'police-rooms' AND code = 'PR-C-01'").get() as Record<string, string | number>;
    expect(row.parent_id).toBe(t.idOf('communities', IMP.communityC));
    expect(row.station_id).toBe(t.idOf('stations', IMP.station));
    expect(JSON.parse(row.props as string)).toEqual({ 经度: '125.915', 纬度: '41.735' }); // the chosen lon/lat columns are not attributes
    expect(JSON.parse(row.geometry as string)).toEqual({ type: 'Point', coordinates: [125.905, 41.73] });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('警务室');
    ws.addRow(['编号', '名称', 'lon', 'lat']);
    ws.addRow(['PR-C-02', '光明二警务室', 125.915, 41.735]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const x = await t.upload('police-rooms', { name: 'rooms.xlsx', bytes }, { lonField: 'lon', latField: 'lat', station: IMP.station });
    expect(x.status, x.text).toBe(201);
    expect(x.body.format).toBe('xlsx');
    expect(x.body.problems).toEqual([]);
    expect((await t.apply('police-rooms', x.body.previewId)).body.created).toBe(1);
  });
});

describe('BD-09 (百度)', () => {
  it('points digitised on Baidu maps come back within a metre of their WGS84 place', async () => {
    t = importApp(importCity());
    const wgs: [number, number] = [125.905, 41.73];
    const bd = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09) as [number, number];
    expect(metres(wgs, bd)).toBeGreaterThan(300); // the offset is real
    const csv = `编号,名称,lon,lat\nPR-BD-1,百度警务室,${bd[0]},${bd[1]}\n`;
    const r = await t.upload('police-rooms', { name: 'bd.csv', bytes: csv }, { crs: 'bd09', lonField: 'lon', latField: 'lat', station: IMP.station });
    expect(r.status, r.text).toBe(201);
    const p = (r.body.preview.features[0].geometry as { coordinates: number[] }).coordinates;
    expect(metres(p, wgs)).toBeLessThan(1);
    expect(r.body.problems).toEqual([]);
  });
});

describe('real data: the GCJ-02 Tonghua districts', () => {
  it('imported as gcj02 come out within 1 m of the WGS84 versions', async () => {
    t = importApp('empty');
    const wgs = JSON.parse(readFileSync(join(REAL_TONGHUA, 'districts.geojson'), 'utf8')) as FeatureCollection;
    const bytes = readFileSync(join(REAL_TONGHUA, 'districts.gcj02.geojson'));
    const r = await t.upload('counties', { name: 'districts.gcj02.geojson', bytes: new Uint8Array(bytes) }, { crs: 'gcj02' });
    expect(r.status, r.text.slice(0, 500)).toBe(201);
    expect(r.body.crs).toBe('gcj02');
    expect(r.body.summary.invalid).toBe(0);
    const ap = await t.apply('counties', r.body.previewId, { onInvalid: 'repair', reason: 'real districts' });
    expect(ap.status, ap.text.slice(0, 500)).toBe(200);
    expect(ap.body.created).toBe(7);
    let worst = 0;
    for (const f of wgs.features) {
      const stored = JSON.parse((t.db.prepare("SELECT geometry FROM features WHERE layer = 'counties' AND code = ?").get(String(f.properties!.adcode)) as { geometry: string }).geometry);
      worst = Math.max(worst, maxOffset(stored, normalised(f.geometry)));
    }
    expect(worst).toBeLessThan(1);
    // and imported as if they were WGS84, they would be off by hundreds of metres
    const wrong = await t.upload('counties', { name: 'districts.gcj02.geojson', bytes: new Uint8Array(bytes) }, { crs: 'wgs84', mode: 'replace' });
    const moved = wrong.body.diff!;
    expect(moved.changed.length).toBe(7);
    expect(moved.areaMovedM2).toBeGreaterThan(1e6);
  }, 120_000);
});
