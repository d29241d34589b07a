/**
 * Editing routes of issue 4 (server side). Shapes: docs/EDITING-API.md.
 *   /api/grids:   POST /merge, POST /:id/split, POST /:id/move-vertex
 *   /api/zones:   POST /from-grids
 *   /api/edits:   POST /validate
 *   /api/changes: POST /:changeId/revert
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { buildZoneFromGrids } from '../edits/build-zone.ts';
import { mergeGrids } from '../edits/merge.ts';
import { splitGrid } from '../edits/split.ts';
import { moveSharedVertex } from '../edits/topology.ts';
import { validateEdit } from '../edits/validate-edit.ts';
import type { Geometry } from 'geojson';
import { LIMITS, assertFeatureLimits } from '../auth/limits.ts';
import { isLayerName } from '../domain/layers.ts';
import { NotFoundError } from '../http/errors.ts';
import { parseJsonText, parseWith, readBody } from '../http/input.ts';
import { getFeatureRow } from '../store/features.ts';
import type { AreaGeometry } from './geom.ts';
import { changeReason, idParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { revertChange } from './change-revert.ts';

/** [lon, lat] in WGS84 degrees: a line out to ±1e300 is not a place (and overflows the geometry maths). */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** Ids listed once each: a repeated id is a client bug, refused rather than silently merged. */
const uniqueIds = (ids: number[]) => new Set(ids).size === ids.length;
const uniqueMessage = { message: 'lists an id more than once' };
const reason = z.string().max(2000).optional();
const versions = z.record(z.string().regex(/^\d+$/), z.number().int().positive()).optional();
const lineString = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(10_000) });
const lineInput = z.union([lineString, z.object({ type: z.literal('Feature'), geometry: lineString }).passthrough()]);

const mergeSchema = z.object({
  ids: z.array(z.number().int().positive()).min(2).max(LIMITS.mergeGrids).refine(uniqueIds, uniqueMessage),
  reason,
  versions,
  code: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
const splitSchema = z.object({
  line: lineInput,
  reason,
  baseVersion: z.number().int().positive().optional(),
  codes: z.tuple([z.string().trim().min(1).max(64), z.string().trim().min(1).max(64)]).optional(),
  names: z.tuple([z.string().trim().min(1).max(200), z.string().trim().min(1).max(200)]).optional(),
});
const moveSchema = z.object({
  from: position,
  to: position,
  baseVersion: z.number().int().positive(),
  reason,
  versions,
  includeZones: z.boolean().optional(),
  includeCommunities: z.boolean().optional(),
});
const zoneSchema = z.object({
  layer: z.enum(['beats', 'aux-grids']),
  stationId: z.number().int().positive(),
  gridIds: z.array(z.number().int().positive()).min(1).max(500).refine(uniqueIds, uniqueMessage),
  code: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  replaceId: z.number().int().positive().optional(),
  baseVersion: z.number().int().positive().optional(),
  reason,
});
const validateSchema = z.object({
  layer: z.string().refine(isLayerName, 'must be a layer name'),
  geometry: z.object({ type: z.string() }).passthrough(),
  id: z.number().int().positive().optional(),
  parentId: z.number().int().positive().nullable().optional(),
});
const revertSchema = z.object({ reason }).optional();

const dryRun = (c: Context) => ['1', 'true'].includes(c.req.query('dryRun') ?? '');
const actor = (c: Context<AppEnv>) => c.get('user').username;

/** /api/grids */
export const gridRoutes = new Hono<AppEnv>()
  .post('/merge', async (c) => {
    const b = await readBody(c, mergeSchema);
    const out = mergeGrids(c.get('deps').db, { ...b, reason: changeReason(c, b.reason), actor: actor(c), dryRun: dryRun(c) });
    return c.json(out, out.dryRun ? 200 : 201);
  })
  .post('/:id/split', async (c) => {
    const id = idParam(c);
    const b = await readBody(c, splitSchema);
    const line = b.line.type === 'Feature' ? b.line.geometry : b.line;
    const out = splitGrid(c.get('deps').db, { ...b, id, line, reason: changeReason(c, b.reason), actor: actor(c), dryRun: dryRun(c) });
    return c.json(out, out.dryRun ? 200 : 201);
  })
  .post('/:id/move-vertex', async (c) => {
    const id = idParam(c);
    const b = await readBody(c, moveSchema);
    const out = moveSharedVertex(c.get('deps').db, { ...b, id, reason: changeReason(c, b.reason), actor: actor(c), dryRun: dryRun(c) });
    return c.json(out, 200);
  });

/** /api/zones */
export const zoneRoutes = new Hono<AppEnv>().post('/from-grids', async (c) => {
  const b = await readBody(c, zoneSchema);
  const out = buildZoneFromGrids(c.get('deps').db, { ...b, reason: changeReason(c, b.reason), actor: actor(c), dryRun: dryRun(c) });
  return c.json(out, out.created && !out.dryRun ? 201 : 200);
});

/** /api/edits */
export const editRoutes = new Hono<AppEnv>().post('/validate', async (c) => {
  const b = await readBody(c, validateSchema);
  assertFeatureLimits(b.geometry as unknown as Geometry, `the ${b.layer} geometry`); // 413, as the commit would answer
  const db = c.get('deps').db;
  const row = b.id !== undefined ? getFeatureRow(db, b.id) : undefined;
  if (b.id !== undefined && (!row || row.layer !== b.layer)) throw new NotFoundError(`No ${b.layer} feature with id ${b.id}`, { layer: b.layer, id: b.id });
  const before = row && !row.retired_at ? (JSON.parse(row.geometry) as AreaGeometry) : null;
  const parentId = b.parentId ?? row?.parent_id ?? null;
  return c.json(validateEdit(db, { layer: b.layer, id: b.id, geometry: b.geometry as never, before, parentId, label: row ? `${b.layer} ${row.code}` : undefined }));
});

/** /api/changes */
export const changeRoutes = new Hono<AppEnv>().post('/:changeId/revert', async (c) => {
  const changeId = idParam(c, 'changeId');
  const text = await c.req.text();
  const b = text.trim() ? parseWith(revertSchema, parseJsonText(text), 'request body') : undefined;
  const out = revertChange(c.get('deps').db, { changeId, actor: actor(c), reason: changeReason(c, b?.reason), dryRun: dryRun(c) });
  return c.json(out, 200);
});
