/**
 * Storage of notices (告知) and their timeline: the only SQL on the notices tables.
 */
import type { Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import { UNDER_COUNTY_CTE } from '../auth/read-scope.ts';

export type NoticeStatus = 'open' | 'acknowledged' | 'resolved';
export type NoticeKind = 'gridMerge' | 'gridSplit' | 'gridAdjust';

/** How one grid changed, as stored in a notice (geometries are kept for the detail view). */
export interface NoticeGrid {
  id: number;
  code: string;
  name: string;
  how: 'update' | 'merge' | 'split' | 'retire' | 'create' | 'restore';
  areaMovedM2: number;
  before: Geometry | null;
  after: Geometry | null;
}

/** One of the station's zones that the change touched. */
export interface NoticeZone {
  id: number;
  layer: 'beats' | 'aux-grids';
  code: string;
  name: string;
  /** area (m²) of the zone that the changed grids cover before or after (the larger) */
  touchedM2: number;
  /** true when the zone is, after the change, not an exact union of whole live grids */
  misaligned: boolean;
  /** why it is misaligned (grids it cuts through, area outside grids), or null */
  why: string | null;
}

export interface NoticeSummaryJson {
  grids: NoticeGrid[];
  zones: NoticeZone[];
  /** area (m²) that changed hands across the change (0 for an exact merge/split) */
  netAreaMovedM2: number;
}

/** A notice as served (summary without geometries; see noticeDetail for those). */
export interface NoticeView {
  id: number;
  stationId: number;
  stationCode: string;
  stationName: string;
  changeId: number;
  changeKind: string;
  causedBy: string;
  kind: NoticeKind;
  status: NoticeStatus;
  deadline: string;
  overdue: boolean;
  createdAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveNote: string | null;
  version: number;
  summary: { grids: Omit<NoticeGrid, 'before' | 'after'>[]; zones: NoticeZone[]; netAreaMovedM2: number };
}

export interface NoticeEvent {
  id: number;
  at: string;
  actor: string;
  kind: 'created' | 'acknowledged' | 'resolved';
  note: string | null;
}

interface NoticeRow {
  id: number;
  station_id: number;
  station_code: string | null;
  station_name: string | null;
  change_id: number;
  change_kind: string | null;
  caused_by: string;
  kind: NoticeKind;
  status: NoticeStatus;
  deadline: string;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolve_note: string | null;
  summary: string;
  version: number;
}

const SELECT = `SELECT n.*, s.code AS station_code, s.name AS station_name, c.kind AS change_kind
  FROM notices n LEFT JOIN features s ON s.id = n.station_id LEFT JOIN changes c ON c.id = n.change_id`;

/** Default notice deadline in days (settings key `notices.deadlineDays` overrides it). */
export const DEFAULT_DEADLINE_DAYS = 7;

/** The configured deadline in days (a positive number; bad values fall back to 7). */
export function deadlineDays(db: Db): number {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'notices.deadlineDays'").get() as { value: string } | undefined;
  const n = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_DEADLINE_DAYS;
}

function isOverdue(r: { status: NoticeStatus; deadline: string }, now: string): boolean {
  return r.status !== 'resolved' && now > r.deadline;
}

function toView(r: NoticeRow, now: string, full = false): NoticeView & { summaryFull?: NoticeSummaryJson } {
  const s = JSON.parse(r.summary) as NoticeSummaryJson;
  const view: NoticeView & { summaryFull?: NoticeSummaryJson } = {
    id: r.id,
    stationId: r.station_id,
    stationCode: r.station_code ?? '',
    stationName: r.station_name ?? '',
    changeId: r.change_id,
    changeKind: r.change_kind ?? '',
    causedBy: r.caused_by,
    kind: r.kind,
    status: r.status,
    deadline: r.deadline,
    overdue: isOverdue(r, now),
    createdAt: r.created_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    resolveNote: r.resolve_note,
    version: r.version,
    summary: { grids: s.grids.map(({ before: _b, after: _a, ...g }) => g), zones: s.zones, netAreaMovedM2: s.netAreaMovedM2 ?? 0 },
  };
  if (full) view.summaryFull = s;
  return view;
}

/** Inserts a notice and its 'created' event; returns its id. Call inside the change's transaction. */
export function insertNotice(
  db: Db,
  n: { stationId: number; changeId: number; causedBy: string; kind: NoticeKind; deadline: string; at: string; summary: NoticeSummaryJson },
): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO notices(station_id, change_id, caused_by, kind, status, deadline, created_at, summary)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(n.stationId, n.changeId, n.causedBy, n.kind, n.deadline, n.at, JSON.stringify(n.summary)).lastInsertRowid,
  );
  addEvent(db, id, n.at, n.causedBy, 'created', null);
  return id;
}

function addEvent(db: Db, noticeId: number, at: string, actor: string, kind: NoticeEvent['kind'], note: string | null): void {
  db.prepare('INSERT INTO notice_events(notice_id, at, actor, kind, note) VALUES (?, ?, ?, ?, ?)').run(noticeId, at, actor, kind, note);
}

