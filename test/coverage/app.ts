import { Hono } from 'hono';
import type { AppEnv } from '../../server/http/types.ts';
import { handleError } from '../../server/http/errors.ts';
import { userMiddleware } from '../../server/http/user.ts';
import { layerRoutes } from '../../server/layers/routes.ts';
import { coverageRoutes } from '../../server/coverage/routes.ts';
import { reportRoutes } from '../../server/reports/routes.ts';
import { assignmentRoutes, staffRoutes } from '../../server/staff/routes.ts';
import { facilityRoutes } from '../../server/facilities/routes.ts';
import { installFacilityHook } from '../../server/facilities/hook.ts';
import { makeTestApp, type TestApp } from '../support/api.ts';

/** TEMPORARY until server/app.ts mounts the coverage routes: a test app with them mounted. */
export function makeCoverageTestApp(): TestApp {
  installFacilityHook();
  const t = makeTestApp();
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', { db: t.db, env: t.env, version: 'test' });
    await next();
  });
  app.use('/api/*', userMiddleware());
  app.route('/api/layers', layerRoutes);
  app.route('/api/coverage', coverageRoutes);
  app.route('/api/reports', reportRoutes);
  app.route('/api/staff', staffRoutes);
  app.route('/api/assignments', assignmentRoutes);
  app.route('/api/facilities', facilityRoutes);
  app.onError(handleError);
  const request = (method: string, path: string, o: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  return {
    ...t,
    app,
    request,
    async json(method, path, o) {
      const res = await request(method, path, o);
      const text = await res.text();
      let parsed: any = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
  };
}
