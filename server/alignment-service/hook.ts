/**
 * The alignment commit hook ("live feedback"): after every change that edits grids, beats or
 * aux-grids, the warm index of each affected police layer is updated with only the edited
 * features and the updated alignment of the affected area is returned in
 * `hookResults.alignment` of the commit (so every write response that carries hook results
 * shows it). The hook never fails a change: an engine error drops the warm index (rebuilt on
 * next use) and is reported in the result.
 */
import type { Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { PoliceZoneLayer } from '../domain/layers.ts';
import { commitHooks, registerCommitHook } from '../edits/hooks.ts';
import type { CommitContext, RevisionRecord } from '../edits/types.ts';
import type { FeatureImage } from '../store/features.ts';
import { ALIGNMENT_LAYERS, applyEdits, dropWarm, isWarm, noteChange, type AreaUpdate, type FeatureEdit } from './state.ts';

/** What the hook returns: per police layer touched, the updated area (or an error message). */
export type AlignmentHookResult = Partial<Record<PoliceZoneLayer, AreaUpdate | { error: string }>>;

function liveGeometry(img: unknown): Geometry | null {
  const f = img as FeatureImage | null;
  return f && f.retiredAt === null && f.geometry ? f.geometry : null;
}

/** The grid / zone edits of a change, by kind. */
export function editsOf(revisions: readonly RevisionRecord[]): { grids: FeatureEdit[]; zones: Record<PoliceZoneLayer, FeatureEdit[]> } {
  const grids: FeatureEdit[] = [];
  const zones: Record<PoliceZoneLayer, FeatureEdit[]> = { beats: [], 'aux-grids': [] };
  for (const r of revisions) {
    if (r.entity !== 'feature') continue;
    const layer = r.layer ?? (r.after as FeatureImage | null)?.layer ?? (r.before as FeatureImage | null)?.layer;
    const before = liveGeometry(r.before);
    const after = r.op === 'retire' ? null : liveGeometry(r.after);
    if (layer === 'grids') grids.push({ kind: 'grid', id: r.id, before, after });
    else if (layer === 'beats' || layer === 'aux-grids') zones[layer].push({ kind: 'zone', id: r.id, before, after });
  }
  return { grids, zones };
}

/** The hook: see the module comment. */
export function alignmentCommitHook(ctx: CommitContext): AlignmentHookResult {
  const { grids, zones } = editsOf(ctx.revisions);
  const out: AlignmentHookResult = {};
  for (const layer of ALIGNMENT_LAYERS) {
    const edits = [...grids, ...zones[layer]];
    try {
      if (edits.length === 0) {
        if (isWarm(ctx.db, layer)) noteChange(ctx.db, layer, ctx.changeId);
        continue;
      }
      out[layer] = applyEdits(ctx.db, layer, ctx.changeId, edits);
    } catch (err) {
      dropWarm(ctx.db);
      out[layer] = { error: `alignment of ${layer} not updated: ${(err as Error).message}` };
    }
  }
  return out;
}

/** Registers the alignment hook once per process. */
export function installAlignmentHook(): void {
  if (commitHooks().some((h) => h.name === 'alignment')) return;
  registerCommitHook('alignment', alignmentCommitHook);
}

/** For tests: whether the layer's index of this database is warm. */
export function alignmentWarm(db: Db, layer: PoliceZoneLayer): boolean {
  return isWarm(db, layer);
}
