import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { featureRoutes } from './features/routes.ts';
import { errorBody, handleError } from './http/errors.ts';
import { configRoutes, healthRoutes } from './http/system-routes.ts';
import type { AppDeps, AppEnv } from './http/types.ts';
import { installAuth } from './auth/install.ts';
import { layerRoutes } from './layers/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { alignmentRoutes } from './alignment-service/routes.ts';
import { installEditingHooks } from './grids/install.ts';
import { changeRoutes, editRoutes, gridRoutes, zoneRoutes } from './grids/routes.ts';
import { lineageRoutes } from './lineage/routes.ts';
import { noticeRoutes } from './notices/routes.ts';
import { coverageRoutes } from './coverage/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { assignmentRoutes, staffRoutes } from './staff/routes.ts';
import { facilityRoutes } from './facilities/routes.ts';
import { installFacilityHook } from './facilities/hook.ts';
import { importRoutes } from './imports/routes.ts';

export type { AppDeps, AppEnv } from './http/types.ts';

/**
 * The API's route modules, mounted under /api in this order. Add one line per resource.
 */
const ROUTES: [path: string, routes: Hono<AppEnv>][] = [
  ['/health', healthRoutes],
  ['/config', configRoutes],
  ['/layers', importRoutes], // before layerRoutes: GET /:layer/:id would take /:layer/export
  ['/layers', layerRoutes],
  ['/features', featureRoutes],
  ['/search', searchRoutes],
  ['/alignment', alignmentRoutes],
  ['/grids', gridRoutes],
  ['/zones', zoneRoutes],
  ['/edits', editRoutes],
  ['/changes', changeRoutes],
  ['/notices', noticeRoutes],
  ['/lineage', lineageRoutes],
  ['/coverage', coverageRoutes],
  ['/reports', reportRoutes],
  ['/staff', staffRoutes],
  ['/assignments', assignmentRoutes],
  ['/facilities', facilityRoutes],
];

/**
 * Builds the Hono app: deps on every request, the user middleware (THE place that decides
 * who acts), the /api routes, one error handler, JSON 404s for /api/*, and, when a dist dir
 * is given, the built page with SPA fallback to index.html.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  installAuth(app, deps, deps.auth); // sessions → c.get('user'), CSRF, policy, audit, security headers
  installEditingHooks(); // edit validation + notices on every commit (issue 4)
  installFacilityHook(); // facility status/date rules, moved-out-of-parent report (issue 5)
  for (const [path, routes] of ROUTES) app.route(`/api${path}`, routes);
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No API route ${c.req.method} ${c.req.path}`), 404));
  app.onError(handleError);

  const dist = deps.distDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    app.use('*', serveStatic({ root: dist }));
    app.get('*', (c) => c.html(readFileSync(join(dist, 'index.html'), 'utf8')));
  }
  app.notFound((c) => c.json(errorBody('not_found', `Not found: ${c.req.path}`), 404));
  return app;
}
