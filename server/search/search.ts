import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import { tidyBbox, type BBox } from '../store/bbox.ts';

/** One search hit. */
export interface SearchHit {
  layer: LayerName;
  id: number;
  code: string;
  name: string;
  bbox: BBox | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Live features whose code starts with `q` or whose name contains it (case-insensitive for
 * ASCII). Exact code matches first, then code prefixes, then name matches; each by layer order.
 * `canRead` (the reader's scope) leaves out features the reader may not see.
 */
export function searchFeatures(db: Db, q: string, limit: number, canRead?: (id: number) => boolean): SearchHit[] {
  const e = escapeLike(q);
  // with a read filter: rank every match, keep the first `limit` the reader may see
  const rows = (db
    .prepare(
      `SELECT f.id, f.layer, f.code, f.name, r.minx, r.miny, r.maxx, r.maxy,
         CASE WHEN f.code = ? THEN 0 WHEN f.code LIKE ? ESCAPE '\\' THEN 1 WHEN f.name = ? THEN 2 ELSE 3 END AS rank
       FROM features f LEFT JOIN features_rtree r ON r.id = f.id
       WHERE f.retired_at IS NULL AND (f.code LIKE ? ESCAPE '\\' OR f.name LIKE ? ESCAPE '\\')
       ORDER BY rank, length(f.code), f.code LIMIT ?`,
    )
    .all(q, `${e}%`, q, `${e}%`, `%${e}%`, canRead ? -1 : limit) as {
    id: number;
    layer: LayerName;
    code: string;
    name: string;
    minx: number | null;
    miny: number;
    maxx: number;
    maxy: number;
  }[]).filter((r) => !canRead || canRead(r.id)).slice(0, limit);
  return rows.map((r) => ({
    layer: r.layer,
    id: r.id,
    code: r.code,
    name: r.name,
    bbox: r.minx === null ? null : tidyBbox(r.minx, r.miny, r.maxx, r.maxy),
  }));
}
