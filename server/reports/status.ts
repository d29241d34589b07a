import type { Db } from '../db/connection.ts';
import { coverageOf } from '../coverage/load.ts';
import { SHARE_INDICATORS, type ShareIndicator } from './indicators.ts';
import { listCounties } from './build.ts';
import { dueAt, dueDate, monthOf } from './month.ts';
import { snapshotsOfCounty, snapshotsOfMonth } from './snapshots.ts';

/** Filing status of one county for a month. */
export interface CountyFiling {
  code: string;
  name: string;
  filed: boolean;
  source: 'filed' | 'seed' | null;
  filedAt: string | null;
  filedBy: string | null;
  /** not filed and the deadline has passed */
  missing: boolean;
}

/**
 * Which counties have filed `month` (default: the current China-time month). A county that has
 * not filed is `missing` once the deadline (the 30th, see month.ts dueAt) has passed.
 */
export function filingStatus(db: Db, month: string, now = new Date().toISOString()) {
  const filed = new Map(snapshotsOfMonth(db, month).map((s) => [s.countyCode, s]));
  const pastDue = now >= dueAt(month);
  const counties: CountyFiling[] = listCounties(db).map((c) => {
    const s = filed.get(c.code);
    return {
      code: c.code,
      name: c.name,
      filed: s !== undefined,
      source: s?.source ?? null,
      filedAt: s?.filedAt ?? null,
      filedBy: s?.filedBy ?? null,
      missing: s === undefined && pastDue,
    };
  });
  return { month, dueDate: dueDate(month), pastDue, current: month === monthOf(now), counties };
}

/** One point of a county's trend. */
export interface TrendPoint {
  month: string;
  /** filed/seed: from a stored snapshot; live: today's figures (current month not yet filed) */
  source: 'filed' | 'seed' | 'live';
  shares: Partial<Record<ShareIndicator['key'], number | null>>;
}

/**
 * The trend of each county (or one county): one point per stored snapshot, oldest first, plus
 * today's live figures for the current month when it is not filed yet.
 */
export function trend(db: Db, countyCode?: string, now = new Date().toISOString()) {
  const current = monthOf(now);
  const live = coverageOf(db, now);
  const counties = listCounties(db).filter((c) => !countyCode || c.code === countyCode);
  const snaps = snapshotsOfCounty(db, countyCode);
  const sharesOf = (row: Parameters<ShareIndicator['get']>[0]) =>
    Object.fromEntries(SHARE_INDICATORS.map((i) => [i.key, i.get(row)?.share ?? null])) as TrendPoint['shares'];
  const series = counties.map((c) => {
    const points: TrendPoint[] = snaps
      .filter((s) => s.countyCode === c.code)
      .map((s) => ({ month: s.month, source: s.source, shares: sharesOf(s.report.figures) }));
    if (!points.some((p) => p.month === current)) {
      const row = live.rows.county.find((r) => r.id === c.id);
      if (row) points.push({ month: current, source: 'live', shares: sharesOf(row) });
    }
    points.sort((a, b) => a.month.localeCompare(b.month));
    return { code: c.code, name: c.name, points };
  });
  const months = [...new Set(series.flatMap((s) => s.points.map((p) => p.month)))].sort();
  return { months, series };
}
