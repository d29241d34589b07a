import type { Feature, Geometry } from 'geojson';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toWgs84 } from '../../server/io/crs.ts';
import { parseUpload } from '../../server/io/read.ts';
import { signedArea2 } from '../../server/io/rings.ts';
import { cutUtf8, dbfFieldNames } from '../../server/io/dbf-write.ts';
import type { ExportFormat, SourceFeature } from '../../server/io/types.ts';
import { exportFeatures } from '../../server/io/write.ts';
import { unzip } from '../../server/io/zip.ts';
import { IO_FIXTURES, maxRingDistance, ringsOf } from './support.ts';

type F = Feature<Geometry, Record<string, unknown>>;
const DAY = new Date('2026-11-28T10:00:00Z');
const tonghua: F[] = JSON.parse(readFileSync(join(IO_FIXTURES, 'tonghua-small.geojson'), 'utf8')).features;

/** Polygons: the 7 districts (Polygon and MultiPolygon) plus a grid with a hole (clockwise shell on purpose) and awkward attributes. */
const polygons: F[] = [
  ...tonghua.map((f, i) => ({ ...f, properties: { ...f.properties, 备注: i % 2 ? '含"引号", 逗号\n和换行' : null, area_km2: 1234.5678 + i, active: i % 3 === 0 } })),
  {
    type: 'Feature',
    properties: { adcode: 220502001, name: '第1网格 <A&B>', level: 'grid', parent_adcode: 220502, 备注: '=SUM(A1)', area_km2: 0.123456789, active: false },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [[125.91234567, 41.71234567], [125.91234567, 41.73987654], [125.94876543, 41.73987654], [125.94876543, 41.71234567], [125.91234567, 41.71234567]],
        [[125.92, 41.72], [125.93, 41.72], [125.93, 41.73], [125.92, 41.73], [125.92, 41.72]],
      ],
    },
  },
];
const points: F[] = [
  { type: 'Feature', properties: { code: '220502001001', name: '民主警务室', staff: 3 }, geometry: { type: 'Point', coordinates: [125.93612345, 41.72801234] } },
  { type: 'Feature', properties: { code: '0012', name: '新站警务站, 二楼', staff: 0 }, geometry: { type: 'Point', coordinates: [125.95123456, 41.73345678] } },
];

/** Largest coordinate difference in degrees between two geometries (rings may be reversed). */
function maxDegrees(a: unknown, b: unknown): number {
  const ra = ringsOf(a);
  const rb = ringsOf(b);
  expect(ra.length).toBe(rb.length);
  let max = 0;
  ra.forEach((ring, i) => {
    expect(ring.length).toBe(rb[i].length);
    const d = (o: number[][]) => ring.reduce((m, p, k) => Math.max(m, Math.abs(p[0] - o[k][0]), Math.abs(p[1] - o[k][1])), 0);
    max = Math.max(max, Math.min(d(rb[i]), d(rb[i].slice().reverse())));
  });
  return max;
}

async function roundTrip(format: ExportFormat, features: F[], opts = {}): Promise<SourceFeature[]> {
  const file = await exportFeatures(format, { layer: 'grids', features, crs: 'wgs84' }, DAY);
  const parsed = await parseUpload({ name: file.filename, bytes: file.body }, opts);
  expect(parsed.features).toHaveLength(features.length);
  return parsed.features;
}

