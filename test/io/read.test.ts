import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BadRequestError, UnprocessableError } from '../../server/http/errors.ts';
import { parseUpload } from '../../server/io/read.ts';
import { unzip, zip } from '../../server/io/zip.ts';
import { fixture } from './support.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const DISTRICTS = ['东昌区', '二道江区', '通化县', '辉南县', '柳河县', '梅河口市', '集安市'];

describe('GeoJSON reader', () => {
  it('reads a FeatureCollection with its fields in order of first appearance', async () => {
    const p = await parseUpload(fixture('tonghua-small.geojson'));
    expect(p.format).toBe('geojson');
    expect(p.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
    expect(p.fields).toEqual(['adcode', 'name', 'level', 'parent_adcode']);
    expect(p.features.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads a single Feature and a bare geometry', async () => {
    const f = await parseUpload({ name: 'f.geojson', bytes: enc(JSON.stringify({ type: 'Feature', id: 'G1', properties: { name: 'a' }, geometry: { type: 'Point', coordinates: [125.9, 41.7] } })) });
    expect(f.features).toEqual([{ index: 0, geometry: { type: 'Point', coordinates: [125.9, 41.7] }, properties: { name: 'a', id: 'G1' } }]);
    const g = await parseUpload({ name: 'g.json', bytes: enc(JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })) });
    expect(g.features).toHaveLength(1);
    expect(g.features[0].properties).toEqual({});
    expect((g.features[0].geometry as { type: string }).type).toBe('Polygon');
  });

  it('keeps malformed geometries raw, per feature, instead of failing the file', async () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'ok' }, geometry: { type: 'Point', coordinates: [125.9, 41.7] } },
        { type: 'Feature', properties: { code: 'unclosed' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } },
        { type: 'Feature', properties: { code: 'junk' }, geometry: { type: 'Polygon', coordinates: 'nope' } },
        { type: 'Feature', properties: { code: 'none' }, geometry: null },
        42,
      ],
    };
    const p = await parseUpload({ name: 'mixed.geojson', bytes: enc(JSON.stringify(doc)) });
    expect(p.features).toHaveLength(5);
    expect(p.features[1].geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] });
    expect(p.features[2].geometry).toEqual({ type: 'Polygon', coordinates: 'nope' });
    expect(p.features[3].geometry).toBeNull();
    expect(p.features[4]).toEqual({ index: 4, geometry: 42, properties: {} });
  });

  it('warns about a declared projected crs member', async () => {
    const p = await parseUpload(fixture('diag-gk-zone42.geojson'));
    expect(p.warnings).toEqual([]);
    const doc = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: [] };
    const q = await parseUpload({ name: 'm.geojson', bytes: enc(JSON.stringify(doc)) });
    expect(q.warnings[0]).toContain('urn:ogc:def:crs:EPSG::3857');
  });

  it('rejects text that is not JSON, and JSON that is not GeoJSON, naming the file', async () => {
    await expect(parseUpload({ name: 'broken.geojson', bytes: enc('{"type": "FeatureCollection", "features": [') })).rejects.toThrow(/^broken\.geojson is not valid JSON/);
    await expect(parseUpload({ name: 'broken.geojson', bytes: enc('{"type":"FeatureCollection"') })).rejects.toBeInstanceOf(BadRequestError);
    await expect(parseUpload({ name: 'list.json', bytes: enc('[1,2]') })).rejects.toThrow('list.json is JSON but not GeoJSON: an array (expected a FeatureCollection, a Feature or a geometry)');
    await expect(parseUpload({ name: 'fc.json', bytes: enc('{"type":"FeatureCollection","features":{}}') })).rejects.toThrow('fc.json: the FeatureCollection has no "features" array');
    await expect(parseUpload({ name: 'empty.geojson', bytes: new Uint8Array() })).rejects.toThrow('empty.geojson is empty');
  });
});

