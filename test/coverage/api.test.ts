import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbFingerprint, makeTestApp, type TestApp } from '../support/api.ts';
import { MINI } from '../fixtures/mini-city.ts';

/**
 * The mini city (test/fixtures/mini-city.ts): one county, communities A (room, staffed) and B
 * (no room), grids A1 (post) A2 B1 B2; OF-001 is beat officer of beat-1 (= A1 ∪ A2) and
 * part-time grid worker of A1; OF-002 (not a party member) is director assistant of A; AX-001
 * is the aux officer of aux-1.
 */
let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe('GET /api/coverage', () => {
  it('level=county gives one row per county with the figures', async () => {
    const r = await t.json('GET', '/api/coverage?level=county');
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(1);
    const row = r.body.rows[0];
    expect(row).toMatchObject({
      level: 'county',
      code: MINI.county,
      name: '东昌区',
      communities: 2,
      grids: 4,
      room: { n: 1, of: 2, share: 0.5 },
      post: { n: 1, of: 4, share: 0.25 },
      officer: { n: 2, of: 4, share: 0.5 },
      directorAssistant: { n: 1, of: 2, share: 0.5 },
      // OF-001 (part-time grid worker) and AX-001 (in an aux-grid) of OF-001, OF-002, AX-001
      partTimeGridWorker: { n: 2, of: 3, share: 0.6667 },
      vacantGrids: 2,
      vacantCommunities: 1,
      noticesOpen: 0,
    });
    // A1 and A2 are within 1 km of the room/post; B1 and B2 are not (equal areas)
    expect(row.reach.share).toBeCloseTo(0.5, 3);
  });

  it('serves every level, filtered by county', async () => {
    const grids = await t.json('GET', `/api/coverage?level=grid&county=${MINI.county}`);
    expect(grids.body.rows.map((r: any) => [r.code, r.officer.n, r.post.n])).toEqual([
      [MINI.grids.A1, 1, 1],
      [MINI.grids.A2, 1, 0],
      [MINI.grids.B1, 0, 0],
      [MINI.grids.B2, 0, 0],
    ]);
    const city = await t.json('GET', '/api/coverage?level=city');
    expect(city.body.rows[0]).toMatchObject({ level: 'city', grids: 4 });
  });

  it('answers 400 for a bad level and 404 for an unknown county', async () => {
    const bad = await t.json('GET', '/api/coverage?level=planet');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/level/);
    const unknown = await t.json('GET', '/api/coverage?level=county&county=999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_county');
  });

  it('lists vacancies and distances (JSON and GeoJSON for the choropleth)', async () => {
    const v = await t.json('GET', '/api/coverage/vacancies?kind=grid-without-officer');
    expect(v.body.vacancies.map((x: any) => x.code)).toEqual([MINI.grids.B1, MINI.grids.B2]);
    const d = await t.json('GET', '/api/coverage/distance');
    const a1 = d.body.grids.find((g: any) => g.code === MINI.grids.A1);
    expect(a1).toMatchObject({ urban: true, reachM: 1000, withinReach: true });
    const gj = await t.json('GET', `/api/coverage/distance?format=geojson&county=${MINI.county}`);
    expect(gj.body.type).toBe('FeatureCollection');
    expect(gj.body.features).toHaveLength(4);
    const gaps = Object.fromEntries(gj.body.features.map((f: any) => [f.properties.code, f.properties.gap]));
    expect(gaps).toEqual({ [MINI.grids.A1]: 'covered', [MINI.grids.A2]: 'no-post', [MINI.grids.B1]: 'neither', [MINI.grids.B2]: 'neither' });
  });

  it('follows edits made through the API (the cache is keyed on the change log)', async () => {
    const before = await t.json('GET', '/api/coverage?level=county');
    expect(before.body.rows[0].officer.n).toBe(2);
    const staff = await t.json('GET', '/api/staff?q=OF-002');
    const r = await t.json('POST', '/api/assignments', {
      body: { staffId: staff.body.staff[0].id, role: 'partTimeGridWorker', targetId: t.idOf('grids', MINI.grids.B1), reason: '补齐一格一警' },
    });
    expect(r.status).toBe(201);
    const after = await t.json('GET', '/api/coverage?level=county');
    expect(after.body.rows[0].officer).toEqual({ n: 3, of: 4, share: 0.75 });
  });
});

