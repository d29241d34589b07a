import { Hono } from 'hono';
import { z } from 'zod';
import { revertFeature } from '../edits/revert.ts';
import { NotFoundError } from '../http/errors.ts';
import { readBody } from '../http/input.ts';
import { changeReason, etag, idParam, layerParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { featureRowToFeature, getFeatureRow } from '../store/features.ts';
import { featureHistory, featureLineage } from './history.ts';
import { relatedOf } from './related.ts';
import type { Context } from 'hono';
import { assertReadable, readFilter } from '../auth/read-scope.ts';

const revertSchema = z.object({
  revision: z.number().int().positive(),
  reason: z.string().max(2000).optional(),
  version: z.number().int().positive().optional(),
});

/** The feature of the layer (live or retired), else 404; also 404 when outside the user's read scope. */
function rowOf(c: Context<AppEnv>) {
  const layer = layerParam(c);
  const id = idParam(c);
  const row = getFeatureRow(c.get('deps').db, id);
  if (!row || row.layer !== layer) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
  assertReadable(c.get('deps').db, c.get('user'), layer, id);
  return row;
}

/** /api/features: history, revert, related records. */
export const featureRoutes = new Hono<AppEnv>()
  .get('/:layer/:id/history', (c) => {
    const row = rowOf(c);
    const db = c.get('deps').db;
    return c.json({
      feature: { id: row.id, layer: row.layer, code: row.code, name: row.name, version: row.version, retiredAt: row.retired_at },
      revisions: featureHistory(db, row.id),
      lineage: featureLineage(db, row.id),
    });
  })
  .post('/:layer/:id/revert', async (c) => {
    const row = rowOf(c);
    const body = await readBody(c, revertSchema);
    const ifMatch = c.req.header('If-Match');
    const m = ifMatch ? /(\d+)/.exec(ifMatch) : null;
    const result = revertFeature(c.get('deps').db, {
      featureId: row.id,
      revisionId: body.revision,
      actor: c.get('user').username,
      reason: changeReason(c, body.reason),
      baseVersion: m ? Number(m[1]) : body.version,
    });
    const rev = result.revisions[0];
    const after = getFeatureRow(c.get('deps').db, row.id)!;
    c.header('ETag', etag(after.version));
    return c.json({
      feature: after.retired_at ? null : featureRowToFeature(after),
      retired: after.retired_at !== null,
      change: { id: result.changeId, revisionId: rev.revisionId, version: rev.version, hooks: result.hookResults },
    });
  })
  .get('/:layer/:id/related', (c) => {
    const db = c.get('deps').db;
    return c.json(relatedOf(db, rowOf(c), readFilter(db, c.get('user'))));
  });
