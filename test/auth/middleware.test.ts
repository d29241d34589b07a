import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bootstrapAccounts } from '../../server/auth/bootstrap.ts';
import { installAuth } from '../../server/auth/install.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoCity } from '../../server/demo/seed.ts';
import { parseEnv } from '../../server/env.ts';
import { handleError } from '../../server/http/errors.ts';
import type { AppDeps, AppEnv } from '../../server/http/types.ts';
import { reportRoutes } from '../../server/reports/routes.ts';
import { queryAudit } from '../../server/audit/log.ts';
import { AUTH, authCity } from './fixture.ts';

/** An app with the auth install and one route that has NO policy rule. */
function appWithUnruledRoute() {
  const db = openDatabase(':memory:');
  migrate(db);
  seedDemoCity(db, authCity());
  const { demoUsers } = bootstrapAccounts(db, { demo: true, scryptN: 1024, print: () => {} });
  const deps: AppDeps = { db, env: parseEnv({ BEATGRID_DEMO: '0' }) };
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  installAuth(app, deps, { config: { scryptN: 1024 } });
  app.route('/api/reports', reportRoutes);
  app.get('/api/brand-new/:thing', (c) => c.json({ thing: c.req.param('thing'), user: c.get('user').username }));
  app.onError(handleError);
  const login = async (username: string) => {
    const u = demoUsers.find((x) => x.username === username)!;
    const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(u) });
    return (r.headers.get('set-cookie') ?? '').split(';')[0];
  };
  return { app, login, db };
}

describe('a route without a policy rule', () => {
  it('answers 401 logged out, lets only the admin through, and tells others why', async () => {
    const { app, login } = appWithUnruledRoute();
    expect((await app.request('/api/brand-new/x')).status).toBe(401);
    const admin = await app.request('/api/brand-new/x', { headers: { Cookie: await login('demo-admin') } });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ thing: 'x', user: 'demo-admin' });
    const civil = await app.request('/api/brand-new/x', { headers: { Cookie: await login('civil-city') } });
    expect(civil.status).toBe(403);
    const body = (await civil.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('no_policy_rule');
    expect(body.error.message).toMatch(/cannot call GET \/api\/brand-new\/:thing: this route has no access rule yet/);
  });
});

describe('exports', () => {
  it('a downloaded monthly report is audited (who, which county and month, format); JSON reads are not', async () => {
    const { app, login, db } = appWithUnruledRoute();
    const cookie = await login('leader-dongchang');
    const html = await app.request(`/api/reports/monthly?county=${AUTH.countyA}&month=2026-10&format=html`, { headers: { Cookie: cookie } });
    expect(html.status).toBe(200);
    const json = await app.request(`/api/reports/monthly?county=${AUTH.countyA}&month=2026-10`, { headers: { Cookie: cookie } });
    expect(json.status).toBe(200);
    const entries = queryAudit(db, { action: 'export.report' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'leader-dongchang', entity: 'report', entityId: `${AUTH.countyA}/2026-10.html` });
    // another county's report is outside a county leader's scope
    const other = await app.request(`/api/reports/monthly?county=${AUTH.countyB}&format=xlsx`, { headers: { Cookie: cookie } });
    expect(other.status).toBe(403);
  });
});
