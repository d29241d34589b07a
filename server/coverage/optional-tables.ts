import type { Db } from '../db/connection.ts';
import type { GridAlignment, NoticeFact } from './types.ts';

/**
 * Readers for tables other capabilities own and that may not exist yet (notices from the
 * editing issue, per-grid alignment status from the alignment store). They look at the
 * actual columns and return undefined when the data is not there, so coverage degrades to
 * "unknown" (null) instead of failing.
 */

/** Column names of a table, or [] when it does not exist. */
export function tableColumns(db: Db, table: string): string[] {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return rows.map((r) => r.name);
}

function pick(cols: string[], candidates: string[]): string | undefined {
  return candidates.find((c) => cols.includes(c));
}

const CLOSED_STATUSES = new Set(['resolved', 'closed', 'done', 'cancelled']);

/**
 * Notices as NoticeFacts: open = status not resolved/closed; overdue = open and its due time has
 * passed (a due/deadline column) or an `overdue` flag column is set. County comes from the
 * notice's grid (or feature) chain, else from its station's county. Undefined when there is no
 * `notices` table or it lacks a status column.
 */
export function readNotices(db: Db, now: string, countyOfFeature: (id: number) => number | null): NoticeFact[] | undefined {
  const cols = tableColumns(db, 'notices');
  const status = pick(cols, ['status', 'state']);
  if (!status) return undefined;
  const grid = pick(cols, ['grid_id', 'feature_id', 'target_id']);
  const station = pick(cols, ['station_id']);
  const county = pick(cols, ['county_id']);
  const due = pick(cols, ['due_at', 'due', 'deadline', 'due_on', 'due_date']);
  const overdueFlag = pick(cols, ['overdue']);
  const resolvedAt = pick(cols, ['resolved_at']);
  const select = [
    `${status} AS status`,
    grid ? `${grid} AS grid` : 'NULL AS grid',
    station ? `${station} AS station` : 'NULL AS station',
    county ? `${county} AS county` : 'NULL AS county',
    due ? `${due} AS due` : 'NULL AS due',
    overdueFlag ? `${overdueFlag} AS overdueFlag` : 'NULL AS overdueFlag',
    resolvedAt ? `${resolvedAt} AS resolvedAt` : 'NULL AS resolvedAt',
  ];
  const rows = db.prepare(`SELECT ${select.join(', ')} FROM notices`).all() as {
    status: string;
    grid: number | null;
    station: number | null;
    county: number | null;
    due: string | null;
    overdueFlag: number | null;
    resolvedAt: string | null;
  }[];
  return rows.map((r) => {
    const open = !CLOSED_STATUSES.has(String(r.status)) && !r.resolvedAt;
    const overdue = open && ((r.overdueFlag ?? 0) === 1 || (r.due !== null && String(r.due) < now));
    const gridId = r.grid ?? null;
    const countyId = r.county ?? (gridId !== null ? countyOfFeature(gridId) : null) ?? (r.station !== null ? countyOfFeature(r.station) : null);
    return { countyId, gridId, open, overdue };
  });
}

/**
 * Per-grid alignment status from the alignment store: the first table whose name mentions
 * "align" and has a grid id column and a status column. With a `layer` column (beats and
 * aux-grids), a grid is aligned only when it is aligned on every layer. Undefined when absent.
 */
export function readGridAlignment(db: Db): Map<number, GridAlignment> | undefined {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name LIKE '%align%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const cols = tableColumns(db, name);
    const grid = pick(cols, ['grid_id', 'gridId']);
    const status = pick(cols, ['status', 'grid_status']);
    if (!grid || !status) continue;
    const rows = db.prepare(`SELECT "${grid}" AS grid, "${status}" AS status FROM "${name}"`).all() as { grid: number; status: string }[];
    const out = new Map<number, GridAlignment>();
    for (const r of rows) {
      const prev = out.get(r.grid);
      if (prev === undefined || prev === 'aligned') out.set(r.grid, r.status);
    }
    return rows.length > 0 ? out : undefined;
  }
  return undefined;
}

/**
 * A cheap fingerprint of a table for cache keys: max rowid, row count, and — when the table has
 * them — the sum of `version` and the latest `updated_at`/`computed_at`/`at` (so in-place updates
 * show). "0" when the table does not exist.
 */
export function maxRowid(db: Db, table: string): string {
  const cols = tableColumns(db, table);
  if (cols.length === 0) return '0';
  const touched = pick(cols, ['updated_at', 'computed_at', 'at']);
  const parts = ['max(rowid) AS m', 'count(*) AS n'];
  if (cols.includes('version')) parts.push('sum(version) AS v');
  if (touched) parts.push(`max("${touched}") AS t`);
  const r = db.prepare(`SELECT ${parts.join(', ')} FROM "${table}"`).get() as { m: number | null; n: number; v?: number; t?: string | null };
  return `${r.m ?? 0}:${r.n}:${r.v ?? ''}:${r.t ?? ''}`;
}
