import { describe, expect, it } from 'vitest';
import { policyFor, PUBLIC, SESSION_ONLY } from '../../server/auth/policy.ts';
import { AUTH } from './fixture.ts';
import { authApp, idByCode, type AuthTestApp } from './support.ts';
import type { Client } from '../support/api.ts';

/**
 * The role × endpoint matrix, generated from the app's route table (`app.routes`): every
 * API route must have a policy rule (a new route without one FAILS here), and every route
 * is called by every role with the expected outcome:
 *   - logged out: 401 (except the public routes)
 *   - 'allow': neither 401 nor 403 (the request itself may be invalid: no body, no If-Match)
 *   - 'deny': 403
 * Default expectations: reads are open to every logged-in role; writes are refused to
 * leadership. Routes with sharper rules are listed in EXPECT. No route may answer 5xx.
 */

const USERS = ['demo-admin', 'civil-dongchang', 'civil-tonghuaxian', 'police-ps-dc-01', 'leader-city', 'leader-dongchang'] as const;
type Who = (typeof USERS)[number];
type Outcome = 'allow' | 'deny' | 'any';

const ALL_ALLOW: Record<Who, Outcome> = Object.fromEntries(USERS.map((u) => [u, 'allow'])) as Record<Who, Outcome>;
const only = (...allowed: Who[]): Record<Who, Outcome> =>
  Object.fromEntries(USERS.map((u) => [u, allowed.includes(u) ? 'allow' : 'deny'])) as Record<Who, Outcome>;

/** Sharper expectations, with the path parameters each route is called with. */
const EXPECT: Record<string, { params?: Record<string, string>; query?: string; expect: Record<Who, Outcome> }> = {
  'GET /api/audit': { expect: only('demo-admin', 'leader-city', 'leader-dongchang') },
  'GET /api/users': { expect: only('demo-admin') },
  'POST /api/users': { expect: only('demo-admin') },
  'PATCH /api/users/:username': { params: { username: 'civil-city' }, expect: only('demo-admin') },
  'POST /api/users/:username/password': { params: { username: 'civil-city' }, expect: only('demo-admin') },
  'POST /api/auth/logout': { expect: ALL_ALLOW },
  'POST /api/auth/password': { expect: ALL_ALLOW },
  // grid A lies in 东昌区: its civil affairs and the admin may write it
  'POST /api/layers/:layer': { params: { layer: 'grids' }, expect: only('demo-admin', 'civil-dongchang', 'civil-tonghuaxian') },
  'PUT /api/layers/:layer/:id': { params: { layer: 'grids', id: 'gridA' }, expect: only('demo-admin', 'civil-dongchang') },
  'DELETE /api/layers/:layer/:id': { params: { layer: 'beats', id: 'beatA' }, expect: only('demo-admin', 'police-ps-dc-01') },
  'POST /api/features/:layer/:id/revert': { params: { layer: 'beats', id: 'beatB' }, expect: only('demo-admin') },
  'POST /api/grids/:id/split': { params: { id: 'gridA' }, expect: only('demo-admin', 'civil-dongchang') },
  'POST /api/grids/merge': { expect: only('demo-admin', 'civil-dongchang', 'civil-tonghuaxian') },
  'POST /api/alignment/realign': { expect: only('demo-admin', 'police-ps-dc-01') },
  'POST /api/facilities/import': { expect: only('demo-admin', 'police-ps-dc-01') },
  'POST /api/zones/from-grids': { expect: only('demo-admin', 'police-ps-dc-01') },
  'POST /api/notices/:id/ack': { params: { id: '999999' }, expect: only('demo-admin', 'police-ps-dc-01') },
  // a county's report: every role of that county (and city-wide roles), not other counties' civil affairs
  'GET /api/reports/monthly': {
    query: `county=${AUTH.countyA}&month=2026-11&format=html`,
    expect: only('demo-admin', 'civil-dongchang', 'police-ps-dc-01', 'leader-city', 'leader-dongchang'),
  },
};

function concretePath(t: AuthTestApp, pattern: string, params: Record<string, string> = {}): string {
  const ids: Record<string, () => number> = {
    gridA: () => idByCode(t, AUTH.gridA),
    beatA: () => idByCode(t, AUTH.beatA),
    beatB: () => idByCode(t, AUTH.beatB),
  };
  return pattern.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_, name: string) => {
    const v = params[name] ?? (name === 'layer' ? 'grids' : name === 'username' ? 'civil-city' : name === 'station' ? String(idByCode(t, AUTH.stationA)) : name === 'county' ? AUTH.countyA : 'gridA');
    return ids[v] ? String(ids[v]()) : v;
  });
}

function apiRoutes(t: AuthTestApp): { method: string; path: string }[] {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.endsWith('*'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

describe('role × endpoint matrix', () => {
  const probe = authApp();
  const routes = apiRoutes(probe);
  probe.close();

  it('finds the routes of the app', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('PUT /api/layers/:layer/:id');
  });

  it('every API route has a policy rule (add one in server/auth/policy.ts)', () => {
    const missing = routes.map((r) => `${r.method} ${r.path}`).filter((k) => policyFor(k) === undefined);
    expect(missing, `routes without a policy rule: ${missing.join(', ')}`).toEqual([]);
  });

  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    it(key, async () => {
      const t = authApp(); // fresh per route: writes of one route cannot disturb the next
      try {
        const spec = EXPECT[key];
        const path = concretePath(t, route.path, spec?.params) + (spec?.query ? `?${spec.query}` : '');
        const rule = policyFor(key);
        const anon = await t.anonymous.json(route.method, path);
        expect(anon.status, `${key} logged out`).toBeLessThan(500);
        if (rule === PUBLIC) expect(anon.status, `${key} logged out`).not.toBe(401);
        else expect(anon.status, `${key} logged out`).toBe(401);
        if (rule === PUBLIC) return;
        const write = !['GET', 'HEAD'].includes(route.method);
        for (const who of USERS) {
          const c: Client = await t.loginAs(who);
          const r = await c.json(route.method, path);
          const want: Outcome = spec?.expect[who] ?? (write && who.startsWith('leader') && rule !== SESSION_ONLY ? 'deny' : write ? 'any' : 'allow');
          const msg = `${key} as ${who}: ${r.status} ${r.text.slice(0, 200)}`;
          expect(r.status, msg).toBeLessThan(500);
          expect(r.status, msg).not.toBe(401);
          if (want === 'allow') expect(r.status, msg).not.toBe(403);
          if (want === 'deny') {
            expect(r.status, msg).toBe(403);
            expect(r.body?.error?.message, msg).toBeTruthy();
          }
        }
      } finally {
        t.close();
      }
    });
  }
});
