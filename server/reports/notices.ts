import type { Db } from '../db/connection.ts';
import { tableColumns } from '../coverage/optional-tables.ts';
import type { NoticeItem } from './types.ts';

function pick(cols: string[], candidates: string[]): string | undefined {
  return candidates.find((c) => cols.includes(c));
}

const CLOSED = new Set(['resolved', 'closed', 'done', 'cancelled']);

const KIND_ZH: Record<string, string> = { gridMerge: '网格合并', gridSplit: '网格拆分', gridAdjust: '网格调整' };

/** "网格拆分 220502001001001、…" from the notice's kind and the grid codes in its summary JSON. */
function noticeTitle(id: number, kind: string | null, summary: string | null): string {
  const head = kind === null ? `告知 #${id}` : KIND_ZH[kind] ?? String(kind);
  let codes: string[] = [];
  try {
    const s = summary ? (JSON.parse(summary) as { grids?: { code?: string }[] }) : {};
    codes = (s.grids ?? []).map((g) => g.code).filter((c): c is string => typeof c === 'string');
  } catch {
    /* summary is not JSON: title without codes */
  }
  return codes.length ? `${head} ${codes.slice(0, 4).join('、')}${codes.length > 4 ? ` 等 ${codes.length} 个网格` : ''}` : head;
}

/** A notice with the feature it is about, for attribution to a county. */
export interface NoticeRecord extends NoticeItem {
  gridId: number | null;
  stationId: number | null;
  open: boolean;
}

/**
 * Reads every notice from the `notices` table (owned by the editing capability), adapting to
 * its actual columns; undefined when the table does not exist or has no status column.
 */
export function readNoticeRecords(db: Db): NoticeRecord[] | undefined {
  const cols = tableColumns(db, 'notices');
  const status = pick(cols, ['status', 'state']);
  if (!status) return undefined;
  const col = (names: string[]) => {
    const c = pick(cols, names);
    return c ? `"${c}"` : 'NULL';
  };
  const sql = `SELECT rowid AS id, "${status}" AS status,
    ${col(['title', 'kind', 'message'])} AS title,
    ${col(['created_at', 'raised_at', 'at'])} AS createdAt,
    ${col(['due_at', 'due', 'deadline', 'due_on', 'due_date'])} AS dueAt,
    ${col(['resolved_at'])} AS resolvedAt,
    ${col(['grid_id', 'feature_id', 'target_id'])} AS gridId,
    ${col(['station_id'])} AS stationId,
    ${col(['summary'])} AS summary
    FROM notices ORDER BY rowid`;
  const rows = db.prepare(sql).all() as (Omit<NoticeRecord, 'open'> & { summary: string | null })[];
  return rows.map(({ summary, ...r }) => ({
    ...r,
    title: noticeTitle(r.id, r.title, summary),
    status: String(r.status),
    open: !CLOSED.has(String(r.status)) && !r.resolvedAt,
  }));
}

/** Strips the attribution fields for listing in a report. */
export function toItem(r: NoticeRecord): NoticeItem {
  return { id: r.id, title: r.title, status: r.status, createdAt: r.createdAt, dueAt: r.dueAt, resolvedAt: r.resolvedAt };
}
