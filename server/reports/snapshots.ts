import type { Db } from '../db/connection.ts';
import type { MonthlyReport } from './types.ts';

/** A stored monthly snapshot (the current one of its county and month). */
export interface SnapshotRow {
  id: number;
  countyCode: string;
  month: string;
  source: 'filed' | 'seed';
  filedBy: string;
  filedAt: string;
  report: MonthlyReport;
}

interface Raw {
  id: number;
  county_code: string;
  month: string;
  source: 'filed' | 'seed';
  filed_by: string;
  filed_at: string;
  report: string;
}

function toRow(r: Raw): SnapshotRow {
  return {
    id: r.id, countyCode: r.county_code, month: r.month, source: r.source, filedBy: r.filed_by, filedAt: r.filed_at,
    report: JSON.parse(r.report) as MonthlyReport,
  };
}

/** The current snapshot of a county's month, or undefined. */
export function getSnapshot(db: Db, countyCode: string, month: string): SnapshotRow | undefined {
  const r = db
    .prepare('SELECT * FROM monthly_snapshots WHERE county_code = ? AND month = ? AND superseded_at IS NULL')
    .get(countyCode, month) as Raw | undefined;
  return r && toRow(r);
}

/** Current snapshots of a month (all counties). */
export function snapshotsOfMonth(db: Db, month: string): SnapshotRow[] {
  return (db.prepare('SELECT * FROM monthly_snapshots WHERE month = ? AND superseded_at IS NULL ORDER BY county_code').all(month) as Raw[]).map(toRow);
}

/** Current snapshots of a county (all months, oldest first); every county when `countyCode` is undefined. */
export function snapshotsOfCounty(db: Db, countyCode?: string): SnapshotRow[] {
  const rows = countyCode
    ? db.prepare('SELECT * FROM monthly_snapshots WHERE county_code = ? AND superseded_at IS NULL ORDER BY month').all(countyCode)
    : db.prepare('SELECT * FROM monthly_snapshots WHERE superseded_at IS NULL ORDER BY county_code, month').all();
  return (rows as Raw[]).map(toRow);
}

/**
 * Stores a snapshot as the current one of its county and month, superseding (not deleting) a
 * previous one, in one transaction. Returns the new row's id.
 */
export function storeSnapshot(db: Db, s: Omit<SnapshotRow, 'id'>): number {
  return db.transaction(() => {
    db.prepare('UPDATE monthly_snapshots SET superseded_at = ? WHERE county_code = ? AND month = ? AND superseded_at IS NULL').run(
      s.filedAt, s.countyCode, s.month,
    );
    return Number(
      db
        .prepare('INSERT INTO monthly_snapshots(county_code, month, source, filed_by, filed_at, report) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.countyCode, s.month, s.source, s.filedBy, s.filedAt, JSON.stringify(s.report)).lastInsertRowid,
    );
  })();
}
