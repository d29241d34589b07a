import { Hono } from 'hono';
import { migrationCount } from '../db/migrate.ts';
import { LAYERS } from '../domain/layers.ts';
import { countByLayer } from '../store/features.ts';
import type { AppEnv } from './types.ts';

/** GET /api/health: liveness, version, migrations applied, live feature counts per layer. */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { db, version } = c.get('deps');
  const counts = countByLayer(db);
  return c.json({
    ok: true,
    version: version ?? '0.0.0',
    db: { migrations: migrationCount(db) },
    counts: Object.fromEntries(LAYERS.map((l) => [l, counts[l] ?? 0])),
  });
});

/** GET /api/config: what the page needs to start (basemap URL, layer names). */
export const configRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { env } = c.get('deps');
  return c.json({ basemapUrl: env.basemapUrl, layers: LAYERS, demo: env.demo });
});
