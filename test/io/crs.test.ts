import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseCoordinates, fromWgs84, projFromPrj, reprojectToWgs84, toWgs84 } from '../../server/io/crs.ts';
import { parseUpload } from '../../server/io/read.ts';
import type { SourceFeature } from '../../server/io/types.ts';
import { fixture, IO_FIXTURES, maxRingDistance, maxVertexDistance, positionsOf, REAL_TONGHUA } from './support.ts';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const asSource = (geoms: unknown[]): SourceFeature[] => geoms.map((geometry, index) => ({ index, geometry, properties: {} }));

describe('GCJ-02 / BD-09 conversion', () => {
  it('the real Tonghua county boundaries in GCJ-02 come out within 1 m of the WGS84 versions at every vertex', () => {
    const gcj = readJson(join(REAL_TONGHUA, 'districts.gcj02.geojson'));
    const wgs = readJson(join(REAL_TONGHUA, 'districts.geojson'));
    expect(gcj.features).toHaveLength(7);
    let max = 0;
    let vertices = 0;
    gcj.features.forEach((f: { geometry: unknown; properties: { adcode: number } }, i: number) => {
      expect(f.properties.adcode).toBe(wgs.features[i].properties.adcode);
      const d = maxVertexDistance(toWgs84(f.geometry, 'gcj02'), wgs.features[i].geometry);
      max = Math.max(max, d.max);
      vertices += d.count;
    });
    // the offset being removed is ~500 m: make sure the comparison is not trivially of equal files
    const raw = maxVertexDistance(gcj.features[0].geometry, wgs.features[0].geometry);
    console.log(`Tonghua GCJ-02 -> WGS84: ${vertices} vertices, max deviation ${max.toFixed(3)} m (raw GCJ-02 offset up to ${raw.max.toFixed(0)} m)`);
    expect(vertices).toBeGreaterThan(40_000);
    expect(raw.max).toBeGreaterThan(300);
    expect(max).toBeLessThan(1);
  });

  it('toWgs84 does not mutate its input and keeps extra dimensions; WGS84/CGCS2000 are identity', () => {
    const g = { type: 'Polygon', coordinates: [[[125.9, 41.7, 300], [126, 41.7, 300], [126, 41.8, 300], [125.9, 41.7, 300]]] };
    const copy = structuredClone(g);
    const out = toWgs84(g, 'gcj02');
    expect(g).toEqual(copy);
    expect(out.coordinates[0][0][2]).toBe(300);
    expect(out.coordinates[0][0][0]).not.toBe(125.9);
    expect(toWgs84(g, 'cgcs2000')).toEqual(g);
    expect(toWgs84(g, 'wgs84')).not.toBe(g);
  });

  it('goes over every geometry type, Features and FeatureCollections, and passes malformed parts through', () => {
    const p = [125.9, 41.7];
    const all = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: p },
        { type: 'MultiPoint', coordinates: [p, p] },
        { type: 'LineString', coordinates: [p, p] },
        { type: 'MultiLineString', coordinates: [[p, p]] },
        { type: 'Polygon', coordinates: [[p, p, p, p]] },
        { type: 'MultiPolygon', coordinates: [[[p, p, p, p]]] },
        { type: 'Polygon', coordinates: [[[NaN, 41], 'x', null]] },
      ],
    };
    const out = toWgs84({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 1 }, geometry: all }] }, 'bd09');
    const converted = positionsOf(out.features[0].geometry);
    expect(converted).toHaveLength(16);
    for (const q of converted.slice(0, 15)) expect(q[0]).toBeCloseTo(toWgs84({ type: 'Point', coordinates: p }, 'bd09').coordinates[0], 12);
    expect(converted[15][0]).toBeNaN();
    const malformed = (out.features[0].geometry as { geometries: { coordinates: unknown[][] }[] }).geometries[6];
    expect(malformed.coordinates[0].slice(1)).toEqual(['x', null]);
    expect(out.features[0].properties).toEqual({ a: 1 });
  });

  it('fromWgs84(gcj02) is undone by toWgs84(gcj02) to within 0.2 m; BD-09 is about 1 km off near Tonghua', () => {
    const wgs = { type: 'Point', coordinates: [125.9361, 41.728] };
    const back = toWgs84(fromWgs84(wgs, 'gcj02'), 'gcj02');
    expect(maxVertexDistance(back, wgs).max).toBeLessThan(0.2);
    expect(maxVertexDistance(fromWgs84(wgs, 'gcj02'), wgs).max).toBeGreaterThan(300);
    expect(fromWgs84(wgs, 'wgs84')).toEqual(wgs);
    const bd = maxVertexDistance(toWgs84(wgs, 'bd09'), wgs).max;
    expect(bd).toBeGreaterThan(800);
    expect(bd).toBeLessThan(2000);
  });
});

