import type { Db } from '../db/connection.ts';
import { coverageOf } from '../coverage/load.ts';
import { NotFoundError } from '../http/errors.ts';
import { changesInMonth } from './changes.ts';
import { dueDate } from './month.ts';
import type { MonthlyReport } from './types.ts';

/** The live county feature with this code, or 404. */
export function countyByCode(db: Db, code: string): { id: number; code: string; name: string } {
  const row = db.prepare("SELECT id, code, name FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL").get(code) as
    | { id: number; code: string; name: string }
    | undefined;
  if (!row) throw new NotFoundError(`No county with code ${code}`, { county: code }, 'unknown_county');
  return row;
}

/** Live counties, by code. */
export function listCounties(db: Db): { id: number; code: string; name: string }[] {
  return db.prepare("SELECT id, code, name FROM features WHERE layer = 'counties' AND retired_at IS NULL ORDER BY code").all() as {
    id: number;
    code: string;
    name: string;
  }[];
}

/**
 * Generates a county's monthly report from the data as it is now: the coverage figures of the
 * county and its townships, the month's changes, vacancies, overloads and overdue notices.
 * Marked `draft`; filing stores it as a snapshot.
 */
export function buildMonthlyReport(db: Db, countyCode: string, month: string, now = new Date().toISOString()): MonthlyReport {
  const county = countyByCode(db, countyCode);
  const a = coverageOf(db, now);
  const figures = a.rows.county.find((r) => r.id === county.id);
  if (!figures) throw new NotFoundError(`No coverage figures for county ${countyCode}`, { county: countyCode });
  const { overdue, ...changes } = changesInMonth(db, county.id, month, now);
  return {
    county,
    month,
    status: 'draft',
    generatedAt: now,
    filedAt: null,
    filedBy: null,
    dueDate: dueDate(month),
    figures,
    townships: a.rows.township.filter((r) => r.countyCode === countyCode),
    changes,
    vacancies: a.vacancies.filter(
      (v) => v.countyCode === countyCode && (v.kind === 'grid-without-officer' || v.kind === 'community-without-assistant'),
    ),
    overloads: a.overloads.filter((o) => o.countyCodes.includes(countyCode)),
    overdue,
  };
}
