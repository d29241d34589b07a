import fc from 'fast-check';
import {
  badBool,
  badDate,
  badEnum,
  badIdArray,
  badLine,
  badMonth,
  badPoint,
  badPolygon,
  badPosition,
  badPositiveInt,
  badString,
  badVersionMap,
  deepArray,
  NASTY_STRINGS,
  Raw,
  bodyText,
  type Hostile,
} from './hostile.ts';

/**
 * Every write endpoint of the API with a body that it ACCEPTS (`template`, checked by the
 * fuzz test on a fresh database so the fuzzing reaches deep code, not just the first check)
 * and, per field, values that must make it refuse the request. A new write endpoint without
 * an entry here fails test/fuzz/write-endpoints.test.ts.
 */

/** Ids in the mini city (test/fixtures/mini-city.ts) after {@link FUZZ_SETUP}. */
export const IDS = {
  county: 1,
  communityA: 3,
  gridA1: 5,
  gridA2: 6,
  /** B1 + B2 are merged by the setup: both retired */
  gridB1: 7,
  gridB2: 8,
  station: 9,
  beat1: 10,
  beat2: 11,
  room: 14,
  post: 15,
  staffOfficer: 1,
  staffGridWorker: 4,
  assignment: 1,
} as const;

/** What the endpoint bodies may reference, filled in by the setup (ids created at run time). */
export interface FuzzContext {
  /** the change of the setup merge (raised the notice) */
  mergeChangeId: number;
  /** the notice raised by the setup merge */
  noticeId: number;
  /** grid A1's first revision (before the setup rename) */
  gridA1FirstRevision: number;
  /** a revision of another feature */
  otherRevision: number;
  /** password of the account whose password the fuzz tries to change */
  passwordUser: { username: string; password: string };
  /** a demo account whose credentials are right (login template) */
  loginUser: { username: string; password: string };
  /** an import preview of the test admin (layer counties), when the setup made one */
  previewId: string;
}

/** One way to call a write endpoint. */
export interface FuzzTarget {
  /** route key as in the policy table, e.g. `POST /api/layers/:layer` */
  key: string;
  /** label of this variant (several per key, e.g. polygon and point layers) */
  label: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** who sends it: 'admin' (test admin), a demo username, or 'anonymous' */
  as: string[];
  /** 'json' (default), 'csv' (raw CSV text) or 'multipart' (a file upload) */
  format?: 'json' | 'csv' | 'multipart';
  /** a body the endpoint accepts (2xx) on the fresh fixture; undefined: the route reads no body */
  template?: Record<string, Hostile>;
  /** headers the template needs (If-Match) */
  headers?: Record<string, string>;
  /** dotted field path → values that must be refused */
  bad: Record<string, fc.Arbitrary<Hostile>>;
  /** fields whose absence must be refused */
  required: string[];
  /** bad values for headers (the route reads no body, or reads these too) */
  badHeaders?: Record<string, fc.Arbitrary<string>>;
  /** an empty body is a valid request (optional body) */
  bodyOptional?: boolean;
  /** the route never reads a body: body fuzz is sent anyway, the answer depends on headers only */
  bodyIgnored?: boolean;
  /** a 200 is right for these fields when the answer says the input is invalid (validation endpoints) */
  reportsInBody?: { fields: string[]; check: (body: any) => boolean };
  /** a CSV template (format csv) and bad CSV texts */
  csv?: { template: string; bad: fc.Arbitrary<string> };
  /** multipart uploads (format multipart): the accepted form and bad forms */
  multipart?: { template: Upload; bad: fc.Arbitrary<BadUpload> };
  /** other paths for the same route that must be refused (bad ids, unknown layers) */
  badPaths?: fc.Arbitrary<string>;
  /** false: no template to check (the route always refuses here, e.g. an unknown preview id) */
  checkTemplate?: boolean;
}

/** A multipart upload: text fields and one file. */
export interface Upload {
  fields: Record<string, string>;
  file?: { name: string; content: string };
}

/** A bad upload; `report` = a readable file with bad features, which a 201 preview may report instead of refusing. */
export interface BadUpload {
  why: string;
  upload: Upload;
  report?: boolean;
}

