import { Hono } from 'hono';
import type { Geometry } from 'geojson';
import { commit } from '../edits/commit.ts';
import type { CommitResult } from '../edits/types.ts';
import { NotFoundError } from '../http/errors.ts';
import { parseJsonText, parseWith, readBody, readJson } from '../http/input.ts';
import { baseVersion, bboxQuery, changeReason, etag, idParam, layerParam } from '../http/params.ts';
import type { AppEnv } from '../http/types.ts';
import { RESERVED_PROPS, featureRowToFeature, getFeatureRow, type FeatureRow } from '../store/features.ts';
import { cachedLayer } from '../store/layer-cache.ts';
import type { LayerName } from '../domain/layers.ts';
import { assertReadable, readCounty } from '../auth/read-scope.ts';
import { createBodySchema, deleteBodySchema, layerQuerySchema, updateBodySchema } from './schemas.ts';

/** Layer bodies larger than this (UTF-8 bytes) are gzipped for clients that accept it (the gzip is cached). */
const GZIP_MIN_BYTES = 32 * 1024;

/** A live feature of the layer, or 404. */
function liveRow(c: { get(k: 'deps'): AppEnv['Variables']['deps'] }, layer: LayerName, id: number): FeatureRow {
  const row = getFeatureRow(c.get('deps').db, id);
  if (!row || row.layer !== layer || row.retired_at) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
  return row;
}

/**
 * A feature of the layer to write to, or 404. A RETIRED feature is returned (not 404): commit()
 * then answers 409 with its current state, so a client that lost a race against a merge,
 * split or delete learns what happened instead of "not found".
 */
function writableRow(c: { get(k: 'deps'): AppEnv['Variables']['deps'] }, layer: LayerName, id: number): FeatureRow {
  const row = getFeatureRow(c.get('deps').db, id);
  if (!row || row.layer !== layer) throw new NotFoundError(`No ${layer} feature with id ${id}`, { layer, id });
  return row;
}

/** Splits request properties into the columns and the free-form props. */
function splitProps(p: Record<string, unknown>) {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!(RESERVED_PROPS as readonly string[]).includes(k)) props[k] = v;
  return props;
}

/** The feature as served after a write, with the change as a foreign member. */
function writtenFeature(result: CommitResult) {
  const f = result.features[0];
  const rev = result.revisions[0];
  return { ...f, change: { id: result.changeId, revisionId: rev.revisionId, hooks: result.hookResults } };
}

/** /api/layers: FeatureCollections and feature CRUD (every write through commit()). */
export const layerRoutes = new Hono<AppEnv>()
  .get('/:layer', async (c) => {
    const layer = layerParam(c);
    const bbox = bboxQuery(c);
    const q = parseWith(layerQuerySchema, c.req.query(), 'query');
    // a county-scoped reader gets its county only (another ?county= is refused by the policy rule)
    const county = readCounty(c.get('user')) ?? q.county;
    const answer = cachedLayer(c.get('deps').db, layer, { bbox, county, station: q.station });
    const headers = { ETag: answer.etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    // the ETag is known before the body: a revalidation costs no query (server/store/layer-cache.ts)
    if (c.req.header('If-None-Match') === answer.etag) return c.body(null, 304, headers);
    const type = { 'Content-Type': 'application/geo+json; charset=utf-8' };
    const body = answer.body();
    if (body.byteLength > GZIP_MIN_BYTES && /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      return c.body(await answer.gzip(), 200, { ...headers, ...type, 'Content-Encoding': 'gzip' });
    }
    return c.body(body, 200, { ...headers, ...type });
  })
  .get('/:layer/:id', (c) => {
    const layer = layerParam(c);
    const row = liveRow(c, layer, idParam(c));
    assertReadable(c.get('deps').db, c.get('user'), layer, row.id); // out of scope: 404, like an absent id
    c.header('ETag', etag(row.version));
    return c.json(featureRowToFeature(row));
  })
  .post('/:layer', async (c) => {
    const layer = layerParam(c);
    const body = await readBody(c, createBodySchema);
    const { code, name, parentId, stationId, ...rest } = body.properties;
    const result = commit(c.get('deps').db, {
      kind: 'create',
      actor: c.get('user').username,
      reason: changeReason(c, body.reason),
      ops: [
        { entity: 'feature', op: 'create', layer, code, name, parentId, stationId, props: splitProps(rest), geometry: body.geometry as Geometry },
      ],
    });
    const f = writtenFeature(result);
    c.header('Location', `/api/layers/${layer}/${f.id}`);
    c.header('ETag', etag(result.revisions[0].version));
    return c.json(f, 201);
  })
  .put('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    const id = idParam(c);
    const body = parseWith(updateBodySchema, await readJson(c), 'request body');
    const version = baseVersion(c, body.version);
    writableRow(c, layer, id);
    const set: Record<string, unknown> = {};
    if (body.geometry !== undefined) set.geometry = body.geometry;
    if (body.properties) {
      const { code, name, parentId, stationId, ...rest } = body.properties;
      Object.assign(set, { code, name, parentId, stationId, props: splitProps(rest) });
      for (const k of Object.keys(set)) if (set[k] === undefined) delete set[k];
    }
    const result = commit(c.get('deps').db, {
      kind: 'update',
      actor: c.get('user').username,
      reason: changeReason(c, body.reason),
      ops: [{ entity: 'feature', op: 'update', id, baseVersion: version, set }],
    });
    c.header('ETag', etag(result.revisions[0].version));
    return c.json(writtenFeature(result));
  })
  .delete('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    const id = idParam(c);
    const text = await c.req.text();
    const body = text.trim() ? parseWith(deleteBodySchema, parseJsonText(text), 'request body') : {};
    const version = baseVersion(c, body.version);
    writableRow(c, layer, id);
    const result = commit(c.get('deps').db, {
      kind: 'delete',
      actor: c.get('user').username,
      reason: changeReason(c, body.reason),
      ops: [{ entity: 'feature', op: 'retire', id, baseVersion: version }],
    });
    const rev = result.revisions[0];
    return c.json({ id, layer, retired: true, version: rev.version, change: { id: result.changeId, revisionId: rev.revisionId, hooks: result.hookResults } });
  });
