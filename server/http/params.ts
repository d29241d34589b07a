import type { Context } from 'hono';
import { isLayerName, type LayerName } from '../domain/layers.ts';
import { BadRequestError, NotFoundError, PreconditionRequiredError } from './errors.ts';
import type { BBox } from '../store/bbox.ts';

/** The :layer path parameter; an unknown layer → 404 naming the valid ones. */
export function layerParam(c: Context): LayerName {
  const layer = c.req.param('layer') ?? '';
  if (!isLayerName(layer)) {
    throw new NotFoundError(`Unknown layer "${layer}"`, {
      layer,
      layers: ['counties', 'townships', 'communities', 'grids', 'stations', 'beats', 'aux-grids', 'police-rooms', 'police-posts'],
    }, 'unknown_layer');
  }
  return layer;
}

/** The :id path parameter as a positive integer (else 400). */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new BadRequestError(`Feature id must be a positive integer (got "${raw}")`, { [name]: raw }, 'bad_id');
  return Number(raw);
}

/** Parses `?bbox=minx,miny,maxx,maxy` (WGS84); absent → undefined, malformed → 400. */
export function bboxQuery(c: Context): BBox | undefined {
  const raw = c.req.query('bbox');
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  const bad = (why: string) =>
    new BadRequestError(`bbox must be minx,miny,maxx,maxy in degrees: ${why} (got "${raw}")`, { bbox: raw }, 'bad_bbox');
  if (parts.length !== 4 || parts.some((p) => p === '') || !nums.every(Number.isFinite)) throw bad('four numbers are needed');
  const [minx, miny, maxx, maxy] = nums;
  if (minx < -180 || maxx > 180 || miny < -90 || maxy > 90) throw bad('out of lon -180..180 / lat -90..90');
  if (minx > maxx || miny > maxy) throw bad('min must not exceed max');
  return [minx, miny, maxx, maxy];
}

/**
 * The version a write is based on: `If-Match: "3"` (or W/"3", 3), else a `version` field of
 * the body. Neither → 428.
 */
export function baseVersion(c: Context, bodyVersion?: unknown): number {
  const header = c.req.header('If-Match');
  if (header !== undefined && header.trim() !== '') {
    // "3", W/"3" or a bare 3; unbalanced quotes are a client bug, not a version
    const m = /^\s*(?:W\/)?(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(header);
    if (!m) throw new BadRequestError(`If-Match must be the feature's ETag, e.g. "3" (got ${header})`, { ifMatch: header }, 'bad_if_match');
    return Number(m[1] ?? m[2]);
  }
  if (typeof bodyVersion === 'number' && Number.isInteger(bodyVersion) && bodyVersion > 0) return bodyVersion;
  throw new PreconditionRequiredError(
    'This write needs the version it is based on: send If-Match with the ETag from GET (or a "version" field)',
  );
}

/** The reason of a change: body `reason`, else the X-Change-Reason header (may be percent-encoded). */
export function changeReason(c: Context, bodyReason?: unknown): string {
  if (typeof bodyReason === 'string' && bodyReason.trim()) return bodyReason.trim();
  const h = c.req.header('X-Change-Reason');
  if (!h) return '';
  try {
    return decodeURIComponent(h).trim();
  } catch {
    return h.trim();
  }
}

/** The ETag header value for a version. */
export const etag = (version: number): string => `"${version}"`;