/** The multipart/form-data text of an upload. */
export function multipartText(u: Upload, boundary = 'fuzzb0undary'): string {
  const parts = Object.entries(u.fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (u.file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${u.file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${u.file.content}\r\n`);
  return `${parts.join('')}--${boundary}--\r\n`;
}

const A1_RECT = { type: 'Polygon', coordinates: [[[125.9, 41.7], [125.91, 41.7], [125.91, 41.72], [125.9, 41.72], [125.9, 41.7]]] };
const reasonBad = badString(2000, false);
const stale = fc.constantFrom<Hostile>(99, 2 ** 31);
const posInt = (...extra: Hostile[]) => (extra.length ? fc.oneof(badPositiveInt(), fc.constantFrom(...extra)) : badPositiveInt());
const geometryBad = badPolygon().map((b) => b.geometry);

/** Bad If-Match header values (a valid one is `"1"`). */
const badIfMatch = fc.constantFrom('"abc"', '"0"', '"99"', '"99999999999999999999999"', 'W/"x"', '*', '"1', '1"', '1e3', '-1', '"1", "2"', '<script>', '%00', 'NaN', '"1.0"');

/** Bad CSV lines after a valid header (each must be refused with mode=all). */
const CSV_HEADER = 'lon,lat,code,name,type,status,parent';
const csvRow = (cells: Partial<Record<'lon' | 'lat' | 'code' | 'name' | 'type' | 'status' | 'parent', string>>) => {
  const c = { lon: '125.905', lat: '41.705', code: 'PP-FUZZ-01', name: '测试岗', type: 'post', status: 'built', parent: '220502001001001', ...cells };
  return [c.lon, c.lat, c.code, c.name, c.type, c.status, c.parent].join(',');
};
const badCsv: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      cell: fc.constantFrom('lon', 'lat', 'code', 'name', 'type', 'status', 'parent'),
      value: fc.constantFrom('NaN', 'Infinity', '1e999', '-1e999', 'abc', '', '200', '-95', '0x10', '"unterminated', '<script>alert(1)</script>', 'PP-DC-01', 'x'.repeat(300), '999999999', '\u0000'),
    })
    .filter(({ cell, value }) => !(cell === 'name' && (value === '<script>alert(1)</script>' || value === 'PP-DC-01' || value === 'abc' || value === '200' || value === '999999999' || value === 'NaN' || value === 'Infinity' || value === '1e999' || value === '-1e999' || value === '-95' || value === '0x10')))
    .filter(({ cell, value }) => !((cell === 'parent' || cell === 'status') && value === '')) // optional columns: empty is fine
    .filter(({ cell, value }) => !(cell === 'code' && ['abc', '200', '999999999', 'NaN', 'Infinity', '1e999', '-1e999', '-95', '0x10', '<script>alert(1)</script>'].includes(value)))
    .map(({ cell, value }) => `${CSV_HEADER}\n${csvRow({ [cell]: value })}\n`),
  fc.constantFrom(
    `${CSV_HEADER}\n`,
    CSV_HEADER,
    'lon,lat\n125.9,41.7\n',
    'a,b,c\n1,2,3\n',
    `${CSV_HEADER}\n"${'x'.repeat(100)}`,
    `${CSV_HEADER}\n${csvRow({})}\n${csvRow({})}\n`, // the same code twice in one file
    `${CSV_HEADER}\n${csvRow({})},extra,cells\n`,
    '\uFEFF',
    ',,,,\n,,,,\n',
    '"',
    `${CSV_HEADER}\r\n${csvRow({ lon: '125.905\u0000' })}`,
  ),
  fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s.trim() !== ''),
);

const fc1 = (geometry: unknown, props: Record<string, unknown> = { code: '220598', name: '导入区' }) =>
  JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: props, geometry }] });
const FAR_SQUARE = { type: 'Polygon', coordinates: [[[127.7, 43.7], [127.8, 43.7], [127.8, 43.8], [127.7, 43.8], [127.7, 43.7]]] };

/** A GeoJSON upload of one new county far from the fixture (previewed, then applied). */
export const IMPORT_UPLOAD: Upload = { fields: { crs: 'wgs84', mode: 'add' }, file: { name: 'county.geojson', content: fc1(FAR_SQUARE) } };

