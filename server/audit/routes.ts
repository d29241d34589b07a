import { Hono } from 'hono';
import { z } from 'zod';
import { CITY } from '../auth/roles.ts';
import { parseWith } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { queryAudit } from './log.ts';

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/, 'must be an ISO date YYYY-MM-DD or date-time');

const querySchema = z.object({
  user: z.string().trim().min(1).max(100).optional(),
  entity: z.string().trim().min(1).max(100).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  before: z.string().regex(/^\d+$/, 'must be an entry id').transform(Number).optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(1).max(1000)).optional(),
});

/**
 * GET /api/audit[?user=&entity=&action=&from=&to=&before=&limit=] → {entries, nextBefore}:
 * newest first; `entity` is a kind (`feature`) or one entity (`feature:345`); `action` an
 * action or a prefix ending in '.' (`feature.`). County-scoped leadership sees only entries of
 * its county. There is no route that changes or deletes entries.
 */
export const auditRoutes = new Hono<AppEnv>().get('/', (c) => {
  const q = parseWith(querySchema, c.req.query(), 'audit query');
  const user = c.get('user');
  const county = user.role === 'leadership' && user.scope !== CITY ? user.scope : undefined;
  const entries = queryAudit(c.get('deps').db, { ...q, county });
  const limit = q.limit ?? 200;
  return c.json({ entries, nextBefore: entries.length === limit ? entries[entries.length - 1].id : null });
});
