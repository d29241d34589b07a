import type { Db } from '../db/connection.ts';
import { CountyResolver } from './hierarchy.ts';
import { chinaDate, monthRange } from './month.ts';
import { readNoticeRecords, toItem } from './notices.ts';
import type { FacilityBuilt, GridChange, MonthlyReport } from './types.ts';

const SERVING = new Set(['built', 'staffed']);

interface FeatureImageLite {
  id: number;
  code: string;
  name: string;
  layer: string;
  props?: { status?: unknown; openedOn?: unknown };
}

/**
 * What changed in a county during a month (China time): grid merges and splits (from `lineage`),
 * notices raised and resolved (when a notices table exists), police rooms and posts that became
 * built or staffed (from `revisions`, plus facilities whose `openedOn` falls in the month — the
 * demo seed's facilities carry that date), and the number of commits that touched the county's
 * features. The initial data load (change kind `seed`) is not a change of the month.
 */
export function changesInMonth(db: Db, countyId: number, month: string, now: string): MonthlyReport['changes'] & { overdue: MonthlyReport['overdue'] } {
  const { start, end } = monthRange(month);
  const where = new CountyResolver(db);
  const inCounty = (id: number) => where.countyOf(id) === countyId;

  // merges and splits
  const lineage = db
    .prepare(
      `SELECT l.change_id, l.kind, l.from_id, l.to_id, l.at, c.actor, c.reason FROM lineage l JOIN changes c ON c.id = l.change_id
       WHERE l.at >= ? AND l.at < ? ORDER BY l.change_id, l.id`,
    )
    .all(start, end) as { change_id: number; kind: 'merge' | 'split'; from_id: number; to_id: number; at: string; actor: string; reason: string }[];
  const byChange = new Map<number, GridChange>();
  for (const l of lineage) {
    if (!inCounty(l.from_id) && !inCounty(l.to_id)) continue;
    let g = byChange.get(l.change_id);
    if (!g) byChange.set(l.change_id, (g = { changeId: l.change_id, at: l.at, kind: l.kind, from: [], to: [], actor: l.actor, reason: l.reason }));
    const from = where.label(l.from_id)?.code ?? `#${l.from_id}`;
    const to = where.label(l.to_id)?.code ?? `#${l.to_id}`;
    if (!g.from.includes(from)) g.from.push(from);
    if (!g.to.includes(to)) g.to.push(to);
  }
  const gridChanges = [...byChange.values()];

  // facilities built or staffed
  const built = new Map<number, FacilityBuilt>();
  const revs = db
    .prepare(
      `SELECT r.entity_id, r.op, r.before, r.after, c.at FROM revisions r JOIN changes c ON c.id = r.change_id
       WHERE r.entity = 'feature' AND r.layer IN ('police-rooms','police-posts') AND c.at >= ? AND c.at < ? AND c.kind <> 'seed'
       ORDER BY r.id`,
    )
    .all(start, end) as { entity_id: number; op: string; before: string | null; after: string | null; at: string }[];
  for (const r of revs) {
    if (!r.after || !inCounty(r.entity_id)) continue;
    const after = JSON.parse(r.after) as FeatureImageLite;
    const before = r.before ? (JSON.parse(r.before) as FeatureImageLite) : null;
    const nowServing = SERVING.has(String(after.props?.status));
    const wasServing = before !== null && SERVING.has(String(before.props?.status));
    if (nowServing && !wasServing) {
      built.set(r.entity_id, {
        id: r.entity_id, kind: after.layer === 'police-rooms' ? 'room' : 'post', code: after.code, name: after.name,
        status: String(after.props?.status), on: chinaDate(r.at),
      });
    }
  }
  const [firstDay, lastDay] = [chinaDate(start), chinaDate(new Date(Date.parse(end) - 1).toISOString())];
  const opened = db
    .prepare(
      `SELECT id, layer, code, name, json_extract(props, '$.status') AS status, json_extract(props, '$.openedOn') AS openedOn
       FROM features WHERE retired_at IS NULL AND layer IN ('police-rooms','police-posts')
       AND json_extract(props, '$.openedOn') BETWEEN ? AND ?`,
    )
    .all(firstDay, lastDay) as { id: number; layer: string; code: string; name: string; status: string; openedOn: string }[];
  for (const f of opened) {
    if (built.has(f.id) || !SERVING.has(f.status) || !inCounty(f.id)) continue;
    built.set(f.id, { id: f.id, kind: f.layer === 'police-rooms' ? 'room' : 'post', code: f.code, name: f.name, status: f.status, on: f.openedOn });
  }

  // edits touching the county
  const touched = db
    .prepare(
      `SELECT DISTINCT r.change_id, r.entity, r.entity_id, r.after, r.before FROM revisions r JOIN changes c ON c.id = r.change_id
       WHERE c.at >= ? AND c.at < ? AND c.kind <> 'seed' AND r.entity IN ('feature','assignment')`,
    )
    .all(start, end) as { change_id: number; entity: string; entity_id: number; after: string | null; before: string | null }[];
  const edits = new Set<number>();
  for (const t of touched) {
    const featureId = t.entity === 'feature' ? t.entity_id : (JSON.parse(t.after ?? t.before ?? '{}') as { targetId?: number }).targetId;
    if (featureId !== undefined && inCounty(featureId)) edits.add(t.change_id);
  }

  // notices
  const notices = readNoticeRecords(db);
  const mine = notices?.filter((n) => {
    const f = n.gridId ?? n.stationId;
    return f !== null && inCounty(f);
  });
  const inMonth = (t: string | null) => t !== null && t >= start && t < end;
  return {
    gridMerges: gridChanges.filter((g) => g.kind === 'merge'),
    gridSplits: gridChanges.filter((g) => g.kind === 'split'),
    noticesRaised: mine ? mine.filter((n) => inMonth(n.createdAt)).map(toItem) : null,
    noticesResolved: mine ? mine.filter((n) => inMonth(n.resolvedAt)).map(toItem) : null,
    facilitiesBuilt: [...built.values()].sort((a, b) => a.on.localeCompare(b.on) || a.code.localeCompare(b.code)),
    edits: edits.size,
    overdue: mine ? mine.filter((n) => n.open && n.dueAt !== null && n.dueAt < now).map(toItem) : null,
  };
}
