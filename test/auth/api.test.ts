import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commit } from '../../server/edits/commit.ts';
import { runWithRequestContext } from '../../server/auth/request-context.ts';
import { dbFingerprint } from '../support/api.ts';
import { AUTH } from './fixture.ts';
import { authApp, idByCode, versionOf, type AuthTestApp } from './support.ts';

let t: AuthTestApp;
const logged: string[] = [];

beforeAll(() => {
  for (const m of ['log', 'error', 'warn', 'info'] as const) {
    const orig = console[m];
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      orig(...args);
    });
  }
  t = authApp();
});
afterAll(() => {
  vi.restoreAllMocks();
  t.close();
});

const gridBody = (name: string) => ({ properties: { name } });

describe('logged out', () => {
  it('gets 401 JSON on the API but health and login work', async () => {
    const r = await t.anonymous.json('GET', '/api/layers/grids');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
    expect((await t.anonymous.json('GET', '/api/health')).status).toBe(200);
    expect((await t.anonymous.json('GET', '/api/auth/me')).status).toBe(401);
    const bad = await t.anonymous.json('POST', '/api/auth/login', { body: { username: 'civil-dongchang', password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toBe('Wrong username or password');
  });
});

describe('login, session cookie, me, logout', () => {
  it('sets an HttpOnly SameSite=Strict cookie, Secure behind https, and returns the CSRF token', async () => {
    const u = t.users.find((x) => x.username === 'civil-dongchang')!;
    const res = await t.anonymous.request('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^beatgrid_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const body = (await res.json()) as { user: { role: string; scope: string; scopeName: string }; csrfToken: string; permissions: { editLayers: string[] } };
    expect(body.user).toMatchObject({ role: 'civil-affairs', scope: AUTH.countyA, scopeName: '东昌区' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.permissions.editLayers).toEqual(['townships', 'communities', 'grids']);
    const https = await t.anonymous.request('POST', '/api/auth/login', {
      body: { username: u.username, password: u.password },
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('me answers the user, token and permissions; logout ends the session', async () => {
    const c = await t.as('leader-city');
    const me = await c.json('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('leader-city');
    expect(me.body.csrfToken).toBe(c.csrfToken);
    expect(me.body.permissions).toMatchObject({ readOnly: true, readAudit: true, editLayers: [] });
    expect((await c.json('POST', '/api/auth/logout', { csrf: false })).status).toBe(403);
    expect((await c.json('POST', '/api/auth/logout')).status).toBe(200);
    const after = await c.json('GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
  });

  it('expires sessions after the idle time', async () => {
    const app = authApp({ auth: { config: { sessionIdleMs: 60_000 } } });
    const c = await app.as('civil-city');
    expect((await c.json('GET', '/api/layers/counties')).status).toBe(200);
    app.advanceClock(61_000);
    const r = await c.json('GET', '/api/layers/counties');
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/expired/);
    app.close();
  });
});

describe('CSRF', () => {
  it('a write without X-CSRF-Token gets 403 and changes nothing', async () => {
    const c = await t.as('civil-dongchang');
    const id = idByCode(t, AUTH.gridA);
    const before = dbFingerprint(t.db);
    const r = await c.json('PUT', `/api/layers/grids/${id}`, { body: gridBody('x'), headers: { 'If-Match': `"${versionOf(t, id)}"` }, csrf: false });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('csrf');
    const wrong = await c.json('PUT', `/api/layers/grids/${id}`, { body: gridBody('x'), headers: { 'If-Match': `"${versionOf(t, id)}"`, 'X-CSRF-Token': 'forged' } });
    expect(wrong.status).toBe(403);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('scopes', () => {
  it('station A cannot touch station B’s beat (403 saying why) but edits its own', async () => {
    const a = await t.as('police-ps-dc-01');
    const beatB = idByCode(t, AUTH.beatB);
    const before = dbFingerprint(t.db);
    for (const [method, body] of [['PUT', gridBody('hijacked')], ['DELETE', undefined]] as const) {
      const r = await a.json(method, `/api/layers/beats/${beatB}`, { body, headers: { 'If-Match': `"${versionOf(t, beatB)}"` } });
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(new RegExp(`police-station user police-ps-dc-01 of station \\d+ cannot (edit|delete) beat ${AUTH.beatB} \\(id ${beatB}\\) owned by station \\d+`));
    }
    expect(dbFingerprint(t.db)).toBe(before);
    const own = idByCode(t, AUTH.beatA);
    const ok = await a.json('PUT', `/api/layers/beats/${own}`, { body: gridBody('新站第一责任区（改）'), headers: { 'If-Match': `"${versionOf(t, own)}"` } });
    expect(ok.status).toBe(200);
    const changeActor = t.db.prepare('SELECT actor FROM changes ORDER BY id DESC LIMIT 1').get() as { actor: string };
    expect(changeActor.actor).toBe('police-ps-dc-01');
    // create and delete a beat of its own station
    const created = await a.json('POST', '/api/layers/beats', {
      body: {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[125.9, 41.7], [125.905, 41.7], [125.905, 41.705], [125.9, 41.705], [125.9, 41.7]]] },
        properties: { code: 'BEAT-DC-99', name: '临时责任区', stationId: idByCode(t, AUTH.stationA) },
      },
    });
    expect(created.status, created.text).toBe(201);
    const del = await a.json('DELETE', `/api/layers/beats/${created.body.id}`, { headers: { 'If-Match': created.headers.get('ETag')! } });
    expect(del.status, del.text).toBe(200);
  });

  it('a station cannot create a beat for another station nor hand its beat over', async () => {
    const a = await t.as('police-ps-dc-01');
    const stationB = idByCode(t, AUTH.stationB);
    const r = await a.json('POST', '/api/layers/beats', {
      body: { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[125.9, 41.7], [125.901, 41.7], [125.901, 41.701], [125.9, 41.7]]] }, properties: { code: 'B-NEW', name: 'x', stationId: stationB } },
    });
    expect(r.status).toBe(403);
    const own = idByCode(t, AUTH.beatA);
    const give = await a.json('PUT', `/api/layers/beats/${own}`, { body: { properties: { stationId: stationB } }, headers: { 'If-Match': `"${versionOf(t, own)}"` } });
    expect(give.status).toBe(403);
    expect(give.body.error.code).toBe('out_of_scope'); // caught inside commit(), on the real before/after
    expect(give.body.error.message).toMatch(/cannot hand beat .* over to station/);
  });

  it('civil affairs edits grids of its county only', async () => {
    const ca = await t.as('civil-dongchang');
    const gB = idByCode(t, AUTH.gridB);
    const r = await ca.json('PUT', `/api/layers/grids/${gB}`, { body: gridBody('x'), headers: { 'If-Match': `"${versionOf(t, gB)}"` } });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/lies in county 220521 \(通化县\)/);
    const gA = idByCode(t, AUTH.gridA);
    expect((await ca.json('PUT', `/api/layers/grids/${gA}`, { body: gridBody('民主社区第一网格'), headers: { 'If-Match': `"${versionOf(t, gA)}"` } })).status).toBe(200);
    const beat = idByCode(t, AUTH.beatA);
    expect((await ca.json('PUT', `/api/layers/beats/${beat}`, { body: gridBody('x'), headers: { 'If-Match': `"${versionOf(t, beat)}"` } })).status).toBe(403);
  });

  it('civil affairs may relink a police post but not move it', async () => {
    const ca = await t.as('civil-dongchang');
    const post = idByCode(t, 'PP-DC-01');
    const a2 = idByCode(t, '220502001001002');
    const move = await ca.json('PUT', `/api/layers/police-posts/${post}`, {
      body: { geometry: { type: 'Point', coordinates: [125.915, 41.71] } },
      headers: { 'If-Match': `"${versionOf(t, post)}"` },
    });
    expect(move.status).toBe(403);
    expect(move.body.error.message).toMatch(/only the community\/grid link .* not its geometry/);
    // PUT replaces the properties: send the others unchanged
    const relink = await ca.json('PUT', `/api/layers/police-posts/${post}`, {
      body: { properties: { parentId: a2, status: 'built' } },
      headers: { 'If-Match': `"${versionOf(t, post)}"` },
    });
    expect(relink.status).toBe(200);
  });

  it('grid merges obey the county scope, and each merged grid is audited', async () => {
    const t = authApp(); // its own city: the merge retires grid A
    const a1 = idByCode(t, AUTH.gridA);
    const a2 = idByCode(t, '220502001001002');
    const other = await t.as('civil-tonghuaxian');
    const denied = await other.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: 'test' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/civil-affairs user civil-tonghuaxian of county 220521 \(通化县\) cannot delete grid/);
    const police = await t.as('police-ps-dc-01');
    expect((await police.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: 'test' } })).status).toBe(403);
    const own = await t.as('civil-dongchang');
    const merged = await own.json('POST', '/api/grids/merge', { body: { ids: [a1, a2], reason: '合并测试' } });
    expect(merged.status, merged.text).toBe(201);
    const audited = t.db.prepare("SELECT entity_id, actor, json_extract(summary, '$.kind') AS kind FROM audit WHERE action = 'feature.retire' AND entity_id IN (?, ?)").all(String(a1), String(a2));
    expect(audited).toEqual([
      { entity_id: String(a1), actor: 'civil-dongchang', kind: 'merge' },
      { entity_id: String(a2), actor: 'civil-dongchang', kind: 'merge' },
    ]);
    t.close();
  });

  it('a station handles only its own notices', async () => {
    const t = authApp();
    const b1 = idByCode(t, '220502001002001');
    const b2 = idByCode(t, '220502001002002');
    const merged = await (await t.as('civil-dongchang')).json('POST', '/api/grids/merge', { body: { ids: [b1, b2], reason: '合并' } });
    expect(merged.status, merged.text).toBe(201);
    const stationA = idByCode(t, AUTH.stationA);
    const notice = t.db.prepare('SELECT id FROM notices WHERE station_id = ?').get(stationA) as { id: number } | undefined;
    expect(notice, 'the merge notified station A').toBeTruthy();
    const other = await t.as('police-ps-dc-02');
    const r = await other.json('POST', `/api/notices/${notice!.id}/ack`, { body: {} });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(new RegExp(`cannot handle notice ${notice!.id}: it was sent to station ${stationA}`));
    expect((await other.json('GET', `/api/notices/${notice!.id}`)).status).toBe(403);
    const civil = await t.as('civil-dongchang');
    expect((await civil.json('POST', `/api/notices/${notice!.id}/ack`, { body: {} })).status).toBe(403);
    const own = await t.as('police-ps-dc-01');
    const ok = await own.json('POST', `/api/notices/${notice!.id}/ack`, { body: {} });
    expect(ok.status, ok.text).toBe(200);
    t.close();
  });

  it('a station builds zones from grids only for itself', async () => {
    const a = await t.as('police-ps-dc-01');
    const r = await a.json('POST', '/api/zones/from-grids', { body: { layer: 'beats', stationId: idByCode(t, AUTH.stationB), gridIds: [idByCode(t, AUTH.gridB)] } });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/cannot build a zone for station/);
  });

  it('leadership cannot write', async () => {
    for (const who of ['leader-city', 'leader-dongchang']) {
      const l = await t.as(who);
      const gA = idByCode(t, AUTH.gridA);
      const r = await l.json('PUT', `/api/layers/grids/${gA}`, { body: gridBody('x'), headers: { 'If-Match': `"${versionOf(t, gA)}"` } });
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/read-only/);
      expect((await l.json('POST', '/api/layers/grids', { body: {} })).status).toBe(403);
    }
  });

  it('the write path itself refuses out-of-scope changes (no route needed)', () => {
    const beatB = idByCode(t, AUTH.beatB);
    const before = dbFingerprint(t.db);
    const attempt = () =>
      commit(t.db, { kind: 'import', actor: 'police-ps-dc-01', ops: [{ entity: 'feature', op: 'retire', id: beatB, baseVersion: versionOf(t, beatB) }] });
    expect(attempt).toThrow(/cannot delete beat BEAT-TH-01/);
    expect(() => runWithRequestContext({ ip: null, user: { username: 'civil-dongchang', role: 'civil-affairs', scope: AUTH.countyA } }, () =>
      commit(t.db, { kind: 'merge', actor: 'civil-dongchang', ops: [{ entity: 'feature', op: 'retire', id: idByCode(t, AUTH.gridB), baseVersion: 1 }] }),
    )).toThrow(/lies in county 220521/);
    expect(dbFingerprint(t.db)).toBe(before);
  });
});

describe('rate limiting', () => {
  it('blocks an account after 5 failed logins with 429, even with the right password', async () => {
    const app = authApp();
    const u = app.users.find((x) => x.username === 'civil-tonghuaxian')!;
    for (let i = 0; i < 5; i++) {
      expect((await app.anonymous.json('POST', '/api/auth/login', { body: { username: u.username, password: 'wrong-password' } })).status).toBe(401);
    }
    const r = await app.anonymous.json('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    expect(r.status).toBe(429);
    expect(r.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(r.body.error.message).toMatch(/Too many failed logins for account "civil-tonghuaxian"; try again in 15 minutes/);
    // other accounts are not affected
    expect((await app.anonymous.json('POST', '/api/auth/login', { body: { username: 'civil-city', password: app.users.find((x) => x.username === 'civil-city')!.password } })).status).toBe(200);
    app.advanceClock(15 * 60_000 + 1);
    expect((await app.anonymous.json('POST', '/api/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(200);
    const failed = app.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'login.failed' AND actor = ?").get(u.username) as { n: number };
    expect(failed.n).toBe(5);
    app.close();
  });

  it('blocks an address after 20 failed logins', async () => {
    const app = authApp({ auth: { config: { trustProxy: true } } });
    const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });
    for (let i = 0; i < 20; i++) {
      await app.anonymous.json('POST', '/api/auth/login', { body: { username: `nobody${i}`, password: 'x' }, ...from('203.0.113.9') });
    }
    const r = await app.anonymous.json('POST', '/api/auth/login', { body: { username: 'civil-city', password: 'x' }, ...from('203.0.113.9') });
    expect(r.status).toBe(429);
    expect(r.body.error.message).toMatch(/from your address/);
    const ok = await app.anonymous.json('POST', '/api/auth/login', {
      body: { username: 'civil-city', password: app.users.find((x) => x.username === 'civil-city')!.password },
      ...from('198.51.100.1'),
    });
    expect(ok.status).toBe(200);
    expect((app.db.prepare("SELECT ip FROM audit WHERE action = 'login' ORDER BY id DESC LIMIT 1").get() as { ip: string }).ip).toBe('198.51.100.1');
    app.close();
  });
});

describe('accounts', () => {
  it('admin creates a user with a one-time password that must be changed first', async () => {
    const admin = await t.as('demo-admin');
    const r = await admin.json('POST', '/api/users', { body: { username: 'ca-new', role: 'civil-affairs', scope: AUTH.countyB, displayName: '通化县民政' } });
    expect(r.status).toBe(201);
    expect(r.body.password).toMatch(/^\S{16}$/);
    expect(JSON.stringify(r.body)).not.toMatch(/scrypt|hash/i);
    const login = await t.anonymous.json('POST', '/api/auth/login', { body: { username: 'ca-new', password: r.body.password } });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const c = await t.loginAs('ca-new', r.body.password);
    const blocked = await c.json('GET', '/api/layers/grids');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await c.json('POST', '/api/auth/password', { body: { currentPassword: r.body.password, newPassword: 'short' } })).status).toBe(422);
    expect((await c.json('POST', '/api/auth/password', { body: { currentPassword: r.body.password, newPassword: 'a much better secret' } })).status).toBe(200);
    expect((await c.json('GET', '/api/layers/grids')).status).toBe(200);
  });

  it('role changes are audited with before/after and end the user’s sessions', async () => {
    const admin = await t.as('demo-admin');
    const victim = await t.as('civil-tonghuaxian');
    const r = await admin.json('PATCH', '/api/users/civil-tonghuaxian', { body: { role: 'leadership', scope: AUTH.countyB } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ role: 'leadership', scope: AUTH.countyB });
    expect((await victim.json('GET', '/api/auth/me')).status).toBe(401);
    const a = await admin.json('GET', '/api/audit?action=user.role&entity=user:civil-tonghuaxian');
    expect(a.body.entries[0].summary).toMatchObject({ before: { role: 'civil-affairs' }, after: { role: 'leadership' } });
    expect(a.body.entries[0].actor).toBe('demo-admin');
    const bad = await admin.json('PATCH', '/api/users/civil-tonghuaxian', { body: { role: 'police-station', scope: AUTH.countyB } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/station/);
    expect((await admin.json('PATCH', '/api/users/civil-tonghuaxian', { body: { role: 'civil-affairs', scope: AUTH.countyB } })).status).toBe(200);
  });

  it('non-admins cannot manage accounts', async () => {
    const c = await t.as('civil-city');
    expect((await c.json('GET', '/api/users')).status).toBe(403);
    expect((await c.json('PATCH', '/api/users/civil-city', { body: { role: 'admin', scope: 'city' } })).status).toBe(403);
  });
});

describe('audit', () => {
  it('admins and leadership read it; others get 403; county leadership sees its county only', async () => {
    expect((await (await t.as('demo-admin')).json('GET', '/api/audit')).status).toBe(200);
    expect((await (await t.as('police-ps-dc-01')).json('GET', '/api/audit')).status).toBe(403);
    expect((await (await t.as('civil-city')).json('GET', '/api/audit')).status).toBe(403);
    const county = await (await t.as('leader-dongchang')).json('GET', '/api/audit?limit=1000');
    expect(county.status).toBe(200);
    expect(county.body.entries.length).toBeGreaterThan(0);
    expect(county.body.entries.every((e: { county: string }) => e.county === AUTH.countyA)).toBe(true);
    const bad = await (await t.as('demo-admin')).json('GET', '/api/audit?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
  });

  it('has no route that changes or deletes entries', async () => {
    const admin = await t.as('demo-admin');
    for (const m of ['PUT', 'PATCH', 'DELETE', 'POST']) expect((await admin.json(m, '/api/audit')).status).toBe(404);
    expect(t.app.routes.filter((r) => r.path.startsWith('/api/audit') && r.method !== 'GET' && r.method !== 'ALL')).toEqual([]);
  });
});

describe('hostile input', () => {
  it('refuses bodies over 5 MB with 413', async () => {
    const c = await t.as('civil-city');
    const big = JSON.stringify({ type: 'Feature', properties: { code: 'x', name: 'x' }, geometry: null, pad: 'x'.repeat(5 * 1024 * 1024) });
    const r = await c.json('POST', '/api/layers/grids', { body: big });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('body_too_large');
  });

  it('refuses a feature with more than 50,000 vertices with 413 naming it', async () => {
    const c = await t.as('civil-city');
    const gA = idByCode(t, AUTH.gridA);
    const ring = Array.from({ length: 50_001 }, (_, i) => [125.9 + (0.01 * i) / 50_001, 41.7 + (i % 2) * 1e-6]);
    ring.push(ring[0]);
    const before = dbFingerprint(t.db);
    const r = await c.json('PUT', `/api/layers/grids/${gA}`, { body: { geometry: { type: 'Polygon', coordinates: [ring] } }, headers: { 'If-Match': `"${versionOf(t, gA)}"` } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('too_many_vertices');
    expect(r.body.error.message).toMatch(/grids\/220502001001001 .* has 50,002 vertices; at most 50,000/);
    expect(dbFingerprint(t.db)).toBe(before);
  });

  it('sets security headers on API answers', async () => {
    const r = await t.anonymous.request('GET', '/api/health');
    expect(r.headers.get('Content-Security-Policy')).toMatch(/worker-src 'self' blob:/);
    expect(r.headers.get('Content-Security-Policy')).toMatch(/frame-ancestors 'none'/);
    expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(r.headers.get('Referrer-Policy')).toBe('same-origin');
  });
});

describe('after the suite', () => {
  it('the audit log holds an entry for every write (revision) and every login', () => {
    const revisions = t.db
      .prepare("SELECT r.entity, r.entity_id, r.op, c.actor FROM revisions r JOIN changes c ON c.id = r.change_id WHERE c.kind <> 'seed'")
      .all() as { entity: string; entity_id: number; op: string; actor: string }[];
    expect(revisions.length).toBeGreaterThanOrEqual(5);
    const has = t.db.prepare('SELECT count(*) AS n FROM audit WHERE action = ? AND entity = ? AND entity_id = ? AND actor = ?');
    for (const r of revisions) {
      expect((has.get(`${r.entity}.${r.op}`, r.entity, String(r.entity_id), r.actor) as { n: number }).n, `${r.entity}.${r.op} ${r.entity_id}`).toBeGreaterThan(0);
    }
    const logins = t.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'login'").get() as { n: number };
    expect(logins.n).toBeGreaterThan(5);
    expect((t.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'logout'").get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('no response or log line carried a password hash or a demo password', () => {
    const hashes = (t.db.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[]).map((r) => r.password_hash.split('$')[5]);
    const everything = [...t.seen, ...logged].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toMatch(/scrypt\$/);
    for (const h of hashes) expect(everything).not.toContain(h);
    for (const u of t.users) expect(logged.join('\n')).not.toContain(u.password);
  });
});
