import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { searchFeatures } from './search.ts';
import { readCounty, readFilter } from '../auth/read-scope.ts';

const querySchema = z.object({
  q: z.string().trim().min(1, 'q (the code or name to search for) is required').max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** GET /api/search?q=&limit= */
export const searchRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { q, limit } = parseWith(querySchema, c.req.query(), 'query');
  const db = c.get('deps').db;
  const user = c.get('user');
  return c.json({ q, results: searchFeatures(db, q, limit, readCounty(user) === null ? undefined : readFilter(db, user)) });
});
