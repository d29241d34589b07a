import type { Db } from '../db/connection.ts';

/** One revision of a feature as served by the history endpoint. */
export interface HistoryEntry {
  revisionId: number;
  changeId: number;
  kind: string;
  actor: string;
  reason: string;
  at: string;
  op: string;
  version: number;
  before: unknown;
  after: unknown;
}

/** A feature's revisions, newest first. */
export function featureHistory(db: Db, featureId: number): HistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT r.id AS revisionId, r.change_id AS changeId, c.kind, c.actor, c.reason, c.at, r.op, r.version, r.before, r.after
       FROM revisions r JOIN changes c ON c.id = r.change_id
       WHERE r.entity = 'feature' AND r.entity_id = ? ORDER BY r.id DESC`,
    )
    .all(featureId) as (Omit<HistoryEntry, 'before' | 'after'> & { before: string | null; after: string | null })[];
  return rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

/** Lineage links touching a feature (what it came from, what it became). */
export function featureLineage(db: Db, featureId: number): { from: LineageLink[]; to: LineageLink[] } {
  const sel = (col: 'from_id' | 'to_id') =>
    db
      .prepare(`SELECT kind, change_id AS changeId, from_id AS fromId, to_id AS toId, at FROM lineage WHERE ${col} = ? ORDER BY id`)
      .all(featureId) as LineageLink[];
  return { from: sel('to_id'), to: sel('from_id') };
}

export interface LineageLink {
  kind: 'merge' | 'split';
  changeId: number;
  fromId: number;
  toId: number;
  at: string;
}
