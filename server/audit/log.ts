import type { Db } from '../db/connection.ts';
import { currentRequest } from '../auth/request-context.ts';

/** One audit entry to append. */
export interface AuditEntry {
  /** username, or 'system' / 'anonymous' */
  actor: string;
  /** what happened: feature.update, login, login.failed, logout, user.create, user.role, export.report… */
  action: string;
  /** feature | staff | assignment | user | session | report … */
  entity?: string | null;
  entityId?: string | number | null;
  /** county code the entity lies in, when known (lets county-scoped leadership read it) */
  county?: string | null;
  /** small JSON summary: before/after of the fields that changed, reason, file name… (never secrets) */
  summary?: Record<string, unknown>;
  /** client address; defaults to the current request's */
  ip?: string | null;
  /** ISO time; defaults to now */
  at?: string;
}

/** A stored audit row as served by GET /api/audit. */
export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  county: string | null;
  summary: Record<string, unknown>;
}

/**
 * Appends one entry to the append-only audit log (SQLite triggers refuse UPDATE and DELETE).
 * Call it for every write that does not go through commit() — e.g. report downloads
 * (`audit(db, {actor: user.username, action: 'export.report', entity: 'report', entityId: 'CODE/2026-11'})`).
 * Returns the new entry's id.
 */
export function audit(db: Db, entry: AuditEntry): number {
  const ip = entry.ip !== undefined ? entry.ip : (currentRequest()?.ip ?? null);
  const info = db
    .prepare('INSERT INTO audit(at, actor, ip, action, entity, entity_id, county, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      entry.at ?? new Date().toISOString(),
      entry.actor,
      ip,
      entry.action,
      entry.entity ?? null,
      entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      entry.county ?? null,
      JSON.stringify(entry.summary ?? {}),
    );
  return Number(info.lastInsertRowid);
}

/** Filters of GET /api/audit. */
export interface AuditQuery {
  /** actor username */
  user?: string;
  /** entity kind, or `kind:id` for one entity (e.g. `feature:345`) */
  entity?: string;
  /** action, or a prefix ending in '.' (e.g. `login` or `feature.`) */
  action?: string;
  /** ISO dates/times, inclusive; a bare date YYYY-MM-DD as `to` means the whole day */
  from?: string;
  to?: string;
  /** only entries of this county (county-scoped leadership) */
  county?: string;
  /** newest first; entries with id < before (paging) */
  before?: number;
  limit?: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  county: string | null;
  summary: string;
}

/** Reads the audit log, newest first, with bound parameters only. */
export function queryAudit(db: Db, q: AuditQuery): AuditRecord[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.user) where.push('actor = ?'), params.push(q.user);
  if (q.entity) {
    const [kind, id] = q.entity.split(':', 2);
    where.push('entity = ?'), params.push(kind);
    if (id !== undefined && id !== '') where.push('entity_id = ?'), params.push(id);
  }
  if (q.action) {
    if (q.action.endsWith('.')) where.push('substr(action, 1, ?) = ?'), params.push(q.action.length, q.action);
    else where.push('action = ?'), params.push(q.action);
  }
  if (q.from) where.push('at >= ?'), params.push(q.from);
  if (q.to) where.push('at <= ?'), params.push(/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? `${q.to}T23:59:59.999Z` : q.to);
  if (q.county) where.push('county = ?'), params.push(q.county);
  if (q.before !== undefined) where.push('id < ?'), params.push(q.before);
  const limit = Math.min(Math.max(q.limit ?? 200, 1), 1000);
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
  return (db.prepare(sql).all(...params) as AuditRow[]).map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    ip: r.ip,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    county: r.county,
    summary: JSON.parse(r.summary) as Record<string, unknown>,
  }));
}