describe('round trips: export then parse gives the same features (within 1e-7°)', () => {
  it('GeoJSON: geometry and every attribute', async () => {
    const back = await roundTrip('geojson', polygons);
    back.forEach((f, i) => {
      expect(maxDegrees(f.geometry, polygons[i].geometry)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      expect(f.properties).toEqual(polygons[i].properties);
    });
  });

  it('Shapefile: polygons with holes and multipolygons, numbers, booleans, Chinese text, nulls', async () => {
    const back = await roundTrip('shapefile', polygons);
    back.forEach((f, i) => {
      const src = polygons[i];
      expect((f.geometry as Geometry).type).toBe(src.geometry.type);
      expect(maxDegrees(f.geometry, src.geometry)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      const p = src.properties;
      // dBase keeps 10-byte names; the shapefile package gives L fields back as booleans
      expect(f.properties).toEqual({ adcode: p.adcode, name: p.name, level: p.level, parent_adc: p.parent_adcode, 备注: p.备注, area_km2: p.area_km2, active: p.active });
    });
  });

  it('KML: geometry and typed attributes', async () => {
    const back = await roundTrip('kml', polygons);
    back.forEach((f, i) => {
      expect(maxDegrees(f.geometry, polygons[i].geometry)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      const p = polygons[i].properties;
      expect(f.properties.name).toBe(p.name);
      expect(f.properties.adcode).toBe(p.adcode);
      expect(f.properties.area_km2).toBe(p.area_km2);
      expect(f.properties.备注 ?? null).toBe(p.备注);
    });
  });

  it('CSV and XLSX of points, read back through their centroid columns', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const back = await roundTrip(format, points, { lonField: 'centroid_lon', latField: 'centroid_lat' });
      back.forEach((f, i) => {
        expect(maxDegrees(f.geometry, points[i].geometry), format).toBeLessThanOrEqual(0.5e-7 + 1e-12);
        expect(f.properties.name).toBe(points[i].properties.name);
        // CSV cells are text (codes keep their leading zeros); XLSX keeps numbers
        expect(f.properties.code).toBe(points[i].properties.code);
        expect(f.properties.staff).toBe(format === 'csv' ? String(points[i].properties.staff) : points[i].properties.staff);
      });
    }
  });

  it('GCJ-02 export, imported as GCJ-02, comes back within 0.2 m', async () => {
    for (const format of ['geojson', 'shapefile', 'kml'] as const) {
      const file = await exportFeatures(format, { layer: 'counties', features: tonghua, crs: 'gcj02' }, DAY);
      expect(file.filename).toBe(`beatgrid-counties-20261128-gcj02.${format === 'shapefile' ? 'zip' : format}`);
      const back = await parseUpload({ name: file.filename, bytes: file.body });
      back.features.forEach((f, i) => {
        const raw = maxRingDistance(f.geometry, tonghua[i].geometry).max;
        expect(raw, 'GCJ-02 offset present').toBeGreaterThan(300);
        expect(maxRingDistance(toWgs84(f.geometry, 'gcj02'), tonghua[i].geometry).max, format).toBeLessThan(0.2);
      });
    }
  });
});

describe('export details', () => {
  it('names files beatgrid-<layer>-<yyyymmdd>.<ext> with the right content types, and does not mutate its input', async () => {
    const before = structuredClone(polygons);
    const expected: [ExportFormat, string, string][] = [
      ['geojson', 'beatgrid-grids-20261128.geojson', 'application/geo+json'],
      ['shapefile', 'beatgrid-grids-20261128.zip', 'application/zip'],
      ['kml', 'beatgrid-grids-20261128.kml', 'application/vnd.google-earth.kml+xml'],
      ['csv', 'beatgrid-grids-20261128.csv', 'text/csv; charset=utf-8'],
      ['xlsx', 'beatgrid-grids-20261128.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [format, filename, contentType] of expected) {
      const f = await exportFeatures(format, { layer: 'grids', features: polygons, crs: 'wgs84' }, DAY);
      expect({ filename: f.filename, contentType: f.contentType }).toEqual({ filename, contentType });
      expect(f.body.length).toBeGreaterThan(100);
    }
    expect(polygons).toEqual(before);
  });

  it('GeoJSON is RFC 7946: no crs member, 7 decimals, shells counter-clockwise and holes clockwise', async () => {
    const f = await exportFeatures('geojson', { layer: 'grids', features: polygons, crs: 'wgs84' }, DAY);
    const fc = JSON.parse(new TextDecoder().decode(f.body));
    expect(fc.crs).toBeUndefined();
    const hole = fc.features[7].geometry.coordinates;
    expect(signedArea2(hole[0])).toBeGreaterThan(0);
    expect(signedArea2(hole[1])).toBeLessThan(0);
    expect(hole[0][0]).toEqual([125.9123457, 41.7123457]);
  });

  it('Shapefile: shells clockwise and holes counter-clockwise in the .shp; .cpg UTF-8; .prj WGS84; README', async () => {
    const f = await exportFeatures('shapefile', { layer: 'grids', features: polygons, crs: 'wgs84' }, DAY);
    const entries = Object.fromEntries(unzip(f.body, f.filename).map((e) => [e.path, e.bytes]));
    expect(Object.keys(entries).sort()).toEqual(['README.txt', ...['cpg', 'dbf', 'prj', 'shp', 'shx'].map((e) => `beatgrid-grids-20261128.${e}`)].sort());
    expect(new TextDecoder().decode(entries['beatgrid-grids-20261128.cpg'])).toBe('UTF-8');
    expect(new TextDecoder().decode(entries['beatgrid-grids-20261128.prj'])).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    // walk the .shp records by hand: the last one is the grid with a hole
    const shp = entries['beatgrid-grids-20261128.shp'];
    const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
    expect(v.getInt32(0, false)).toBe(9994);
    expect(v.getInt32(24, false) * 2).toBe(shp.length);
    expect(v.getInt32(32, true)).toBe(5);
    let o = 100;
    let last = 0;
    for (let r = 0; r < polygons.length; r++) {
      last = o;
      o += 8 + v.getInt32(o + 4, false) * 2;
    }
    expect(o).toBe(shp.length);
    const c = last + 8;
    const numParts = v.getInt32(c + 36, true);
    const numPoints = v.getInt32(c + 40, true);
    expect([numParts, numPoints]).toEqual([2, 10]);
    const pts = Array.from({ length: numPoints }, (_, k) => [v.getFloat64(c + 44 + 8 + 16 * k, true), v.getFloat64(c + 44 + 8 + 16 * k + 8, true)]);
    expect(signedArea2(pts.slice(0, 5))).toBeLessThan(0); // shell clockwise
    expect(signedArea2(pts.slice(5))).toBeGreaterThan(0); // hole counter-clockwise
    const readme = new TextDecoder().decode(entries['README.txt']);
    expect(readme).toContain('parent_adcode -> parent_adc');
    expect(readme).toContain('WGS84 longitude/latitude (EPSG:4326');
  });

  it('Shapefile in GCJ-02 has no .prj (there is no honest one) and its README says why', async () => {
    const f = await exportFeatures('shapefile', { layer: 'grids', features: polygons, crs: 'gcj02' }, DAY);
    const names = unzip(f.body, f.filename).map((e) => e.path);
    expect(names.some((n) => n.endsWith('.prj'))).toBe(false);
    const readme = new TextDecoder().decode(unzip(f.body, f.filename).find((e) => e.path === 'README.txt')!.bytes);
    expect(readme).toContain('GCJ-02 has no EPSG code or .prj definition, so no .prj is included');
  });

  it('dBase field names: at most 10 bytes, cut on a character boundary, unique; long texts cut to 254 bytes', async () => {
    expect(dbfFieldNames(['neighbourhood_a', 'neighbourhood_b', 'NEIGHBOURHOOD_C', '社区网格编码', 'x y'])).toEqual(['neighbourh', 'neighbou_1', 'NEIGHBOU_2', '社区网', 'x_y']);
    expect(cutUtf8('网格'.repeat(200), 254)).toBe('网格'.repeat(42));
    const long = '长'.repeat(300);
    const file = await exportFeatures('shapefile', { layer: 'grids', features: [{ ...points[0], properties: { 说明: long, ok: 'x' } }], crs: 'wgs84' }, DAY);
    const back = await parseUpload({ name: file.filename, bytes: file.body });
    expect(back.fields).toEqual(['说明', 'ok']);
    expect(back.features[0].properties['说明']).toBe('长'.repeat(84));
  });

  it('a mixed collection becomes one Shapefile layer per geometry type', async () => {
    const f = await exportFeatures('shapefile', { layer: 'grids', features: [...points, polygons[7]], crs: 'wgs84' }, DAY);
    const names = unzip(f.body, f.filename).map((e) => e.path).filter((n) => n.endsWith('.shp')).sort();
    expect(names).toEqual(['beatgrid-grids-20261128_points.shp', 'beatgrid-grids-20261128_polygons.shp']);
  });

  it('CSV: UTF-8 BOM for Excel, CRLF, quoting, formula-looking text neutralised, centroid columns', async () => {
    const f = await exportFeatures('csv', { layer: 'grids', features: polygons.slice(6), crs: 'wgs84' }, DAY);
    expect([...f.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(f.body);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('adcode,name,level,parent_adcode,备注,area_km2,active,centroid_lon,centroid_lat');
    expect(lines[2]).toMatch(/^220502001,第1网格 <A&B>,grid,220502,'=SUM\(A1\),0\.123456789,false,125\.93\d+,41\.72\d+$/);
    // the grid is a 0.0364 x 0.0275 box with a hole off-centre: the area centroid is not the box centre
    const [lon, lat] = lines[2].split(',').slice(-2).map(Number);
    expect(lon).not.toBeCloseTo((125.91234567 + 125.94876543) / 2, 4);
    expect(lat).toBeGreaterThan(41.71234567);
  });
});
