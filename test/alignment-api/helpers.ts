import { AlignmentIndex } from '../../server/alignment/index.ts';
import type { Db } from '../../server/db/connection.ts';
import { liveCollection } from '../../server/alignment-service/load.ts';
import { warmIndex } from '../../server/alignment-service/state.ts';

/**
 * A from-scratch analysis of the database's live grids and zones (the reference for incremental
 * results), with the warm index's projection centre (a fresh build would centre it on the
 * edited extent, which moves areas by ~1e-7).
 */
export function fullRecompute(db: Db, layer: 'beats' | 'aux-grids') {
  const p = warmIndex(db, layer).ix.projection;
  return new AlignmentIndex(liveCollection(db, 'grids'), liveCollection(db, layer), { centre: [p.lon0, p.lat0] }).result({ oneToOne: false });
}

/** Grid rows reduced to what must agree between incremental and full analysis. */
export function gridDigest(rows: { id: unknown; status: string; coveredShare: number; zones: { zoneId?: unknown; id?: unknown; share: number }[] }[]) {
  return rows
    .map((r) => ({ id: Number(r.id), status: r.status, covered: Math.round(r.coveredShare * 1e6), zones: r.zones.map((z) => `${Number(z.zoneId ?? z.id)}:${Math.round(z.share * 1e6)}`).join(',') }))
    .sort((a, b) => a.id - b.id);
}
