/**
 * The alignment service: the engine (server/alignment) on the live database, kept warm and
 * current by a commit hook. Other capabilities read per-grid status through
 * {@link getAlignmentStatus} or the alignment_grids table (migration 0005).
 */
import type { GridStatus } from '../alignment/index.ts';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { stmt } from '../db/statements.ts';
import { ALIGNMENT_LAYERS } from './load.ts';
import { warmIndex } from './state.ts';

export { alignmentCommitHook, installAlignmentHook, type AlignmentHookResult } from './hook.ts';
export { alignmentRoutes } from './routes.ts';
export { alignmentView, scopedMismatches, scopedScores, scopedSummary, type Scope } from './view.ts';
export { applyStationRealign, proposeStationRealign, type StationProposal } from './realign.ts';

/**
 * Builds (or re-syncs) the warm index of both police layers and persists their rows: call once
 * after start-up so the first alignment view, the first edit's live feedback and coverage's
 * "share aligned" need no cold build. Never throws (logs instead). Returns the build time per
 * layer in ms (-1 when it failed), for the log.
 */
export function warmAlignment(db: Db): Record<PoliceZoneLayer, number> {
  const out = {} as Record<PoliceZoneLayer, number>;
  for (const l of ALIGNMENT_LAYERS) {
    const t0 = performance.now();
    try {
      warmIndex(db, l);
      out[l] = Math.round(performance.now() - t0);
    } catch (err) {
      console.error(`[beatgrid] alignment index of ${l} could not be built:`, err);
      out[l] = -1;
    }
  }
  return out;
}

/**
 * Per-grid alignment status (grid id → status), current with the database (the warm index
 * is built and persisted first when needed). With `layer`, that layer's status; without, a
 * grid is `aligned` only when it is aligned on both beats and aux-grids, else the first
 * non-aligned status (beats first).
 */
export function getAlignmentStatus(db: Db, layer?: PoliceZoneLayer): Map<number, GridStatus> {
  const layers = layer ? [layer] : ALIGNMENT_LAYERS;
  for (const l of layers) warmIndex(db, l);
  const out = new Map<number, GridStatus>();
  for (const l of layers) {
    const rows = stmt(db, 'SELECT grid_id, status FROM alignment_grids WHERE layer = ?').all(l) as { grid_id: number; status: GridStatus }[];
    for (const r of rows) {
      const prev = out.get(r.grid_id);
      if (prev === undefined || prev === 'aligned') out.set(r.grid_id, r.status);
    }
  }
  return out;
}