describe('Shapefile reader', () => {
  it('reads a GBK Shapefile with a .cpg: Chinese names survive', async () => {
    const p = await parseUpload(fixture('gbk-with-cpg.zip'));
    expect(p.format).toBe('shapefile');
    expect(p.encoding).toBe('gbk');
    expect(p.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
    expect(p.fields).toEqual(['adcode', 'name', 'level', 'parent_adc']);
    expect(p.prj).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    expect((p.features[2].geometry as { type: string }).type).toBe('MultiPolygon');
  });

  it('reads a GBK Shapefile without a .cpg, in a Chinese-named sub-folder, by falling back from UTF-8 to GBK', async () => {
    // nothing but the bytes can tell: no .cpg and no dBase language-driver byte
    const entries = unzip(fixture('gbk-without-cpg.zip').bytes, 'x');
    expect(entries.map((e) => e.path).sort()).toEqual(['边界数据/districts.dbf', '边界数据/districts.prj', '边界数据/districts.shp', '边界数据/districts.shx']);
    expect(entries.find((e) => e.path.endsWith('.dbf'))!.bytes[29]).toBe(0);
    const p = await parseUpload(fixture('gbk-without-cpg.zip'));
    expect(p.encoding).toBe('gbk');
    expect(p.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
  });

  it('an explicit encoding overrides the guess (and wrong guesses would garble the names)', async () => {
    const p = await parseUpload(fixture('gbk-without-cpg.zip'), { encoding: 'windows-1252' });
    expect(p.encoding).toBe('windows-1252');
    expect(p.features[0].properties.name).not.toBe('东昌区');
  });

  it('with several layers reads the one with the most features and says so; `layer` chooses another', async () => {
    const p = await parseUpload(fixture('two-layers.zip'));
    expect(p.features).toHaveLength(99);
    expect(p.warnings[0]).toBe('two-layers.zip holds 2 layers: districts.shp (7 features), seats.shp (99 features). Read seats.shp, the one with the most features.');
    // 14 township seats have no coordinates in the source: null shapes, kept as features
    expect(p.features.filter((f) => f.geometry === null)).toHaveLength(14);
    const d = await parseUpload(fixture('two-layers.zip'), { layer: 'districts' });
    expect(d.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
    await expect(parseUpload(fixture('two-layers.zip'), { layer: 'roads' })).rejects.toThrow('two-layers.zip has no layer "roads"; layers: districts, seats');
  });

  it('decodes GBK file names stored without the zip UTF-8 flag', async () => {
    const p = await parseUpload(fixture('gbk-file-names.zip'));
    expect(p.warnings[0]).toBe('gbk-file-names.zip holds 2 layers: 区县.shp (7 features), 乡镇驻地.shp (99 features). Read 乡镇驻地.shp, the one with the most features.');
    const d = await parseUpload(fixture('gbk-file-names.zip'), { layer: '区县' });
    expect(d.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
  });

  it('rejects a truncated zip and a zip without a .shp, saying which file and what is wrong', async () => {
    const t = parseUpload(fixture('bad-truncated.zip'));
    await expect(t).rejects.toBeInstanceOf(BadRequestError);
    await expect(parseUpload(fixture('bad-truncated.zip'))).rejects.toThrow(/^bad-truncated\.zip is not a readable zip archive \(truncated or corrupt\)/);
    await expect(parseUpload(fixture('bad-no-shp.zip'))).rejects.toThrow('bad-no-shp.zip contains no Shapefile (.shp), KML or single GeoJSON/CSV file; found: readme.txt, gbk/districts.dbf');
    await expect(parseUpload(fixture('bad-no-shp.zip'))).rejects.toBeInstanceOf(UnprocessableError);
  });

  it('rejects a .shp that is cut short, naming the layer', async () => {
    const good = unzip(fixture('gbk-with-cpg.zip').bytes, 'x');
    const cut = good.map((e) => (e.path.endsWith('.shp') ? { ...e, bytes: e.bytes.subarray(0, 700) } : e));
    await expect(parseUpload({ name: 'cut.zip', bytes: zip(cut) })).rejects.toThrow(/^cut\.zip: districts\.shp could not be read/);
  });
});

describe('KML / KMZ reader', () => {
  it('reads KML written by GDAL, with its ExtendedData as properties', async () => {
    const p = await parseUpload(fixture('tonghua-gdal.kml'));
    expect(p.format).toBe('kml');
    expect(p.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
    expect(p.features[0].properties.adcode).toBe(220502);
    expect(p.fields).toEqual(expect.arrayContaining(['name', 'adcode', 'level', 'parent_adcode']));
  });

  it('reads KMZ written by GDAL, following its network link to layers/districts.kml', async () => {
    const p = await parseUpload(fixture('tonghua-gdal.kmz'));
    expect(p.format).toBe('kmz');
    expect(p.features.map((f) => f.properties.name)).toEqual(DISTRICTS);
  });

  it('keeps placemarks without geometry as features with a null geometry and a warning', async () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><name>a &amp; b</name><ExtendedData><Data name="编号"><value>G-1</value></Data></ExtendedData><Point><coordinates>125.9,41.7</coordinates></Point></Placemark>
      <Placemark><name>empty</name></Placemark></Document></kml>`;
    const p = await parseUpload({ name: 'p.kml', bytes: enc(kml) });
    expect(p.features.map((f) => f.properties)).toEqual([{ name: 'a & b', 编号: 'G-1' }, { name: 'empty' }]);
    expect(p.features[1].geometry).toBeNull();
    expect(p.warnings).toEqual(['1 placemark without geometry.']);
  });

  it('rejects broken XML and XML that is not KML', async () => {
    await expect(parseUpload(fixture('bad-broken.kml'))).rejects.toThrow(/^bad-broken\.kml is not well-formed XML: unclosed xml tag/);
    await expect(parseUpload({ name: 'x.kml', bytes: enc('<gpx><trk/></gpx>') })).rejects.toThrow('x.kml is XML but not KML: the root element is <gpx>');
  });
});

describe('CSV and XLSX points', () => {
  it('reads a GBK CSV with the chosen columns; a row with a bad coordinate gets a null geometry', async () => {
    const p = await parseUpload(fixture('points-gbk.csv'), { lonField: '经度', latField: '纬度' });
    expect(p.format).toBe('csv');
    expect(p.encoding).toBe('gbk');
    expect(p.fields).toEqual(['名称', '编号', '经度', '纬度']);
    expect(p.features.map((f) => f.properties['名称'])).toEqual(['东昌区民主警务室', '新站警务室, 二楼', '坏坐标警务室']);
    expect(p.features[0].geometry).toEqual({ type: 'Point', coordinates: [125.9361, 41.728] });
    expect(p.features[0].properties['编号']).toBe('220502001');
    expect(p.features[2].geometry).toBeNull();
    expect(p.warnings).toEqual(['1 line without numeric coordinates in "经度"/"纬度" (line 4).']);
  });

  it('reads UTF-8 with a BOM, CRLF and quoted fields with newlines', async () => {
    const text = '\ufeffname,lon,lat\r\n"two\r\nlines",125.1,41.2\r\n"say ""hi""",125.3,41.4\r\n';
    const p = await parseUpload({ name: 'p.csv', bytes: enc(text) }, { lonField: 'lon', latField: 'lat' });
    expect(p.encoding).toBe('utf-8');
    expect(p.features.map((f) => f.properties.name)).toEqual(['two\r\nlines', 'say "hi"']);
  });

  it('without the chosen columns: a clear error listing the columns', async () => {
    await expect(parseUpload(fixture('bad-points-columns.csv'), { lonField: '经度', latField: '纬度' })).rejects.toThrow(
      'bad-points-columns.csv has no column "经度" or "纬度"; the columns are: 名称, 编号, X坐标, Y坐标',
    );
    const err = await parseUpload(fixture('bad-points-columns.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableError);
    expect((err as UnprocessableError).message).toBe('bad-points-columns.csv: choose the longitude and latitude columns; the columns are: 名称, 编号, X坐标, Y坐标');
    expect((err as UnprocessableError).details).toMatchObject({ fields: ['名称', '编号', 'X坐标', 'Y坐标'] });
  });

  it('rejects a CSV with an unclosed quote, naming the line', async () => {
    await expect(parseUpload({ name: 'q.csv', bytes: enc('a,b\n"x,1\n') }, { lonField: 'a', latField: 'b' })).rejects.toThrow('q.csv: CSV line 2: a quoted field is not closed');
  });

  it('reads an XLSX (rich text, formulas, text numbers) from the chosen sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['nothing here']);
    const ws = wb.addWorksheet('警务室');
    ws.addRow(['名称', '经度', '纬度']);
    ws.addRow([{ richText: [{ text: '东昌' }, { text: '警务室' }] }, 125.93, { formula: '40+1.73', result: 41.73 }]);
    ws.addRow(['文本坐标', '125.95', ' 41.75 ']);
    ws.addRow(['缺坐标', null, 41.7]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = await parseUpload({ name: 'rooms.xlsx', bytes }, { lonField: '经度', latField: '纬度', sheet: '警务室' });
    expect(p.format).toBe('xlsx');
    expect(p.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [125.93, 41.73] }, { type: 'Point', coordinates: [125.95, 41.75] }, null]);
    expect(p.features[0].properties['名称']).toBe('东昌警务室');
    expect(p.warnings).toEqual(['1 row without numeric coordinates in "经度"/"纬度" (row 4).']);
    const first = await parseUpload({ name: 'rooms.xlsx', bytes }, { lonField: '经度', latField: '纬度' }).catch((e: Error) => e.message);
    expect(first).toBe('rooms.xlsx has no column "经度" or "纬度"; the columns are: nothing here');
    await expect(parseUpload({ name: 'bad.xlsx', bytes: zip([{ path: 'hello.txt', bytes: enc('hi') }]) })).rejects.toThrow('bad.xlsx is not a readable Excel .xlsx workbook: it has no worksheets');
    await expect(parseUpload({ name: 'cut.xlsx', bytes: bytes.subarray(0, 2000) })).rejects.toThrow("cut.xlsx is not a readable Excel .xlsx workbook: Corrupted zip: can't find end of central directory");
  });

  it('XLSX: a blank header cell still makes a column, repeated headers are told apart', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['名称', null, 'lon', 'lat', '名称']);
    ws.addRow(['a', 'x', 125.9, 41.7, 'b']);
    const p = await parseUpload({ name: 't.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) }, { lonField: 'lon', latField: 'lat' });
    expect(p.fields).toEqual(['名称', 'column 2', 'lon', 'lat', '名称 (2)']);
    expect(p.features[0].properties).toEqual({ 名称: 'a', 'column 2': 'x', lon: 125.9, lat: 41.7, '名称 (2)': 'b' });
  });

  it('rejects file types we do not read', async () => {
    await expect(parseUpload({ name: 'map.dwg', bytes: enc('AC1032') })).rejects.toThrow(/^map\.dwg: unsupported file type; upload one of \.geojson, \.json, \.zip/);
  });
});

describe('KML MultiGeometry', () => {
  const kml = (inner: string) =>
    new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>网格</name>${inner}</Placemark></Document></kml>`);
  const poly = (x: number) =>
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${x},41.7 ${x + 0.01},41.7 ${x + 0.01},41.71 ${x},41.7</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
  it('of polygons is read as a MultiPolygon (KML has no MultiPolygon of its own)', async () => {
    const p = await parseUpload({ name: 'm.kml', bytes: kml(`<MultiGeometry>${poly(125.9)}${poly(125.95)}</MultiGeometry>`) });
    const g = p.features[0].geometry as { type: string; coordinates: number[][][][] };
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[1][0][0]).toEqual([125.95, 41.7]);
  });
  it('of a polygon and a point stays a GeometryCollection (reported by the import as the wrong type)', async () => {
    const p = await parseUpload({ name: 'm.kml', bytes: kml(`<MultiGeometry>${poly(125.9)}<Point><coordinates>125.9,41.7</coordinates></Point></MultiGeometry>`) });
    expect((p.features[0].geometry as { type: string }).type).toBe('GeometryCollection');
  });
});
