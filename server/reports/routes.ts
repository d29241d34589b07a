import { readCounty } from '../auth/read-scope.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { ConflictError, UnprocessableError } from '../http/errors.ts';
import { parseWith, readBody } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';
import { buildMonthlyReport, countyByCode } from './build.ts';
import { reportToHtml } from './html.ts';
import { MONTH_PATTERN, monthOf } from './month.ts';
import { getSnapshot, storeSnapshot } from './snapshots.ts';
import { filingStatus, trend } from './status.ts';
import type { MonthlyReport } from './types.ts';
import { reportToXlsx } from './xlsx.ts';

const month = z.string().trim().regex(MONTH_PATTERN, 'must be a month as YYYY-MM, e.g. 2026-11');
const county = z.string().trim().regex(/^[0-9A-Za-z_-]{1,32}$/, 'must be a county code such as 220502');

const reportQuery = z.object({ county, month: month.optional(), format: z.enum(['json', 'xlsx', 'html']).default('json') });
const fileBody = z.object({ county, month: month.optional(), replace: z.boolean().default(false) });
const statusQuery = z.object({ month: month.optional() });
const trendQuery = z.object({ county: county.optional() });

/** A download file name, ASCII-safe plus the RFC 5987 UTF-8 form for the Chinese name. */
function disposition(r: MonthlyReport, ext: string): string {
  const ascii = `report-${r.county.code}-${r.month}.${ext}`;
  const zh = `${r.county.name}-${r.month}-月报.${ext}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`;
}

/**
 * /api/reports: monthly reports (月报) — read (the filed snapshot when one exists, else a live
 * draft), file (freeze a snapshot), filing status per county, and the trend from snapshots.
 */
export const reportRoutes = new Hono<AppEnv>()
  .get('/monthly', async (c) => {
    const q = parseWith(reportQuery, c.req.query(), 'query');
    const db = c.get('deps').db;
    const m = q.month ?? monthOf(new Date().toISOString());
    countyByCode(db, q.county);
    const snap = getSnapshot(db, q.county, m);
    const report = snap ? snap.report : buildMonthlyReport(db, q.county, m);
    if (q.format === 'xlsx') {
      const bytes = await reportToXlsx(report);
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': disposition(report, 'xlsx'),
      });
    }
    if (q.format === 'html') return c.html(reportToHtml(report));
    return c.json(report);
  })
  .post('/monthly/file', async (c) => {
    const body = await readBody(c, fileBody);
    const db = c.get('deps').db;
    const now = new Date().toISOString();
    const m = body.month ?? monthOf(now);
    if (m > monthOf(now)) throw new UnprocessableError(`Cannot file ${m}: it has not started yet`, { month: m }, 'future_month');
    countyByCode(db, body.county);
    const existing = getSnapshot(db, body.county, m);
    if (existing && !body.replace) {
      throw new ConflictError(
        `${body.county} has already filed ${m} (${existing.filedAt} by ${existing.filedBy}); send "replace": true to file again`,
        { county: body.county, month: m, filedAt: existing.filedAt, filedBy: existing.filedBy },
        'already_filed',
      );
    }
    const actor = c.get('user').username;
    const report: MonthlyReport = { ...buildMonthlyReport(db, body.county, m, now), status: 'filed', filedAt: now, filedBy: actor };
    const id = storeSnapshot(db, { countyCode: body.county, month: m, source: 'filed', filedBy: actor, filedAt: now, report });
    return c.json({ id, replaced: existing !== undefined, report }, 201);
  })
  .get('/status', (c) => {
    const q = parseWith(statusQuery, c.req.query(), 'query');
    const now = new Date().toISOString();
    return c.json(filingStatus(c.get('deps').db, q.month ?? monthOf(now), now));
  })
  .get('/trend', (c) => {
    const q = parseWith(trendQuery, c.req.query(), 'query');
    const db = c.get('deps').db;
    const county = q.county ?? readCounty(c.get('user')) ?? undefined; // county readers: their county
    if (county) countyByCode(db, county);
    return c.json(trend(db, county));
  });