const GARBAGE = ['\u0000\u0001\u0002PK\u0003\u0004garbage', 'not a file at all', '{"type":"FeatureCollection","features":', '{"type":"FeatureCollection","features":"x"}', '{"type":"Feature"}', '[]', 'null', '1e999', '<kml><Document><Placemark>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><kml>&b;</kml>', '\uFEFF\uFFFE', '', ' '];
const badUpload: fc.Arbitrary<BadUpload> = fc.oneof(
  fc.record({ content: fc.constantFrom(...GARBAGE), name: fc.constantFrom('a.geojson', 'a.json', 'a.kml', 'a.zip', 'a.shp', 'a.xlsx', 'a.csv', 'a', 'a.exe', '../../etc/passwd', '<script>.geojson', 'x'.repeat(300) + '.geojson') }).map(({ content, name }) => ({
    why: `unreadable file ${name}`,
    upload: { fields: IMPORT_UPLOAD.fields, file: { name, content } },
    // a Feature without geometry is readable GeoJSON (the reader sniffs the content): its preview must flag it
    report: content === '{"type":"Feature"}',
  })),
  fc.constantFrom<BadUpload>(
    { why: 'deeply nested GeoJSON', upload: { fields: {}, file: { name: 'deep.geojson', content: '['.repeat(100_000) + ']'.repeat(100_000) } } },
    { why: 'deeply nested geometry', upload: { fields: {}, file: { name: 'deep.geojson', content: fc1({ type: 'Polygon', coordinates: 'DEEP' }).replace('"DEEP"', '['.repeat(50_000) + ']'.repeat(50_000)) } } },
    { why: 'no file field', upload: { fields: IMPORT_UPLOAD.fields } },
    { why: 'unknown crs', upload: { fields: { crs: 'epsg:9999' }, file: IMPORT_UPLOAD.file } },
    { why: 'unknown mode', upload: { fields: { mode: 'merge' }, file: IMPORT_UPLOAD.file } },
    { why: 'mapping not JSON', upload: { fields: { mapping: '{code:' }, file: IMPORT_UPLOAD.file } },
    { why: 'mapping with unknown keys', upload: { fields: { mapping: '{"evil":"x"}' }, file: IMPORT_UPLOAD.file } },
    { why: 'mapping deeply nested', upload: { fields: { mapping: '['.repeat(50_000) + ']'.repeat(50_000) }, file: IMPORT_UPLOAD.file } },
    { why: 'station too long', upload: { fields: { station: 'x'.repeat(65) }, file: IMPORT_UPLOAD.file } },
    { why: 'unknown encoding', upload: { fields: { encoding: 'x'.repeat(41) }, file: IMPORT_UPLOAD.file } },
  ),
  // readable files whose features are bad: a refusal, or a preview that reports them
  // (a 4-D position is not here: the importer keeps x, y, which may well be a valid polygon)
  badPolygon().filter((b) => !b.why.includes('[1,2,3,4]')).map((b) => ({ why: `feature: ${b.why}`, report: true, upload: { fields: IMPORT_UPLOAD.fields, file: { name: 'bad.geojson', content: bodyText({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '220597', name: 'x' }, geometry: b.geometry }] }) } } })),
  fc.constantFrom<BadUpload>(
    { why: 'duplicate codes in one file', report: true, upload: { fields: {}, file: { name: 'dup.geojson', content: JSON.stringify({ type: 'FeatureCollection', features: [0, 1].map(() => ({ type: 'Feature', properties: { code: '220596', name: 'x' }, geometry: FAR_SQUARE })) }) } } },
    { why: 'code of an existing county', report: true, upload: { fields: {}, file: { name: 'taken.geojson', content: fc1(FAR_SQUARE, { code: '220502', name: 'x' }) } } },
    { why: 'HTML name and no code', report: true, upload: { fields: {}, file: { name: 'noc.geojson', content: fc1(FAR_SQUARE, { name: '<script>alert(1)</script>' }) } } },
  ),
);

/**
 * The fuzz targets. `ctx` carries ids created by the setup.
 */
