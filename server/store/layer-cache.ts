import { gzipSync } from 'node:zlib';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { stmt } from '../db/statements.ts';
import { queryLayer, type LayerQuery } from './features.ts';

/**
 * Whole-layer responses (no bbox) cached per database and keyed by the newest change id:
 * every write goes through commit(), which adds a `changes` row, so a cached body is valid
 * exactly while max(changes.id) is unchanged. The same number makes the layer's ETag.
 */
interface Entry {
  changeId: number;
  json: string;
  gz?: Buffer;
}
const caches = new WeakMap<Db, Map<string, Entry>>();

/** The id of the newest change (0 for an empty history). */
export function latestChangeId(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(id), 0) AS id FROM changes').get() as { id: number }).id;
}

/**
 * A layer's FeatureCollection JSON and its ETag. Requests with a bbox are not cached (too
 * many distinct keys); whole layers and county/station filters are.
 */
export function cachedLayer(db: Db, layer: LayerName, q: LayerQuery): { json: string; etag: string; gzip: () => Buffer } {
  const changeId = latestChangeId(db);
  const key = `${layer}|${q.county ?? ''}|${q.station ?? ''}|${q.bbox?.join(',') ?? ''}`;
  const etag = `W/"c${changeId}-${Buffer.from(key).toString('base64url')}"`;
  if (q.bbox) {
    const json = queryLayer(db, layer, q).json;
    return { json, etag, gzip: () => gzipSync(json, { level: 4 }) };
  }
  let m = caches.get(db);
  if (!m) caches.set(db, (m = new Map()));
  const hit = m.get(key);
  let entry = hit && hit.changeId === changeId ? hit : undefined;
  if (!entry) {
    entry = { changeId, json: queryLayer(db, layer, q).json };
    m.set(key, entry);
  }
  const e = entry;
  return { json: e.json, etag, gzip: () => (e.gz ??= gzipSync(e.json, { level: 4 })) };
}
