import { createHash } from 'node:crypto';
import type { Db } from '../../server/db/connection.ts';

/**
 * Audit actions a REJECTED request may write, on purpose: a failed or blocked login and a
 * wrong current password are security events the audit log must keep (issue 6: "who tried
 * what, from where"), so they are excluded from the "database unchanged" comparison. Any
 * other audit row after a refused request is a failure.
 */
export const AUDITED_REJECTIONS = ['login.failed', 'login.blocked', 'password.failed'] as const;

/**
 * Tables a write can touch. `sessions` is compared without `last_seen_at` (every request with
 * a session refreshes it: the idle timeout, not data); `audit` without the rows above.
 */
const TABLES: [name: string, sql: string][] = [
  ['features', 'SELECT * FROM features ORDER BY id'],
  ['features_rtree', 'SELECT * FROM features_rtree ORDER BY id'],
  ['staff', 'SELECT * FROM staff ORDER BY id'],
  ['assignments', 'SELECT * FROM assignments ORDER BY id'],
  ['changes', 'SELECT * FROM changes ORDER BY id'],
  ['revisions', 'SELECT * FROM revisions ORDER BY id'],
  ['lineage', 'SELECT * FROM lineage ORDER BY rowid'],
  ['settings', 'SELECT * FROM settings ORDER BY rowid'],
  ['notices', 'SELECT * FROM notices ORDER BY id'],
  ['notice_events', 'SELECT * FROM notice_events ORDER BY rowid'],
  ['monthly_snapshots', 'SELECT * FROM monthly_snapshots ORDER BY rowid'],
  ['users', 'SELECT * FROM users ORDER BY id'],
  ['sessions', 'SELECT id, user_id, csrf_token, created_at, expires_at, ip FROM sessions ORDER BY id'],
  ['alignment_grids', 'SELECT * FROM alignment_grids ORDER BY rowid'],
  ['alignment_state', 'SELECT * FROM alignment_state ORDER BY rowid'],
  ['audit', `SELECT * FROM audit WHERE action NOT IN (${AUDITED_REJECTIONS.map((a) => `'${a}'`).join(', ')}) ORDER BY id`],
];

/** Per-table row count, max id and content hash: equal snapshots = nothing written. */
export interface DbSnapshot {
  [table: string]: { rows: number; hash: string };
}

/** Takes a {@link DbSnapshot}. */
export function snapshot(db: Db): DbSnapshot {
  const out: DbSnapshot = {};
  for (const [name, sql] of TABLES) {
    const rows = db.prepare(sql).raw().all();
    const h = createHash('sha1');
    for (const r of rows) h.update(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v)));
    out[name] = { rows: rows.length, hash: h.digest('hex').slice(0, 16) };
  }
  return out;
}

/** Names of the tables that differ between two snapshots (with row counts), '' when none. */
export function diffSnapshots(a: DbSnapshot, b: DbSnapshot): string {
  return Object.keys(a)
    .filter((t) => a[t].hash !== b[t].hash || a[t].rows !== b[t].rows)
    .map((t) => `${t} (${a[t].rows} → ${b[t].rows} rows)`)
    .join(', ');
}