describe('coverage settings', () => {
  it('reads the overload maximum from settings (and recomputes when it changes)', async () => {
    const before = await t.json('GET', '/api/coverage/vacancies');
    expect(before.body.overloads).toEqual([]);
    t.db.prepare("INSERT INTO settings(key, value) VALUES ('coverage.maxGridsPerOfficer', '1')").run();
    const after = await t.json('GET', '/api/coverage/vacancies');
    // OF-001 serves A1 and A2 (beat-1 and part-time grid worker of A1)
    expect(after.body.maxGridsPerOfficer).toBe(1);
    expect(after.body.overloads).toEqual([expect.objectContaining({ code: 'OF-001', grids: 2, max: 1, countyCodes: [MINI.county] })]);
    t.db.prepare("UPDATE settings SET value = '\"many\"' WHERE key = 'coverage.maxGridsPerOfficer'").run();
    expect((await t.json('GET', '/api/coverage/vacancies')).body.maxGridsPerOfficer).toBe(10);
  });
});

describe('/api/staff and /api/assignments', () => {
  it('creates, reads, updates (with version) and retires staff through commit', async () => {
    const station = t.idOf('stations', MINI.station);
    const created = await t.json('POST', '/api/staff', { body: { kind: 'officer', code: 'OF-009', name: '周警官', unitId: station, partyMember: false, phone: '0435-1234567' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"1"');
    const id = created.body.id;
    const stale = await t.json('PUT', `/api/staff/${id}`, { body: { name: '周某' }, headers: { 'If-Match': '"7"' } });
    expect(stale.status).toBe(409);
    const ok = await t.json('PUT', `/api/staff/${id}`, { body: { name: '周某', version: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '周某', version: 2 });
    const a = await t.json('POST', '/api/assignments', { body: { staffId: id, role: 'directorAssistant', targetId: t.idOf('communities', MINI.communityB) } });
    expect(a.status).toBe(201);
    const gone = await t.json('DELETE', `/api/staff/${id}`, { headers: { 'If-Match': '"2"' } });
    expect(gone.status).toBe(200);
    expect(gone.body.endedAssignments).toEqual([a.body.id]);
    const rev = t.db.prepare("SELECT count(*) AS n FROM revisions WHERE entity IN ('staff','assignment')").get() as { n: number };
    expect(rev.n).toBeGreaterThanOrEqual(5);
  });

  it('rejects a role the staff kind cannot hold, a wrong target layer and a wrong unit, changing nothing', async () => {
    const before = dbFingerprint(t.db);
    const list = await t.json('GET', '/api/staff?kind=auxOfficer');
    const aux = list.body.staff[0].id;
    const role = await t.json('POST', '/api/assignments', { body: { staffId: aux, role: 'directorAssistant', targetId: t.idOf('communities', MINI.communityA) } });
    expect(role.status).toBe(422);
    expect(role.body.error.code).toBe('bad_role');
    const target = await t.json('POST', '/api/assignments', { body: { staffId: aux, role: 'auxGrid', targetId: t.idOf('communities', MINI.communityA) } });
    expect(target.status).toBe(422);
    expect(target.body.error.message).toMatch(/aux-grids or grids/);
    const unit = await t.json('POST', '/api/staff', { body: { kind: 'officer', code: 'X', name: '某', unitId: t.idOf('grids', MINI.grids.A1) } });
    expect(unit.status).toBe(422);
    expect(unit.body.error.code).toBe('bad_unit');
    const dup = await t.json('POST', '/api/staff', { body: { kind: 'officer', code: 'OF-001', name: '某' } });
    expect(dup.status).toBe(409);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('facility rules (commit hook)', () => {
  it('rejects an unknown status and reports a post moved out of its grid', async () => {
    const grid = t.idOf('grids', MINI.grids.B1);
    const bad = await t.json('POST', '/api/layers/police-posts', {
      body: { type: 'Feature', geometry: { type: 'Point', coordinates: [125.925, 41.71] }, properties: { code: 'PP-X', name: '岗', parentId: grid, status: 'finished' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('bad_facility_status');
    expect(bad.body.error.message).toContain('PP-X');
    const post = t.idOf('police-posts', 'PP-DC-01');
    const moved = await t.json('PUT', `/api/layers/police-posts/${post}`, {
      body: { geometry: { type: 'Point', coordinates: [125.925, 41.71] } },
      headers: { 'If-Match': '"1"' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.change.hooks['facility-rules'].outsideParent).toEqual([
      { id: post, code: 'PP-DC-01', parentId: t.idOf('grids', MINI.grids.A1), parentCode: MINI.grids.A1, containedBy: MINI.grids.B1 },
    ]);
  });
});

describe('POST /api/facilities/import', () => {
  const csv = [
    'lon,lat,code,name,type,status',
    '125.925,41.71,PR-B,团结社区警务室,警务室,已建成',
    '125.935,41.705,PP-B2,团结二格警务岗,post,planned',
    '125.925,41.71,PP-DC-01,重复编码,post,built',
    '130.5,41.71,PP-FAR,远处,post,built',
  ].join('\n');
  const post = (query: string, body: string) => t.json('POST', `/api/facilities/import${query}`, { body, headers: { 'Content-Type': 'text/csv' } });

  it('mode=all (default): any bad row → 422 with a per-row report, nothing written', async () => {
    const before = dbFingerprint(t.db);
    const r = await post('', csv);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('import_rejected');
    expect(r.body.error.details.errors.map((e: any) => e.row)).toEqual([4, 5]);
    expect(r.body.error.details.valid).toBe(2);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('mode=valid imports the valid rows as one change and reports the rest', async () => {
    const dry = await post('?mode=valid&dryRun=1', csv);
    expect(dry.status).toBe(200);
    expect(dry.body.imported).toBe(0);
    const r = await post('?mode=valid', csv);
    expect(r.status).toBe(201);
    expect(r.body.imported).toBe(2);
    expect(r.body.errors).toHaveLength(2);
    const room = t.db.prepare("SELECT parent_id, station_id, props FROM features WHERE code = 'PR-B'").get() as any;
    expect(room.parent_id).toBe(t.idOf('communities', MINI.communityB));
    expect(room.station_id).toBe(t.idOf('stations', MINI.station));
    const post2 = t.db.prepare("SELECT parent_id FROM features WHERE code = 'PP-B2'").get() as any;
    expect(post2.parent_id).toBe(t.idOf('grids', MINI.grids.B2));
    const changes = t.db.prepare("SELECT count(*) AS n FROM changes WHERE kind = 'import'").get() as any;
    expect(changes.n).toBe(1);
    const cov = await t.json('GET', '/api/coverage?level=county');
    expect(cov.body.rows[0].room.n).toBe(2);
    expect(cov.body.rows[0].postPlannedOnly).toBe(1);
  });

  it('reads a multipart upload and rejects malformed CSV', async () => {
    const form = new FormData();
    form.append('file', new Blob(['lon,lat,code,name,type\n125.925,41.71,PR-X,室,room\n'], { type: 'text/csv' }), 'rooms.csv');
    const res = await t.app.request('/api/facilities/import', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const bad = await post('', 'lon,lat,code,name,type\n"1,2');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_csv');
  });
});
