import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { stmt } from '../db/statements.ts';
import { queryLayer, type LayerQuery } from './features.ts';

/**
 * Layer answers (FeatureCollection bodies) cached per database, keyed by layer + county +
 * station + bbox and valid while the newest change id is unchanged: every write goes through
 * commit(), which adds a `changes` row, so a cached body is valid exactly while max(changes.id)
 * is the same. The same number makes the answer's ETag.
 *
 * Why bbox answers are cached too (issue 8, "Load"): many users look at the same district
 * (the map opens on a county's bbox, county-scoped users get their county), and building the
 * 东昌区 grids answer costs ~7 ms of SQL + splicing plus ~4 ms of gzip, which at 50 concurrent
 * readers made p99 over a second (docs/BENCHMARKS.md). The cache holds encoded bytes (UTF-8
 * and gzip), so a hit re-serialises nothing. It is bounded (least recently used entries go
 * first) because every panned map view is a new bbox.
 */
interface Entry {
  changeId: number;
  body: Uint8Array<ArrayBuffer>;
  /** gzip of body, computed on first demand off the event loop (zlib's thread pool), shared by concurrent requests */
  gz?: Promise<Uint8Array<ArrayBuffer>>;
  gzBytes: number;
}

/** At most this many cached answers per database... */
const MAX_ENTRIES = 512;
/** ...and this many bytes (UTF-8 + gzip) in total. */
const MAX_BYTES = 64 * 1024 * 1024;
/** gzip level: 4 is within a few % of 6 in size on GeoJSON and ~2× faster. */
const GZIP_LEVEL = 4;

interface Cache {
  entries: Map<string, Entry>;
  bytes: number;
}
const caches = new WeakMap<Db, Cache>();
const gzipAsync = promisify(gzipCb);

/** The id of the newest change (0 for an empty history). */
export function latestChangeId(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(id), 0) AS id FROM changes').get() as { id: number }).id;
}

/** A layer answer: its ETag known up front, the bytes built (or taken from the cache) on demand. */
export interface LayerAnswer {
  etag: string;
  /** the FeatureCollection as UTF-8 JSON */
  body: () => Uint8Array<ArrayBuffer>;
  /** the same gzipped */
  gzip: () => Promise<Uint8Array<ArrayBuffer>>;
}

function cacheOf(db: Db): Cache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { entries: new Map(), bytes: 0 }));
  return c;
}

function drop(c: Cache, key: string): void {
  const e = c.entries.get(key);
  if (!e) return;
  c.bytes -= e.body.byteLength + e.gzBytes;
  c.entries.delete(key);
}

/** Entries and bytes held for a database (for tests and diagnostics), with the bounds. */
export function layerCacheStats(db: Db): { entries: number; bytes: number; maxEntries: number; maxBytes: number } {
  const c = caches.get(db);
  return { entries: c?.entries.size ?? 0, bytes: c?.bytes ?? 0, maxEntries: MAX_ENTRIES, maxBytes: MAX_BYTES };
}

/** Evicts least recently used entries (the Map's first keys) until the cache is within its bounds. */
function trim(c: Cache): void {
  for (const key of c.entries.keys()) {
    if (c.entries.size <= MAX_ENTRIES && c.bytes <= MAX_BYTES) return;
    drop(c, key);
  }
}

/**
 * A layer's FeatureCollection answer for a query (whole layer, county/station filter and/or
 * bbox) and its ETag. Bodies are cached (see the module comment); compare the ETag with
 * If-None-Match before calling body() to answer 304 without building anything.
 */
export function cachedLayer(db: Db, layer: LayerName, q: LayerQuery): LayerAnswer {
  const changeId = latestChangeId(db);
  const key = `${layer}|${q.county ?? ''}|${q.station ?? ''}|${q.bbox?.join(',') ?? ''}`;
  const etag = `W/"c${changeId}-${Buffer.from(key).toString('base64url')}"`;
  const c = cacheOf(db);
  let memo: Entry | undefined; // body() and gzip() of one answer use the same entry
  const lookup = (): Entry => {
    const hit = c.entries.get(key);
    if (hit && hit.changeId === changeId) {
      // most recently used goes last
      c.entries.delete(key);
      c.entries.set(key, hit);
      return hit;
    }
    if (hit) drop(c, key);
    const body = new TextEncoder().encode(queryLayer(db, layer, q).json);
    const e: Entry = { changeId, body, gzBytes: 0 };
    c.entries.set(key, e);
    c.bytes += body.byteLength;
    trim(c);
    return e;
  };
  const entry = () => (memo ??= lookup());
  return {
    etag,
    body: () => entry().body,
    gzip: () => {
      const e = entry();
      e.gz ??= gzipAsync(e.body, { level: GZIP_LEVEL }).then((b) => {
        // count the bytes only while the entry is still the cached one
        if (c.entries.get(key) === e) {
          e.gzBytes = b.byteLength;
          c.bytes += b.byteLength;
          trim(c);
        }
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>;
      }, (err: unknown) => {
        e.gz = undefined; // let the next request try again
        throw err;
      });
      return e.gz;
    },
  };
}
