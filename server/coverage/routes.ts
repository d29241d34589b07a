import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { NotFoundError } from '../http/errors.ts';
import { parseWith } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { coverageOf } from './load.ts';
import { readCoverageSettings } from './settings.ts';
import { COVERAGE_LEVELS, type CoverageRow } from './types.ts';
import { readCounty } from '../auth/read-scope.ts';

const countyCode = z.string().trim().regex(/^[0-9A-Za-z_-]{1,32}$/, 'must be a county code such as 220502');

const coverageQuery = z.object({
  level: z.enum(COVERAGE_LEVELS, { error: `level must be one of ${COVERAGE_LEVELS.join(', ')}` }).default('county'),
  county: countyCode.optional(),
});

const vacancyQuery = z.object({
  county: countyCode.optional(),
  kind: z.enum(['grid-without-officer', 'community-without-assistant', 'community-without-room', 'grid-without-post']).optional(),
});

const distanceQuery = z.object({
  county: countyCode.optional(),
  format: z.enum(['json', 'geojson']).default('json'),
});

/** 404 when `code` is given and is not a live county. */
function checkCounty(db: Db, code: string | undefined): void {
  if (code === undefined) return;
  const hit = db.prepare("SELECT 1 FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL").get(code);
  if (!hit) throw new NotFoundError(`No county with code ${code}`, { county: code }, 'unknown_county');
}

/**
 * The query with `county` defaulted to the reader's county (county-scoped leadership and civil
 * affairs read their county only; naming another county is refused by the policy rule).
 */
function inScope<Q extends { county?: string }>(user: Parameters<typeof readCounty>[0], q: Q): Q {
  const own = readCounty(user);
  return own === null ? q : { ...q, county: own };
}

/**
 * /api/coverage: coverage figures per level (contract: `level=county` → one row per county),
 * vacancies and overloads, and per-grid distance to the nearest room/post.
 */
export const coverageRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const q = inScope(c.get('user'), parseWith(coverageQuery, c.req.query(), 'query'));
    const db = c.get('deps').db;
    checkCounty(db, q.county);
    const a = coverageOf(db);
    const rows: CoverageRow[] = a.rows[q.level].filter((r) => !q.county || r.countyCode === q.county);
    return c.json({
      level: q.level,
      county: q.county ?? null,
      generatedAt: new Date().toISOString(),
      hasAlignment: a.hasAlignment,
      hasNotices: a.hasNotices,
      settings: readCoverageSettings(db),
      rows,
    });
  })
  .get('/vacancies', (c) => {
    const q = inScope(c.get('user'), parseWith(vacancyQuery, c.req.query(), 'query'));
    const db = c.get('deps').db;
    checkCounty(db, q.county);
    const a = coverageOf(db);
    const vacancies = a.vacancies.filter((v) => (!q.county || v.countyCode === q.county) && (!q.kind || v.kind === q.kind));
    const overloads = a.overloads.filter((o) => !q.county || o.countyCodes.includes(q.county));
    return c.json({ county: q.county ?? null, vacancies, overloads, maxGridsPerOfficer: readCoverageSettings(db).maxGridsPerOfficer });
  })
  .get('/distance', (c) => {
    const q = inScope(c.get('user'), parseWith(distanceQuery, c.req.query(), 'query'));
    const db = c.get('deps').db;
    checkCounty(db, q.county);
    const a = coverageOf(db);
    const grids = a.distances.filter((d) => !q.county || d.countyCode === q.county);
    const scope = q.county ? a.rows.county.find((r) => r.code === q.county)! : a.rows.city[0];
    if (q.format === 'json') return c.json({ county: q.county ?? null, reach: scope.reach, settings: readCoverageSettings(db), grids });
    // GeoJSON: grid polygons with their coverage facts, for the gap choropleth
    const gridRows = new Map(a.rows.grid.map((r) => [r.id, r]));
    const geom = db.prepare("SELECT id, geometry FROM features WHERE layer = 'grids' AND retired_at IS NULL").all() as {
      id: number;
      geometry: string;
    }[];
    const byId = new Map(geom.map((g) => [g.id, g.geometry]));
    const parts: string[] = [];
    for (const d of grids) {
      const g = byId.get(d.gridId);
      const r = gridRows.get(d.gridId);
      if (!g || !r) continue;
      const hasPost = r.post.n > 0;
      const hasOfficer = r.officer.n > 0;
      const props = {
        code: d.code,
        name: r.name,
        countyCode: d.countyCode,
        nearestM: d.nearestM,
        toPostM: d.toPostM,
        toRoomM: d.toRoomM,
        reachM: d.reachM,
        /** nearest distance in units of the reach distance (null: no serving facility at all) */
        reachRatio: d.nearestM === null ? null : Math.round((d.nearestM / d.reachM) * 1000) / 1000,
        withinReach: d.withinReach,
        hasPost,
        hasOfficer,
        gap: hasPost && hasOfficer ? 'covered' : hasPost ? 'no-officer' : hasOfficer ? 'no-post' : 'neither',
      };
      parts.push(`{"type":"Feature","id":${d.gridId},"geometry":${g},"properties":${JSON.stringify(props)}}`);
    }
    return c.body(`{"type":"FeatureCollection","features":[${parts.join(',')}]}`, 200, {
      'Content-Type': 'application/geo+json; charset=utf-8',
    });
  });