describe('coordinate diagnosis', () => {
  const diag = async (name: string) => diagnoseCoordinates((await parseUpload(fixture(name))).features);

  it('lon/lat within China is ok', async () => {
    const d = await diag('tonghua-small.geojson');
    expect(d).toMatchObject({ kind: 'lonlat', ok: true });
    expect(d.message).toBe('Coordinates are longitude/latitude degrees (lon 125.2568…126.7447, lat 40.8646…43.0177), within China.');
    expect(d.messageZh).toContain('位于中国境内');
  });

  it('lon/lat outside China is importable but flagged', () => {
    const d = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [-87.6, 41.8] }]));
    expect(d).toMatchObject({ kind: 'lonlat', ok: true });
    expect(d.message).toContain('but 1 of 1 lie outside China');
  });

  it('swapped lat/lon', async () => {
    const d = await diag('diag-swapped.geojson');
    expect(d).toMatchObject({ kind: 'latlon-swapped', ok: false });
    expect(d.message).toMatch(/^Coordinates look like latitude\/longitude in the wrong order \(x 40\.864605…43\.017669, y 125\.256752…126\.744669\)/);
    expect(d.messageZh).toContain('经纬度顺序颠倒');
    // western China: swapped pairs still fit lon/lat ranges; only the China box tells them apart
    const west = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [43.8, 87.6] }]));
    expect(west.kind).toBe('latlon-swapped');
  });

  it('CGCS2000 3-degree Gauss-Krüger metres with the zone number in the false easting', async () => {
    const d = await diag('diag-gk-zone42.geojson');
    expect(d).toMatchObject({ kind: 'gauss-kruger-3deg', ok: false, zone: 42 });
    expect(d.message).toMatch(/^Coordinates look like CGCS2000 3-degree Gauss-Krüger metres, zone 42 \(CM 126°E\) .*around 126\.00°E 41\.9\d°N, not lon\/lat\./);
    expect(d.messageZh).toContain('第42带（中央经线126°E）');
  });

  it('Gauss-Krüger metres without the zone number', async () => {
    const d = await diag('diag-gk-cm126-nozone.geojson');
    expect(d).toMatchObject({ kind: 'gauss-kruger-3deg', ok: false });
    expect(d.zone).toBeUndefined();
    expect(d.message).toMatch(/^Coordinates look like Gauss-Krüger metres without the zone number \(eastings 438,72\d–561,04\d m/);
  });

  it('Gauss-Krüger with northing first (surveyors’ X/Y), and 6-degree zones', () => {
    const swapped = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [4_620_000, 42_541_500] }]));
    expect(swapped).toMatchObject({ kind: 'gauss-kruger-3deg', zone: 42 });
    expect(swapped.message).toContain('with X (north) and Y (east) swapped');
    const six = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [21_541_500, 4_620_000] }]));
    expect(six).toMatchObject({ kind: 'gauss-kruger-6deg', zone: 21 });
    expect(six.message).toContain('zone 21 (CM 123°E)');
  });

  it('web-mercator metres', async () => {
    const d = await diag('diag-web-mercator.geojson');
    expect(d).toMatchObject({ kind: 'web-mercator', ok: false });
    expect(d.message).toMatch(/^Coordinates look like Web Mercator metres \(EPSG:3857, x 13,943,51\d…14,109,15\d, y 4,992,39\d…5,314,66\d\), around 126\.00°E 41\.9\d°N/);
  });

  it('other projected metres, mixed garbage and nothing at all', () => {
    const utmUs = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [-2_000_000, -3_000_000] }]));
    expect(utmUs.kind).toBe('projected-metres');
    const mixed = diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [125.9, 41.7] }, { type: 'Point', coordinates: [125.9, 417] }]));
    expect(mixed).toMatchObject({ kind: 'out-of-range', ok: false });
    expect(mixed.message).toBe('1 of 2 coordinates are outside longitude −180…180 / latitude −90…90 (first: feature 2, 125.9, 417), while the rest are lon/lat: the file mixes coordinate systems or has broken values.');
    expect(diagnoseCoordinates(asSource([{ type: 'Point', coordinates: [1e12, 1e12] }])).kind).toBe('out-of-range');
    expect(diagnoseCoordinates(asSource([null, { type: 'Point', coordinates: 'x' }]))).toMatchObject({ kind: 'empty', ok: false });
  });
});

