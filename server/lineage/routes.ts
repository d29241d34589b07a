import { Hono } from 'hono';
import { NotFoundError } from '../http/errors.ts';
import { idParam, layerParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { getFeatureRow } from '../store/features.ts';
import { lineageOf } from './lineage.ts';
import { assertReadable } from '../auth/read-scope.ts';

/** /api/lineage/:layer/:id → {id, layer, code, becameFrom, became} (transitive). */
export const lineageRoutes = new Hono<AppEnv>().get('/:layer/:id', (c) => {
  const layer = layerParam(c);
  const id = idParam(c);
  const db = c.get('deps').db;
  const row = getFeatureRow(db, id);
  if (!row || row.layer !== layer) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
  assertReadable(db, c.get('user'), layer, id);
  return c.json({ id, layer, code: row.code, retiredAt: row.retired_at, ...lineageOf(db, id) });
});
