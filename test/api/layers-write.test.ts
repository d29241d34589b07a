import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINI, rect } from '../fixtures/mini-city.ts';
import { dbFingerprint, makeTestApp, type TestApp } from '../support/api.ts';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const newGrid = (code = '220502001002003', geometry: unknown = rect(125.94, 41.7, 125.95, 41.72)) => ({
  type: 'Feature',
  geometry,
  // no community: east of the mini city every community is already tiled by its grids
  properties: { code, name: '团结社区第三网格', parentId: null as number | null, households: 310 },
});

describe('POST /api/layers/:layer', () => {
  it('creates: 201 + Location + ETag, one change and one revision by the local actor', async () => {
    const r = await t.json('POST', '/api/layers/grids', { body: { ...newGrid(), reason: '新建网格' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/layers/grids/${r.body.id}`);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body.properties).toMatchObject({ code: '220502001002003', version: 1, households: 310 });
    const got = await t.json('GET', r.headers.get('location')!);
    expect(got.status).toBe(200);
    const change = t.db.prepare('SELECT * FROM changes ORDER BY id DESC LIMIT 1').get() as any;
    expect(change).toMatchObject({ kind: 'create', actor: 'local', reason: '新建网格' });
    const revs = t.db.prepare('SELECT * FROM revisions WHERE change_id = ?').all(change.id) as any[];
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({ entity: 'feature', entity_id: r.body.id, op: 'create', version: 1, before: null });
    // the bbox query finds it (R*Tree in sync)
    const inBox = await t.json('GET', '/api/layers/grids?bbox=125.945,41.71,125.946,41.711');
    expect(inBox.body.features.map((f: any) => f.id)).toEqual([r.body.id]);
  });

  it('normalises a clockwise exterior ring to counter-clockwise', async () => {
    const cw = { type: 'Polygon', coordinates: [[[125.94, 41.7], [125.94, 41.72], [125.95, 41.72], [125.95, 41.7], [125.94, 41.7]]] };
    const r = await t.json('POST', '/api/layers/grids', { body: newGrid(undefined, cw) });
    expect(r.status).toBe(201);
    expect(r.body.geometry.coordinates[0][1]).toEqual([125.95, 41.7]);
  });

  it('takes the reason from the X-Change-Reason header (percent-encoded)', async () => {
    const r = await t.json('POST', '/api/layers/grids', { body: newGrid(), headers: { 'X-Change-Reason': encodeURIComponent('社区调整') } });
    expect(r.status).toBe(201);
    expect((t.db.prepare('SELECT reason FROM changes ORDER BY id DESC LIMIT 1').get() as any).reason).toBe('社区调整');
  });

  it('duplicate code → 409 duplicate_code, nothing written', async () => {
    const before = dbFingerprint(t.db);
    const r = await t.json('POST', '/api/layers/grids', { body: newGrid(MINI.grids.A1) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('duplicate_code');
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('wrong parent layer → 422 bad_parent', async () => {
    const body = newGrid();
    body.properties.parentId = t.idOf('townships', MINI.township);
    const r = await t.json('POST', '/api/layers/grids', { body });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('bad_parent');
    expect(r.body.error.message).toContain('communities');
  });
});

describe('bad input → clear 4xx JSON and no change in the database', () => {
  const cases: [string, () => { method: string; path: string; body: unknown; headers?: Record<string, string> }, number, string, string[]][] = [
    ['malformed JSON', () => ({ method: 'POST', path: '/api/layers/grids', body: '{"type":"Feature",' }), 400, 'malformed_json', ['Malformed JSON']],
    ['missing code', () => ({ method: 'POST', path: '/api/layers/grids', body: { type: 'Feature', geometry: rect(0, 0, 1, 1), properties: { name: 'x' } } }), 400, 'invalid_input', ['properties.code']],
    ['not a Feature', () => ({ method: 'POST', path: '/api/layers/grids', body: { type: 'Polygon', coordinates: [] } }), 400, 'invalid_input', ['type']],
    ['invalid GeoJSON geometry', () => ({ method: 'POST', path: '/api/layers/grids', body: newGrid(undefined, { type: 'Polygon', coordinates: 'nope' }) }), 422, 'invalid_geometry', ['grids/220502001002003', 'no rings']],
    ['a point on a polygon layer', () => ({ method: 'POST', path: '/api/layers/grids', body: newGrid(undefined, { type: 'Point', coordinates: [125.9, 41.7] }) }), 422, 'invalid_geometry', ['Polygon or MultiPolygon']],
    [
      'unclosed ring',
      () => ({
        method: 'POST',
        path: '/api/layers/grids',
        body: newGrid(undefined, {
          type: 'Polygon',
          coordinates: [
            [[125.94, 41.7], [125.96, 41.7], [125.96, 41.72], [125.94, 41.72], [125.94, 41.7]],
            [[125.945, 41.705], [125.945, 41.71], [125.95, 41.71], [125.95, 41.705]],
          ],
        }),
      }),
      422,
      'invalid_geometry',
      ['ring 1 (hole 1)', 'not closed', '[125.95, 41.705]'],
    ],
    [
      'bow-tie self-intersection',
      () => ({
        method: 'POST',
        path: '/api/layers/grids',
        body: newGrid(undefined, { type: 'Polygon', coordinates: [[[125.94, 41.7], [125.95, 41.72], [125.95, 41.7], [125.94, 41.72], [125.94, 41.7]]] }),
      }),
      422,
      'invalid_geometry',
      ['self-intersects at [125.945, 41.71'],
    ],
    ['wrong layer name', () => ({ method: 'POST', path: '/api/layers/roads', body: newGrid() }), 404, 'unknown_layer', ['roads']],
    [
      'PUT without If-Match',
      () => ({ method: 'PUT', path: `/api/layers/grids/${t.idOf('grids', MINI.grids.A1)}`, body: { properties: { name: 'x' } } }),
      428,
      'precondition_required',
      ['If-Match'],
    ],
    [
      'PUT with a garbage If-Match',
      () => ({ method: 'PUT', path: `/api/layers/grids/${t.idOf('grids', MINI.grids.A1)}`, body: { properties: { name: 'x' } }, headers: { 'If-Match': 'abc' } }),
      400,
      'bad_if_match',
      ['ETag'],
    ],
    [
      'PUT with an empty patch',
      () => ({ method: 'PUT', path: `/api/layers/grids/${t.idOf('grids', MINI.grids.A1)}`, body: {}, headers: { 'If-Match': '"1"' } }),
      400,
      'invalid_input',
      ['geometry and/or properties'],
    ],
    [
      'PUT with a bow-tie',
      () => ({
        method: 'PUT',
        path: `/api/layers/grids/${t.idOf('grids', MINI.grids.A1)}`,
        body: { geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] } },
        headers: { 'If-Match': '"1"' },
      }),
      422,
      'invalid_geometry',
      [`grids/${MINI.grids.A1}`, 'self-intersects at [0.5, 0.5]'],
    ],
    ['DELETE without If-Match', () => ({ method: 'DELETE', path: `/api/layers/grids/${t.idOf('grids', MINI.grids.A1)}`, body: undefined }), 428, 'precondition_required', ['If-Match']],
  ];
  it.each(cases)('%s', async (_name, make, status, code, words) => {
    const before = dbFingerprint(t.db);
    const { method, path, body, headers } = make();
    const r = await t.json(method, path, { body, headers });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    for (const w of words) expect(r.body.error.message).toContain(w);
    expect(r.body.error).toHaveProperty('details');
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('a geometry error carries the location for the page to highlight', async () => {
    const r = await t.json('POST', '/api/layers/grids', {
      body: newGrid(undefined, { type: 'Polygon', coordinates: [[[125.94, 41.7], [125.95, 41.7], [125.95, 41.72], [125.94, 41.72]]] }),
    });
    expect(r.status).toBe(422);
    const p = r.body.error.details.features[0];
    expect(p).toMatchObject({ layer: 'grids', code: '220502001002003' });
    expect(p.problems[0]).toMatchObject({ ring: 0, position: 3, coordinate: [125.94, 41.72] });
  });
});

describe('PUT /api/layers/:layer/:id', () => {
  it('updates with If-Match: new version, ETag, bbox follows the geometry', async () => {
    const id = t.idOf('grids', MINI.grids.B2);
    const geometry = rect(125.93, 41.7, 125.937, 41.72); // shrink: grids must stay in their community
    const r = await t.json('PUT', `/api/layers/grids/${id}`, { body: { geometry, properties: { name: '团结二格（扩）', note: 'x' } }, headers: { 'If-Match': '"1"' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"2"');
    expect(r.body.properties).toMatchObject({ version: 2, name: '团结二格（扩）', code: MINI.grids.B2, note: 'x' });
    expect(r.body.change.revisionId).toBeGreaterThan(0);
    const vacated = await t.json('GET', '/api/layers/grids?bbox=125.938,41.71,125.939,41.711');
    expect(vacated.body.features).toEqual([]);
  });

  it('accepts a version field instead of If-Match', async () => {
    const id = t.idOf('grids', MINI.grids.B2);
    const r = await t.json('PUT', `/api/layers/grids/${id}`, { body: { version: 1, properties: { name: 'n' } } });
    expect(r.status).toBe(200);
    expect(r.body.properties.version).toBe(2);
  });

  it('stale If-Match → 409 with the current feature and no change in the database', async () => {
    const id = t.idOf('grids', MINI.grids.B2);
    const first = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: '甲' } }, headers: { 'If-Match': '"1"' } });
    expect(first.status).toBe(200);
    const before = dbFingerprint(t.db);
    const second = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { name: '乙' } }, headers: { 'If-Match': '"1"' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('stale_version');
    expect(second.body.error.details.current).toMatchObject({ id, properties: { name: '甲', version: 2 } });
    expect(second.body.error.details.currentVersion).toBe(2);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('renaming to a taken code → 409', async () => {
    const id = t.idOf('grids', MINI.grids.B2);
    const r = await t.json('PUT', `/api/layers/grids/${id}`, { body: { properties: { code: MINI.grids.A1 } }, headers: { 'If-Match': '"1"' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('duplicate_code');
  });
});

describe('DELETE /api/layers/:layer/:id', () => {
  it('retires (soft delete): gone from the layer and bbox queries, still in history', async () => {
    const id = t.idOf('beats', MINI.beats.two);
    const r = await t.json('DELETE', `/api/layers/beats/${id}`, { headers: { 'If-Match': '"1"', 'X-Change-Reason': 'merged' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, retired: true, version: 2 });
    expect((await t.json('GET', `/api/layers/beats/${id}`)).status).toBe(404);
    expect((await t.json('GET', '/api/layers/beats')).body.features).toHaveLength(1);
    expect(t.db.prepare('SELECT count(*) AS n FROM features_rtree WHERE id = ?').get(id)).toEqual({ n: 0 });
    const h = await t.json('GET', `/api/features/beats/${id}/history`);
    expect(h.body.revisions[0]).toMatchObject({ op: 'retire', kind: 'delete', reason: 'merged', after: null });
  });
  it('stale version → 409, nothing retired', async () => {
    const id = t.idOf('beats', MINI.beats.two);
    const before = dbFingerprint(t.db);
    const r = await t.json('DELETE', `/api/layers/beats/${id}`, { headers: { 'If-Match': '"7"' } });
    expect(r.status).toBe(409);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('round trip', () => {
  it('PUT of a feature as received from GET (server-owned properties included) keeps its props', async () => {
    const id = t.idOf('communities', MINI.communityA);
    const got = await t.json('GET', `/api/layers/communities/${id}`);
    const props = { ...got.body.properties, name: '民主社区（新）' };
    const r = await t.json('PUT', `/api/layers/communities/${id}`, { body: { ...got.body, properties: props }, headers: { 'If-Match': got.headers.get('etag')! } });
    expect(r.status).toBe(200);
    expect(r.body.properties).toMatchObject({ name: '民主社区（新）', kind: 'urban', version: 2, layer: 'communities' });
    const stored = t.db.prepare('SELECT props FROM features WHERE id = ?').get(id) as { props: string };
    expect(JSON.parse(stored.props)).toEqual({ kind: 'urban' });
  });
});
