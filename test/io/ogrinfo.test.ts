import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../server/io/types.ts';
import { exportFeatures } from '../../server/io/write.ts';
import { IO_FIXTURES, ogrSummary } from './support.ts';

/**
 * An independent reader checks our exports: GDAL's ogrinfo (Debian gdal-bin) must open the
 * GeoJSON, the zipped Shapefile (through /vsizip/) and the KML and report the right feature
 * count, geometry type and fields. Without GDAL these tests fail, telling how to install it.
 */

type F = Feature<Geometry, Record<string, unknown>>;
const dir = mkdtempSync(join(tmpdir(), 'beatgrid-ogr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// single-Polygon districts (通化县 is a MultiPolygon: left out so the layer has one geometry type)
const districts: F[] = JSON.parse(readFileSync(join(IO_FIXTURES, 'tonghua-small.geojson'), 'utf8'))
  .features.filter((f: F) => f.geometry.type === 'Polygon')
  .map((f: F, i: number) => ({ ...f, properties: { ...f.properties, 备注: i === 0 ? '含"引号", 逗号' : null, area_km2: 1000.25 + i } }));
const rooms: F[] = [
  { type: 'Feature', properties: { code: '220502001', name: '民主警务室', staff: 3 }, geometry: { type: 'Point', coordinates: [125.9361, 41.728] } },
  { type: 'Feature', properties: { code: '220502002', name: '新站警务室', staff: 2 }, geometry: { type: 'Point', coordinates: [125.9512, 41.7334] } },
  { type: 'Feature', properties: { code: '220502003', name: '光明警务室', staff: 1 }, geometry: { type: 'Point', coordinates: [125.9401, 41.7207] } },
];

async function written(format: ExportFormat, features: F[], layer: 'grids' | 'police-rooms'): Promise<string> {
  const file = await exportFeatures(format, { layer, features, crs: 'wgs84' }, new Date('2026-11-28T00:00:00Z'));
  const path = join(dir, file.filename);
  writeFileSync(path, file.body);
  return format === 'shapefile' ? `/vsizip/${path}` : path;
}

describe('ogrinfo reads our exports', () => {
  it('GeoJSON: polygons and points', async () => {
    const p = ogrSummary(await written('geojson', districts, 'grids'));
    expect(p).toMatchObject({ count: 6, geometry: 'Polygon' });
    expect(p.fields).toEqual({ adcode: 'Integer', name: 'String', level: 'String', parent_adcode: 'Integer', 备注: 'String', area_km2: 'Real' });
    const q = ogrSummary(await written('geojson', rooms, 'police-rooms'));
    expect(q).toMatchObject({ count: 3, geometry: 'Point' });
    expect(q.fields).toEqual({ code: 'String', name: 'String', staff: 'Integer' });
  });

  it('zipped Shapefile: polygons and points, with 10-byte field names, and GDAL decodes the Chinese text via the .cpg', async () => {
    const path = await written('shapefile', districts, 'grids');
    const p = ogrSummary(path);
    expect(p).toMatchObject({ layer: 'beatgrid-grids-20261128', count: 6, geometry: 'Polygon' });
    expect(p.fields).toEqual({ adcode: 'Integer', name: 'String', level: 'String', parent_adc: 'Integer', 备注: 'String', area_km2: 'Real' });
    const full = execFileSync('/usr/bin/ogrinfo', ['-ro', '-al', '-q', path], { encoding: 'utf8' });
    expect(full).toContain('name (String) = 东昌区');
    expect(full).toContain('备注 (String) = 含"引号", 逗号');
    expect(full).toMatch(/area_km2 \(Real\) = 1000\.25/);
    const q = ogrSummary(await written('shapefile', rooms, 'police-rooms'));
    expect(q).toMatchObject({ count: 3, geometry: 'Point' });
    expect(q.fields).toEqual({ code: 'String', name: 'String', staff: 'Integer' });
  });

  it('KML: placemarks with their schema fields', async () => {
    const p = ogrSummary(await written('kml', districts, 'grids'));
    expect(p.count).toBe(6);
    // KML layers are untyped in GDAL's summary; check a placemark's geometry below
    expect(p.fields).toMatchObject({ adcode: 'Integer', level: 'String', parent_adcode: 'Integer', 备注: 'String', area_km2: 'Real' });
    expect(p.fields.Name).toBe('String');
    const full = execFileSync('/usr/bin/ogrinfo', ['-ro', '-al', '-q', await written('kml', districts, 'grids')], { encoding: 'utf8' });
    expect(full.match(/^\s+POLYGON \(\(/gm)).toHaveLength(6);
    expect(full).toContain('Name (String) = 东昌区');
    const q = ogrSummary(await written('kml', rooms, 'police-rooms'));
    expect(q.count).toBe(3);
    expect(q.fields).toMatchObject({ code: 'String', staff: 'Integer' });
  });
});