/** One notice as served, or undefined. `full` adds the stored summary with geometries. */
export function getNotice(db: Db, id: number, now: string, full = false): (NoticeView & { summaryFull?: NoticeSummaryJson }) | undefined {
  const r = db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as NoticeRow | undefined;
  return r && toView(r, now, full);
}

/** Whether notice `id` is in a county (addressed to one of its stations or caused by a change to one of its features). */
export function noticeInCounty(db: Db, id: number, county: string): boolean {
  return listNotices(db, { county, noticeId: id, limit: 1 }, new Date().toISOString()).total > 0;
}

/** The timeline of a notice, oldest first. */
export function noticeEvents(db: Db, id: number): NoticeEvent[] {
  return db.prepare('SELECT id, at, actor, kind, note FROM notice_events WHERE notice_id = ? ORDER BY id').all(id) as NoticeEvent[];
}

/** Filters of the notice list. */
export interface NoticeFilter {
  stationId?: number;
  statuses?: NoticeStatus[];
  overdueOnly?: boolean;
  causedBy?: string;
  /**
   * county code (a county-scoped reader): only notices addressed to a station of the county
   * or caused by a change that edited a feature of the county
   */
  county?: string;
  /** only this notice (with the other filters: "is it visible?") */
  noticeId?: number;
  limit?: number;
  offset?: number;
}

/** Notices matching the filter (newest first), the total, and badge counts (station/causedBy filter only). */
export function listNotices(db: Db, f: NoticeFilter, now: string): { notices: NoticeView[]; total: number; counts: Record<string, number> } {
  const base: string[] = [];
  const baseParams: unknown[] = [];
  // the county filter needs the under_county CTE (one bound parameter) in front of each query
  const cte = f.county !== undefined ? UNDER_COUNTY_CTE : '';
  const cteParams: unknown[] = f.county !== undefined ? [f.county] : [];
  if (f.stationId !== undefined) base.push('n.station_id = ?'), baseParams.push(f.stationId);
  if (f.causedBy !== undefined) base.push('n.caused_by = ?'), baseParams.push(f.causedBy);
  if (f.noticeId !== undefined) base.push('n.id = ?'), baseParams.push(f.noticeId);
  if (f.county !== undefined) {
    base.push(`(n.station_id IN (SELECT id FROM under_county) OR EXISTS (SELECT 1 FROM revisions r
      WHERE r.change_id = n.change_id AND r.entity = 'feature' AND r.entity_id IN (SELECT id FROM under_county)))`);
  }
  const where = [...base];
  const params = [...baseParams];
  if (f.statuses && f.statuses.length) {
    where.push(`n.status IN (${f.statuses.map(() => '?').join(',')})`);
    params.push(...f.statuses);
  }
  if (f.overdueOnly) where.push("n.status <> 'resolved' AND n.deadline < ?"), params.push(now);
  const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`${cte}SELECT count(*) AS n FROM notices n${w}`).get(...cteParams, ...params) as { n: number }).n;
  const rows = db
    .prepare(`${cte}${SELECT}${w} ORDER BY n.id DESC LIMIT ? OFFSET ?`)
    .all(...cteParams, ...params, f.limit ?? 100, f.offset ?? 0) as NoticeRow[];
  const bw = base.length ? ` WHERE ${base.join(' AND ')}` : '';
  const c = db
    .prepare(
      `${cte}SELECT sum(status = 'open') AS open, sum(status = 'acknowledged') AS acknowledged, sum(status = 'resolved') AS resolved,
              sum(status <> 'resolved' AND deadline < ?) AS overdue FROM notices n${bw}`,
    )
    .get(...cteParams, now, ...baseParams) as Record<string, number | null>;
  const counts = {
    open: c.open ?? 0,
    acknowledged: c.acknowledged ?? 0,
    resolved: c.resolved ?? 0,
    overdue: c.overdue ?? 0,
    unresolved: (c.open ?? 0) + (c.acknowledged ?? 0),
  };
  return { notices: rows.map((r) => toView(r, now)), total, counts };
}

/**
 * Moves a notice to 'acknowledged' or 'resolved' if its current status allows it (checked in
 * the UPDATE itself, so two concurrent calls cannot both succeed). Returns false when not.
 */
export function transitionNotice(db: Db, id: number, to: 'acknowledged' | 'resolved', actor: string, at: string, note: string | null): boolean {
  const run = db.transaction(() => {
    const info =
      to === 'acknowledged'
        ? db
            .prepare("UPDATE notices SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, version = version + 1 WHERE id = ? AND status = 'open'")
            .run(actor, at, id)
        : db
            .prepare(
              "UPDATE notices SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolve_note = ?, version = version + 1 WHERE id = ? AND status IN ('open','acknowledged')",
            )
            .run(actor, at, note, id);
    if (info.changes === 0) return false;
    addEvent(db, id, at, actor, to, note);
    return true;
  });
  return run();
}
