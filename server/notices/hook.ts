/**
 * The notice commit hook: inside the change's transaction, a change that alters grids and
 * touches police zones by area creates one notice per affected station. Its result (the
 * notices created) appears in the commit result's hookResults.notices.
 */
import { registerCommitHook } from '../edits/hooks.ts';
import type { CommitContext } from '../edits/types.ts';
import { changedGrids, netAreaMoved, touchedZonesByStation } from './impact.ts';
import { deadlineDays, getNotice, insertNotice, type NoticeKind, type NoticeView } from './repo.ts';

/** Change kinds that never raise notices (bulk loading of the demo city). */
const SILENT_KINDS = new Set(['seed']);

/** The notice kind of a change kind (GLOSSARY: gridMerge / gridSplit / gridAdjust). */
export function noticeKindOf(changeKind: string): NoticeKind {
  return changeKind === 'merge' ? 'gridMerge' : changeKind === 'split' ? 'gridSplit' : 'gridAdjust';
}

/** Creates the notices of one change; returns them as served. */
export function createNoticesForChange(ctx: CommitContext): NoticeView[] {
  if (SILENT_KINDS.has(ctx.change.kind)) return [];
  const grids = changedGrids(ctx.revisions, ctx.change.kind);
  if (grids.length === 0) return [];
  const byStation = touchedZonesByStation(ctx.db, grids);
  if (byStation.size === 0) return [];
  const net = netAreaMoved(grids);
  const deadline = new Date(Date.parse(ctx.at) + deadlineDays(ctx.db) * 86_400_000).toISOString();
  const out: NoticeView[] = [];
  for (const [stationId, zones] of [...byStation].sort((a, b) => a[0] - b[0])) {
    const id = insertNotice(ctx.db, {
      stationId,
      changeId: ctx.changeId,
      causedBy: ctx.change.actor,
      kind: noticeKindOf(ctx.change.kind),
      deadline,
      at: ctx.at,
      summary: { grids, zones, netAreaMovedM2: net },
    });
    out.push(getNotice(ctx.db, id, ctx.at)!);
  }
  return out;
}

let installed = false;

/** Registers the notice hook once per process (idempotent). */
export function installNoticeHook(): void {
  if (installed) return;
  registerCommitHook('notices', createNoticesForChange);
  installed = true;
}
