import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { searchFeatures } from './search.ts';

const querySchema = z.object({
  q: z.string().trim().min(1, 'q (the code or name to search for) is required').max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** GET /api/search?q=&limit= */
export const searchRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { q, limit } = parseWith(querySchema, c.req.query(), 'query');
  return c.json({ q, results: searchFeatures(c.get('deps').db, q, limit) });
});
