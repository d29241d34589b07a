import type { Db } from '../db/connection.ts';
import { ratio } from '../coverage/compute.ts';
import { coverageOf } from '../coverage/load.ts';
import type { CoverageRow, Ratio } from '../coverage/types.ts';
import { listCounties } from './build.ts';
import { addMonths, dueDate, monthOf, monthRange } from './month.ts';
import { storeSnapshot } from './snapshots.ts';
import type { MonthlyReport } from './types.ts';

/** A small deterministic hash → [0, 1) (so the demo history is the same on every start). */
function unit(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

function earlier(r: Ratio, drop: number): Ratio {
  if (r.of === 0 || r.share === null) return r;
  const n = Math.min(r.n, Math.max(0, Math.round(r.of * (r.share - drop))));
  return ratio(n, r.of);
}

/** The county's figures `monthsAgo` months back: every share lower by a county-specific monthly rate. */
function pastFigures(row: CoverageRow, monthsAgo: number): CoverageRow {
  const rate = 0.015 + 0.035 * unit(row.code); // 1.5–5 percentage points a month
  const d = rate * monthsAgo;
  const room = earlier(row.room, d);
  const post = earlier(row.post, d * 1.2);
  const officer = earlier(row.officer, d * 0.8);
  const assistant = earlier(row.directorAssistant, d);
  return {
    ...row,
    room,
    post,
    officer,
    directorAssistant: assistant,
    partTimeGridWorker: row.partTimeGridWorker && earlier(row.partTimeGridWorker, d * 1.1),
    aligned: row.aligned && earlier(row.aligned, d * 0.6),
    vacantGrids: row.grids - officer.n,
    vacantCommunities: row.communities - assistant.n,
    reach: row.reach && {
      ...row.reach,
      areaM2: Math.round(row.reach.areaM2 * Math.max(0, 1 - d * 0.5)),
      share: row.reach.share === null ? null : Math.round(Math.max(0, row.reach.share * (1 - d * 0.5)) * 10000) / 10000,
    },
    noticesOpen: row.noticesOpen,
    noticesOverdue: row.noticesOverdue,
  };
}

/**
 * Seeds plausible filed reports for the `months` months before the current one, for every
 * county, so the dashboard's trend has data on a fresh demo. Does nothing when any snapshot
 * exists already (so it runs once, at first start). Returns the number of snapshots stored.
 */
export function seedDemoSnapshots(db: Db, now = new Date().toISOString(), months = 6): number {
  const any = db.prepare('SELECT 1 FROM monthly_snapshots LIMIT 1').get();
  if (any) return 0;
  const analysis = coverageOf(db, now);
  const current = monthOf(now);
  let stored = 0;
  for (const county of listCounties(db)) {
    const row = analysis.rows.county.find((r) => r.id === county.id);
    if (!row) continue;
    for (let k = months; k >= 1; k--) {
      const month = addMonths(current, -k);
      const day = 20 + Math.floor(unit(county.code + month) * 9); // filed on the 20th–28th
      const filedAt = new Date(Date.parse(monthRange(month).start) + (day - 1) * 86400000 + 10 * 3600000).toISOString();
      const report: MonthlyReport = {
        county,
        month,
        status: 'seed',
        generatedAt: filedAt,
        filedAt,
        filedBy: 'demo',
        dueDate: dueDate(month),
        figures: pastFigures(row, k),
        townships: [],
        changes: { gridMerges: [], gridSplits: [], noticesRaised: [], noticesResolved: [], facilitiesBuilt: [], edits: 0 },
        vacancies: [],
        overloads: [],
        overdue: [],
      };
      storeSnapshot(db, { countyCode: county.code, month, source: 'seed', filedBy: 'demo', filedAt, report });
      stored++;
    }
  }
  return stored;
}