describe('.prj recognition and reprojection', () => {
  const source = readJson(join(IO_FIXTURES, 'tonghua-small.geojson'));

  /** Reads a GK fixture, reprojects it with its .prj and measures the distance to the WGS84 source. */
  async function roundTrip(name: string) {
    const p = await parseUpload(fixture(name));
    const proj = projFromPrj(p.prj!);
    expect(proj).not.toBeNull();
    let max = 0;
    p.features.forEach((f, i) => {
      expect(f.properties.name).toBe(source.features[i].properties.name);
      max = Math.max(max, maxRingDistance(reprojectToWgs84(f.geometry, proj!.proj4), source.features[i].geometry).max);
    });
    return { proj: proj!, max };
  }

  it('CGCS2000 3-degree GK zone 42 (.prj written by GDAL) comes back within 1 m of the WGS84 source', async () => {
    const { proj, max } = await roundTrip('gk-cgcs2000-zone42.zip');
    expect(proj.label).toBe('CGCS2000 / 3-degree Gauss-Krüger zone 42 (CM 126°E)');
    expect(proj.datum).toBe('cgcs2000');
    expect(proj.warning).toBeUndefined();
    expect(proj.proj4).toBe('+proj=tmerc +lat_0=0 +lon_0=126 +k=1 +x_0=42500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
    console.log(`CGCS2000 GK zone 42 -> WGS84: max deviation ${max.toExponential(2)} m`);
    expect(max).toBeLessThan(1);
  });

  it('Xian 1980 and Beijing 1954 GK: recognised, labelled with the missing datum shift, unprojected on their ellipsoid', async () => {
    const xian = await roundTrip('gk-xian80-cm126.zip');
    expect(xian.proj.label).toBe('Xian 1980 / 3-degree Gauss-Krüger (CM 126°E) (no datum shift, ±100 m)');
    expect(xian.proj.warning).toMatch(/not public/);
    expect(xian.proj.proj4).toContain('+a=6378140 +rf=298.257');
    const bj = await roundTrip('gk-beijing54-zone42.zip');
    expect(bj.proj.label).toBe('Beijing 1954 / 3-degree Gauss-Krüger zone 42 (CM 126°E) (no datum shift, ±100 m)');
    expect(bj.proj.labelZh).toContain('北京54');
    // GDAL has no public shift either (ballpark: lon/lat kept), so both agree with the source closely
    console.log(`Xian 1980 GK -> WGS84: ${xian.max.toExponential(2)} m, Beijing 1954 GK: ${bj.max.toExponential(2)} m (vs GDAL's ballpark transformation)`);
    expect(xian.max).toBeLessThan(1);
    expect(bj.max).toBeLessThan(1);
  });

  it('reads OGC WKT1 and WKT2 of the same system to the same definition', () => {
    for (const f of ['prj-cgcs2000-zone42.wkt1.prj', 'prj-cgcs2000-zone42.wkt2.prj']) {
      const p = projFromPrj(readFileSync(join(IO_FIXTURES, f), 'utf8'));
      expect(p?.proj4, f).toBe('+proj=tmerc +lat_0=0 +lon_0=126 +k=1 +x_0=42500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
      expect(p?.label, f).toBe('CGCS2000 / 3-degree Gauss-Krüger zone 42 (CM 126°E)');
    }
  });

  it('returns null for geographic .prj, other projections and garbage', async () => {
    const geo = await parseUpload(fixture('gbk-with-cpg.zip'));
    expect(projFromPrj(geo.prj!)).toBeNull();
    expect(projFromPrj('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],UNIT["Meter",1.0]]')).toBeNull();
    expect(projFromPrj('PROJCS["x", GEOGCS[')).toBeNull();
    expect(projFromPrj('')).toBeNull();
  });

  it('reprojectToWgs84 does not mutate its input', () => {
    const g = { type: 'Point', coordinates: [42_541_500, 4_620_000] };
    const out = reprojectToWgs84(g, '+proj=tmerc +lat_0=0 +lon_0=126 +k=1 +x_0=42500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
    expect(g.coordinates).toEqual([42_541_500, 4_620_000]);
    expect(out.coordinates[0]).toBeCloseTo(126.4987, 3);
    expect(out.coordinates[1]).toBeCloseTo(41.7141, 3);
  });
});