export function fuzzTargets(ctx: FuzzContext): FuzzTarget[] {
  // a new county far from the fixture (a grid would overlap the fully tiled communities)
  const polygonCreate = {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[127.5, 43.5], [127.6, 43.5], [127.6, 43.6], [127.5, 43.6], [127.5, 43.5]]] },
    properties: { code: '220599', name: '测试区' },
  };
  return [
    // ---------------------------------------------------------------- features
    {
      key: 'POST /api/layers/:layer',
      label: 'create a county (polygon layer)',
      method: 'POST',
      path: '/api/layers/counties',
      // mostly the admin (who may create counties: the validation is reached), sometimes refused roles
      as: ['admin', 'admin', 'admin', 'civil-city', 'leader-city'],
      template: polygonCreate,
      bad: {
        type: badEnum(['Feature']),
        geometry: geometryBad,
        properties: fc.constantFrom<Hostile>(null, [], 'x', 1),
        'properties.code': fc.oneof(badString(64), fc.constant<Hostile>('220502')),
        'properties.name': badString(200),
        'properties.parentId': posInt(99999, IDS.beat1, IDS.gridB1),
        'properties.zzDeep': fc.constant<Hostile>(deepArray(10_000)),
        'properties.stationId': posInt(),
        reason: reasonBad,
      },
      required: ['type', 'geometry', 'properties', 'properties.code', 'properties.name'],
    },
    {
      key: 'POST /api/layers/:layer',
      label: 'create a police post (point layer)',
      method: 'POST',
      path: '/api/layers/police-posts',
      as: ['admin', 'police-ps-dc-01'],
      template: { type: 'Feature', geometry: { type: 'Point', coordinates: [125.905, 41.705] }, properties: { code: 'PP-FUZZ-02', name: '测试岗', parentId: IDS.gridA1, stationId: IDS.station, status: 'built' } },
      bad: {
        geometry: badPoint(),
        'properties.code': fc.oneof(badString(64), fc.constant<Hostile>('PP-DC-01')),
        'properties.name': badString(200),
        'properties.parentId': posInt(99999, IDS.beat1),
        'properties.stationId': posInt(99999, IDS.gridA1),
      },
      required: ['geometry', 'properties.code', 'properties.name'],
    },
    {
      key: 'PUT /api/layers/:layer/:id',
      label: 'update grid A1',
      method: 'PUT',
      path: `/api/layers/grids/${IDS.gridA1}`,
      as: ['admin', 'civil-dongchang'],
      template: { geometry: A1_RECT, properties: { name: '网格甲' }, version: 2 },
      bad: {
        geometry: geometryBad,
        properties: fc.constantFrom<Hostile>(null, [], 'x', 1),
        'properties.name': badString(200),
        'properties.code': fc.oneof(badString(64), fc.constant<Hostile>('220502001001002')),
        'properties.parentId': posInt(99999, IDS.beat1),
        version: fc.oneof(badPositiveInt(), stale),
        reason: reasonBad,
      },
      required: ['version'],
    },
    {
      key: 'DELETE /api/layers/:layer/:id',
      label: 'retire grid A2',
      method: 'DELETE',
      path: `/api/layers/grids/${IDS.gridA2}`,
      as: ['admin', 'civil-dongchang'],
      template: { version: 1, reason: '撤销' },
      bad: { version: fc.oneof(badPositiveInt(), stale), reason: reasonBad },
      required: ['version'],
      badHeaders: { 'If-Match': badIfMatch },
      bodyOptional: true,
    },
    {
      key: 'POST /api/features/:layer/:id/revert',
      label: 'revert grid A1 to its first revision',
      method: 'POST',
      path: `/api/features/grids/${IDS.gridA1}/revert`,
      as: ['admin', 'civil-dongchang'],
      template: { revision: ctx.gridA1FirstRevision, version: 2 },
      bad: { revision: posInt(999999, ctx.otherRevision), version: fc.oneof(badPositiveInt(), stale), reason: reasonBad },
      required: ['revision'],
    },
    // ---------------------------------------------------------------- editing (issue 4)
    {
      key: 'POST /api/grids/merge',
      label: 'merge grids A1 + A2',
      method: 'POST',
      path: '/api/grids/merge',
      as: ['admin', 'civil-dongchang'],
      template: { ids: [IDS.gridA1, IDS.gridA2], reason: '合并', versions: { [IDS.gridA1]: 2 } },
      bad: {
        ids: fc.oneof(badIdArray([IDS.gridA1, IDS.gridA2], 200, 2), fc.constantFrom<Hostile>([IDS.gridA1, IDS.beat1], [IDS.gridA1, IDS.gridB1], [IDS.gridA1, 99999])),
        versions: fc.oneof(badVersionMap(), fc.constant<Hostile>({ [IDS.gridA1]: 99 })),
        code: badString(64),
        name: badString(200),
        reason: reasonBad,
      },
      required: ['ids'],
    },
    {
      key: 'POST /api/grids/:id/split',
      label: 'split grid A1 along x = 125.905',
      method: 'POST',
      path: `/api/grids/${IDS.gridA1}/split`,
      as: ['admin', 'civil-dongchang'],
      template: { line: { type: 'LineString', coordinates: [[125.905, 41.69], [125.905, 41.73]] }, reason: '拆分', baseVersion: 2 },
      bad: {
        line: badLine(),
        baseVersion: fc.oneof(badPositiveInt(), stale),
        codes: fc.constantFrom<Hostile>(['a'], ['', 'b'], [1, 2], 'ab', ['220502001001001', '220502001001002'], ['x'.repeat(65), 'y'], ['dup', 'dup']),
        names: fc.constantFrom<Hostile>(['a'], ['', 'b'], [1, 2], 'ab', ['x'.repeat(201), 'y']),
        reason: reasonBad,
      },
      required: ['line'],
    },
    {
      key: 'POST /api/grids/:id/move-vertex',
      label: 'move the A1/A2 shared vertex',
      method: 'POST',
      path: `/api/grids/${IDS.gridA1}/move-vertex`,
      as: ['admin', 'civil-dongchang'],
      template: { from: [125.91, 41.72], to: [125.9101, 41.72], baseVersion: 2, reason: '调整' },
      bad: {
        from: fc.oneof(badPosition(), fc.constant<Hostile>([125.95, 41.75])),
        to: fc.oneof(badPosition(), fc.constantFrom<Hostile>([125.99, 41.9], [125.9, 41.7])),
        baseVersion: fc.oneof(badPositiveInt(), stale),
        versions: badVersionMap(),
        includeZones: badBool(),
        includeCommunities: badBool(),
        reason: reasonBad,
      },
      required: ['from', 'to', 'baseVersion'],
    },
    {
      key: 'POST /api/zones/from-grids',
      label: 'build a beat from grid A1',
      method: 'POST',
      path: '/api/zones/from-grids',
      as: ['admin', 'police-ps-dc-01'],
      template: { layer: 'beats', stationId: IDS.station, gridIds: [IDS.gridA1], code: 'BEAT-FUZZ', name: '测试责任区', reason: '建区' },
      bad: {
        layer: badEnum(['beats', 'aux-grids']),
        stationId: posInt(99999, IDS.gridA1),
        gridIds: fc.oneof(badIdArray([IDS.gridA1, IDS.gridA2], 500, 1), fc.constantFrom<Hostile>([IDS.beat1], [IDS.gridB1], [99999])),
        code: fc.oneof(badString(64), fc.constant<Hostile>('BEAT-DC-01')),
        name: badString(200),
        replaceId: posInt(99999, IDS.gridA1),
        baseVersion: badPositiveInt(),
        reason: reasonBad,
      },
      required: ['layer', 'stationId', 'gridIds'],
    },
    {
      key: 'POST /api/edits/validate',
      label: 'validate a geometry (answers 200 {valid:false} for bad geometry)',
      method: 'POST',
      path: '/api/edits/validate',
      as: ['admin', 'civil-dongchang'],
      template: { layer: 'grids', geometry: A1_RECT, id: IDS.gridA1 },
      bad: {
        layer: badEnum(['counties', 'townships', 'communities', 'grids', 'stations', 'beats', 'aux-grids', 'police-rooms', 'police-posts']),
        geometry: geometryBad,
        id: posInt(99999, IDS.beat1),
        parentId: posInt(),
      },
      required: ['layer', 'geometry'],
      reportsInBody: { fields: ['geometry'], check: (b) => b && b.valid === false && typeof b.reason === 'string' && b.reason.length > 0 },
    },
    {
      key: 'POST /api/changes/:changeId/revert',
      label: 'revert the setup merge',
      method: 'POST',
      path: `/api/changes/${ctx.mergeChangeId}/revert`,
      as: ['admin', 'civil-dongchang'],
      template: { reason: '撤回' },
      bad: { reason: reasonBad },
      required: [],
      bodyOptional: true,
    },
    // ---------------------------------------------------------------- notices
    ...(['ack', 'resolve'] as const).map(
      (what): FuzzTarget => ({
        key: `POST /api/notices/:id/${what}`,
        label: `${what} the setup notice`,
        method: 'POST',
        path: `/api/notices/${ctx.noticeId}/${what}`,
        as: ['admin', 'police-ps-dc-01'],
        template: { note: '已收到' },
        bad: { note: badString(2000, false) },
        required: [],
        bodyOptional: true,
      }),
    ),
    // ---------------------------------------------------------------- alignment
    {
      key: 'POST /api/alignment/realign',
      label: 'realign the station beats',
      method: 'POST',
      path: '/api/alignment/realign',
      as: ['admin', 'police-ps-dc-01'],
      template: { layer: 'beats', station: IDS.station, reason: '对齐' },
      bad: {
        layer: badEnum(['beats', 'aux-grids']),
        station: posInt(99999, IDS.gridA1),
        reason: badString(2000),
        assignments: badVersionMap(),
        versions: badVersionMap(),
      },
      required: ['layer', 'station', 'reason'],
    },
    // ---------------------------------------------------------------- staff and assignments
    {
      key: 'POST /api/staff',
      label: 'add an officer',
      method: 'POST',
      path: '/api/staff',
      as: ['admin', 'police-ps-dc-01'],
      template: { kind: 'officer', code: 'OF-FUZZ', name: '测试警官', unitId: IDS.station, phone: '0435-1234567', partyMember: false },
      bad: {
        kind: badEnum(['officer', 'auxOfficer', 'gridWorker']),
        code: fc.oneof(badString(40), fc.constant<Hostile>('OF-001')),
        name: badString(60),
        unitId: posInt(99999, IDS.gridA1),
        partyMember: badBool(),
        phone: fc.oneof(fc.constantFrom<Hostile>('abc', '12', '1'.repeat(21), 12345678, ...NASTY_STRINGS), badString(20)),
        reason: reasonBad,
      },
      required: ['kind', 'code', 'name'],
    },
    {
      key: 'PUT /api/staff/:id',
      label: 'update officer 1',
      method: 'PUT',
      path: `/api/staff/${IDS.staffOfficer}`,
      as: ['admin', 'police-ps-dc-01'],
      template: { version: 1, name: '王警官', phone: '0435-7654321' },
      bad: {
        version: fc.oneof(badPositiveInt(), stale),
        code: fc.oneof(badString(40), fc.constant<Hostile>('OF-002')),
        name: badString(60),
        unitId: posInt(99999, IDS.gridA1),
        partyMember: badBool(),
        phone: fc.constantFrom<Hostile>('abc', '12', 12345678, ...NASTY_STRINGS),
        reason: reasonBad,
      },
      required: ['version'],
    },
    {
      key: 'DELETE /api/staff/:id',
      label: 'retire officer 2 (If-Match only)',
      method: 'DELETE',
      path: '/api/staff/2',
      as: ['admin', 'police-ps-dc-01'],
      headers: { 'If-Match': '"1"' },
      bad: {},
      required: [],
      badHeaders: { 'If-Match': badIfMatch },
      bodyIgnored: true,
    },
    {
      key: 'POST /api/assignments',
      label: 'assign officer 2 to beat 2',
      method: 'POST',
      path: '/api/assignments',
      as: ['admin', 'police-ps-dc-01'],
      template: { staffId: 2, role: 'beatOfficer', targetId: IDS.beat2, since: '2026-11-01' },
      bad: {
        staffId: posInt(99999, IDS.staffGridWorker),
        role: badEnum(['directorAssistant', 'partTimeGridWorker', 'beatOfficer', 'auxGrid', 'gridWorker']),
        targetId: posInt(99999, IDS.gridA1, IDS.county),
        since: badDate(),
        until: fc.oneof(badDate().filter((d) => d !== null), fc.constant<Hostile>('2000-01-01')),
        reason: reasonBad,
      },
      required: ['staffId', 'role', 'targetId'],
    },
    {
      key: 'PUT /api/assignments/:id',
      label: 'update assignment 1',
      method: 'PUT',
      path: `/api/assignments/${IDS.assignment}`,
      as: ['admin', 'police-ps-dc-01'],
      template: { version: 1, until: '2027-12-31' },
      bad: {
        version: fc.oneof(badPositiveInt(), stale),
        role: badEnum(['directorAssistant', 'partTimeGridWorker', 'beatOfficer', 'auxGrid', 'gridWorker']),
        targetId: posInt(99999, IDS.county),
        since: badDate(),
        until: fc.oneof(badDate().filter((d) => d !== null), fc.constant<Hostile>('2000-01-01')),
        reason: reasonBad,
      },
      required: ['version'],
    },
    {
      key: 'DELETE /api/assignments/:id',
      label: 'end assignment 1 (If-Match only)',
      method: 'DELETE',
      path: `/api/assignments/${IDS.assignment}`,
      as: ['admin', 'police-ps-dc-01'],
      headers: { 'If-Match': '"1"' },
      bad: {},
      required: [],
      badHeaders: { 'If-Match': badIfMatch },
      bodyIgnored: true,
    },
    // ---------------------------------------------------------------- facilities (CSV)
    {
      key: 'POST /api/facilities/import',
      label: 'CSV import of one post',
      method: 'POST',
      path: '/api/facilities/import',
      as: ['admin', 'police-ps-dc-01'],
      format: 'csv',
      bad: {},
      required: [],
      csv: { template: `${CSV_HEADER}\n${csvRow({})}\n`, bad: badCsv },
    },
    // ---------------------------------------------------------------- reports
    {
      key: 'POST /api/reports/monthly/file',
      label: 'file last month of 东昌区',
      method: 'POST',
      path: '/api/reports/monthly/file',
      as: ['admin', 'civil-dongchang'],
      template: { county: '220502', month: '2026-10' },
      bad: {
        county: fc.oneof(fc.constantFrom<Hostile>('999999', '', '2205021234567890123456789012345678', 220502, null, ...NASTY_STRINGS)),
        month: fc.oneof(badMonth(), fc.constant<Hostile>('2099-01')),
        replace: badBool(),
      },
      required: ['county'],
    },
    // ---------------------------------------------------------------- layer import (issue 7)
    {
      key: 'POST /api/layers/:layer/import',
      label: 'upload a GeoJSON of one county',
      method: 'POST',
      path: '/api/layers/counties/import',
      as: ['admin', 'admin', 'admin', 'civil-city', 'leader-city'],
      format: 'multipart',
      bad: {},
      required: [],
      multipart: { template: IMPORT_UPLOAD, bad: badUpload },
      badPaths: fc.constantFrom('/api/layers/nope/import', '/api/layers/%3Cscript%3E/import', `/api/layers/${'x'.repeat(5000)}/import`),
    },
    {
      key: 'POST /api/layers/:layer/import/:previewId',
      label: 're-validate the setup preview',
      method: 'POST',
      path: `/api/layers/counties/import/${ctx.previewId}`,
      as: ['admin'],
      template: { crs: 'wgs84', mode: 'add' },
      bad: {
        crs: badEnum(['wgs84', 'cgcs2000', 'gcj02', 'bd09']),
        mode: badEnum(['add', 'replace']),
        mapping: fc.constantFrom<Hostile>('x', 1, [], { foo: 'code' }, { code: 1 }, { code: '' }, { code: 'x'.repeat(201) }, { code: deepArray(5000) }),
        station: badString(64),
        county: badString(64),
        lonField: badString(200),
        latField: badString(200),
      },
      required: [],
      badPaths: fc.constantFrom('/api/layers/counties/import/nope', '/api/layers/grids/import/' + ctx.previewId, '/api/layers/counties/import/..%2F..%2Fetc', `/api/layers/counties/import/${'9'.repeat(3000)}`),
    },
    {
      key: 'POST /api/layers/:layer/import/:previewId/apply',
      label: 'apply the setup preview',
      method: 'POST',
      path: `/api/layers/counties/import/${ctx.previewId}/apply`,
      as: ['admin'],
      template: { onInvalid: 'skip', reason: '导入' },
      bad: { onInvalid: badEnum(['repair', 'skip']), reason: reasonBad },
      required: [],
      bodyOptional: true,
      badPaths: fc.constantFrom('/api/layers/counties/import/nope/apply', `/api/layers/grids/import/${ctx.previewId}/apply`),
    },
    {
      key: 'DELETE /api/layers/:layer/import/:previewId',
      label: 'cancel an unknown preview (reads no body)',
      method: 'DELETE',
      path: '/api/layers/counties/import/no-such-preview',
      as: ['admin', 'civil-city'],
      bad: {},
      required: [],
      bodyIgnored: true,
      checkTemplate: false,
      badPaths: fc.constantFrom('/api/layers/counties/import/%00', '/api/layers/counties/import/' + 'é'.repeat(2000), `/api/layers/grids/import/${ctx.previewId}`, '/api/layers/x/import/y'),
    },
    // ---------------------------------------------------------------- accounts
    {
      key: 'POST /api/users',
      label: 'create an account',
      method: 'POST',
      path: '/api/users',
      as: ['admin', 'civil-city'],
      template: { username: 'fuzz-user', role: 'civil-affairs', scope: '220502', displayName: '测试', password: 'Fuzz-Strong-Pass-42' },
      bad: {
        username: fc.oneof(badString(48), fc.constantFrom<Hostile>('civil-city', 'CIVIL-CITY', 'a', '-x', 'x'.repeat(49), 'a b', ...NASTY_STRINGS.filter((n) => !/^[A-Za-z0-9][A-Za-z0-9._-]{1,47}$/.test(n)))),
        role: badEnum(['admin', 'civil-affairs', 'police-station', 'leadership']),
        scope: fc.oneof(badString(40), fc.constantFrom<Hostile>('999999', 'nowhere', String(IDS.gridA1))),
        displayName: badString(100, false),
        password: fc.oneof(badString(1000, false), fc.constantFrom<Hostile>('123', 'password', 'fuzz-user')),
      },
      required: ['username', 'role', 'scope'],
    },
    {
      key: 'PATCH /api/users/:username',
      label: 'change civil-dongchang',
      method: 'PATCH',
      path: '/api/users/civil-dongchang',
      as: ['admin'],
      template: { displayName: '东昌区民政局' },
      bad: {
        displayName: badString(100, false),
        role: badEnum(['admin', 'civil-affairs', 'police-station', 'leadership']),
        scope: fc.oneof(badString(40), fc.constantFrom<Hostile>('999999', String(IDS.gridA1))),
        disabled: badBool(),
        isAdmin: fc.constantFrom<Hostile>(true, 1, 'yes'),
      },
      required: [],
    },
    {
      key: 'POST /api/users/:username/password',
      label: 'reset civil-dongchang password',
      method: 'POST',
      path: '/api/users/civil-dongchang/password',
      as: ['admin'],
      template: { password: 'Reset-Strong-Pass-77' },
      bad: { password: fc.oneof(badString(1000, false), fc.constantFrom<Hostile>('123', 'civil-dongchang')), extra: fc.constantFrom<Hostile>(1, 'x', null) },
      required: [],
    },
    {
      key: 'POST /api/auth/login',
      label: 'log in',
      method: 'POST',
      path: '/api/auth/login',
      as: ['anonymous'],
      template: { username: ctx.loginUser.username, password: ctx.loginUser.password },
      bad: {
        username: fc.oneof(badString(100), fc.constantFrom<Hostile>('nobody', ...NASTY_STRINGS)),
        password: fc.oneof(badString(1000), fc.constantFrom<Hostile>('wrong', ...NASTY_STRINGS)),
      },
      required: ['username', 'password'],
    },
    {
      key: 'POST /api/auth/password',
      label: 'change own password',
      method: 'POST',
      path: '/api/auth/password',
      as: [ctx.passwordUser.username],
      template: { currentPassword: ctx.passwordUser.password, newPassword: 'Own-New-Strong-Pass-5' },
      bad: {
        currentPassword: fc.oneof(badString(1000), fc.constantFrom<Hostile>('wrong', ...NASTY_STRINGS)),
        newPassword: fc.oneof(badString(1000), fc.constantFrom<Hostile>('123', ctx.passwordUser.username, ctx.passwordUser.password)),
      },
      required: ['currentPassword', 'newPassword'],
    },
    {
      key: 'POST /api/auth/logout',
      label: 'log out (reads no body: fuzzed logged out, answers 401)',
      method: 'POST',
      path: '/api/auth/logout',
      as: ['anonymous'],
      bad: {},
      required: [],
      bodyIgnored: true,
    },
  ];
}

/** Copies plain objects and arrays; {@link Raw} fragments stay what they are. */
function clone(v: Hostile): Hostile {
  if (v instanceof Raw || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
}

/** Sets a dotted path in a (copied) object. */
export function setPath(obj: Record<string, Hostile>, path: string, value: Hostile | undefined): Record<string, Hostile> {
  const out = clone(obj) as Record<string, Hostile>;
  const keys = path.split('.');
  let cur: Record<string, Hostile> = out;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next) || next instanceof Raw) cur[k] = {};
    cur = cur[k] as Record<string, Hostile>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return out;
}
