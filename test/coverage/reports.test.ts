import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commit } from '../../server/edits/commit.ts';
import { changesInMonth } from '../../server/reports/changes.ts';
import { monthOf } from '../../server/reports/month.ts';
import { seedDemoSnapshots } from '../../server/reports/seed-history.ts';
import { analyseCoverage } from '../../server/coverage/compute.ts';
import { loadCoverageInput } from '../../server/coverage/load.ts';
import { filingStatus } from '../../server/reports/status.ts';
import { MINI } from '../fixtures/mini-city.ts';
import { makeTestApp, type TestApp } from '../support/api.ts';

let t: TestApp;
const month = monthOf(new Date().toISOString());
const report = (format = 'json', m = month) => `/api/reports/monthly?county=${MINI.county}&month=${m}&format=${format}`;

beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

/** Marks the mini city's post-less grid B1 as having a built post (an edit after filing). */
async function buildPostInB1(): Promise<void> {
  const r = await t.json('POST', '/api/layers/police-posts', {
    body: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [125.925, 41.71] },
      properties: { code: 'PP-B1', name: '团结一格警务岗', parentId: t.idOf('grids', MINI.grids.B1), stationId: t.idOf('stations', MINI.station), status: 'built' },
    },
  });
  expect(r.status).toBe(201);
}

describe('monthly report snapshot', () => {
  it('is a live draft until filed', async () => {
    const r = await t.json('GET', report());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'draft', month, filedAt: null, county: { code: MINI.county, name: '东昌区' } });
    expect(r.body.figures.post).toEqual({ n: 1, of: 4, share: 0.25 });
  });

  it('once filed, later edits do not change it (but do change the live figures)', async () => {
    const filed = await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month } });
    expect(filed.status).toBe(201);
    expect(filed.body.report).toMatchObject({ status: 'filed', filedBy: 'local' });
    await buildPostInB1();
    const live = await t.json('GET', '/api/coverage?level=county');
    expect(live.body.rows[0].post.n).toBe(2);
    const r = await t.json('GET', report());
    expect(r.body.status).toBe('filed');
    expect(r.body.figures.post).toEqual({ n: 1, of: 4, share: 0.25 });
    expect(r.body.generatedAt).toBe(filed.body.report.generatedAt);
    // the printable page and the workbook come from the snapshot too
    const html = await t.request('GET', report('html'));
    expect(await html.text()).toContain('25.0%');
  });

  it('refuses to file twice unless replace is set; replacing takes the new figures', async () => {
    await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month } });
    await buildPostInB1();
    const again = await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_filed');
    const replaced = await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month, replace: true } });
    expect(replaced.status).toBe(201);
    expect(replaced.body.replaced).toBe(true);
    expect((await t.json('GET', report())).body.figures.post.n).toBe(2);
    const kept = t.db.prepare('SELECT count(*) AS n FROM monthly_snapshots WHERE superseded_at IS NOT NULL').get() as { n: number };
    expect(kept.n).toBe(1);
  });

  it('rejects bad input clearly', async () => {
    expect((await t.json('GET', `/api/reports/monthly?county=${MINI.county}&month=2026-13`)).status).toBe(400);
    expect((await t.json('GET', '/api/reports/monthly?county=000000')).status).toBe(404);
    const future = await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month: '2999-01' } });
    expect(future.status).toBe(422);
    expect((await t.json('POST', '/api/reports/monthly/file', { body: { month } })).status).toBe(400);
  });
});

describe('report formats', () => {
  it('XLSX round-trip: the four sheets carry the figures', async () => {
    await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month } });
    const res = await t.request('GET', report('xlsx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/spreadsheetml/);
    expect(res.headers.get('Content-Disposition')).toContain(`report-${MINI.county}-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '变化', '空缺', '逾期']);
    const summary = wb.getWorksheet('概况')!;
    const rowOf = (label: string) => {
      let found: ExcelJS.Row | undefined;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row;
      });
      if (!found) throw new Error(`no row ${label}`);
      return [found.getCell(2).value, found.getCell(3).value, found.getCell(4).value];
    };
    expect(rowOf('社区警务室覆盖率')).toEqual([1, 2, 0.5]);
    expect(rowOf('网格警务站（岗）覆盖率')).toEqual([1, 4, 0.25]);
    expect(rowOf('一村（格）一警配备率')).toEqual([2, 4, 0.5]);
    expect(summary.getCell('B3').value).toBe('已报送');
    const vac = wb.getWorksheet('空缺')!;
    const codes: unknown[] = [];
    vac.eachRow((row, i) => i > 1 && codes.push(row.getCell(2).value));
    expect(codes).toEqual([MINI.communityB, MINI.grids.B1, MINI.grids.B2]);
  });

  it('HTML is a printable Chinese page', async () => {
    const res = await t.request('GET', report('html'));
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('东昌区警网融合工作月报');
    expect(html).toContain('@media print');
    expect(html).toContain('草稿（未报送）');
  });
});

describe('changes in the month', () => {
  it('lists merges/splits from lineage, facilities that became built, and notices', () => {
    const db = t.db;
    const at = new Date().toISOString();
    const a1 = t.idOf('grids', MINI.grids.A1);
    const a2 = t.idOf('grids', MINI.grids.A2);
    const row = db.prepare('SELECT version FROM features WHERE id = ?').get(a2) as { version: number };
    commit(db, { kind: 'merge', actor: 'civil', reason: '合并测试', ops: [{ entity: 'feature', op: 'update', id: a2, baseVersion: row.version, set: { name: '合并后网格' } }], lineage: [{ kind: 'merge', from: a1, to: a2 }] }, { skipHooks: true });
    const post = t.idOf('police-posts', 'PP-DC-01');
    const pv = db.prepare('SELECT version FROM features WHERE id = ?').get(post) as { version: number };
    commit(db, { kind: 'update', actor: 'station', ops: [{ entity: 'feature', op: 'update', id: post, baseVersion: pv.version, set: { props: { status: 'planned' } } }] }, { skipHooks: true });
    commit(db, { kind: 'update', actor: 'station', ops: [{ entity: 'feature', op: 'update', id: post, baseVersion: pv.version + 1, set: { props: { status: 'staffed' } } }] }, { skipHooks: true });
    const county = t.idOf('counties', MINI.county);
    const c = changesInMonth(db, county, monthOf(at), at);
    expect(c.gridMerges).toHaveLength(1);
    expect(c.gridMerges[0]).toMatchObject({ from: [MINI.grids.A1], to: [MINI.grids.A2], reason: '合并测试' });
    expect(c.facilitiesBuilt.map((f) => [f.code, f.status])).toEqual([['PP-DC-01', 'staffed']]);
    expect(c.edits).toBe(3); // the merge and two status edits; the seed does not count
    expect(c.noticesRaised).toEqual([]);
    // another month sees none of it
    expect(changesInMonth(db, county, '2020-01', at).gridMerges).toEqual([]);
  });
});

describe('notices in coverage and the report', () => {
  it('a grid merge through the API shows as a merge and a raised notice; overdue once past its deadline', async () => {
    const r = await t.json('POST', '/api/grids/merge', { body: { ids: [t.idOf('grids', MINI.grids.B1), t.idOf('grids', MINI.grids.B2)], reason: '合并测试' } });
    expect(r.status).toBe(201);
    const cov = await t.json('GET', '/api/coverage?level=county');
    expect(cov.body.rows[0]).toMatchObject({ grids: 3, noticesOpen: 1, noticesOverdue: 0 });
    const rep = await t.json('GET', report());
    expect(rep.body.changes.gridMerges).toEqual([expect.objectContaining({ from: [MINI.grids.B1, MINI.grids.B2], reason: '合并测试' })]);
    expect(rep.body.changes.noticesRaised).toHaveLength(1);
    expect(rep.body.changes.noticesRaised[0].title).toMatch(/^网格合并 /);
    expect(rep.body.overdue).toEqual([]);
    const later = new Date(Date.now() + 30 * 86400000).toISOString();
    const a = analyseCoverage(loadCoverageInput(t.db, later));
    expect(a.rows.county[0]).toMatchObject({ noticesOpen: 1, noticesOverdue: 1 });
    const county = t.idOf('counties', MINI.county);
    expect(changesInMonth(t.db, county, monthOf(new Date().toISOString()), later).overdue).toHaveLength(1);
  });
});

describe('filing status and demo history', () => {
  it('flags counties that have not filed once the 30th has come', async () => {
    expect(filingStatus(t.db, '2026-11', '2026-11-28T08:00:00Z').counties[0]).toMatchObject({ filed: false, missing: false });
    expect(filingStatus(t.db, '2026-11', '2026-11-30T08:00:00Z').counties[0]).toMatchObject({ filed: false, missing: true });
    await t.json('POST', '/api/reports/monthly/file', { body: { county: MINI.county, month } });
    const s = await t.json('GET', `/api/reports/status?month=${month}`);
    expect(s.body.counties).toEqual([expect.objectContaining({ code: MINI.county, filed: true, source: 'filed', missing: false })]);
  });

  it('seeds six plausible past months once, which the trend shows before the live month', async () => {
    expect(seedDemoSnapshots(t.db)).toBe(6);
    expect(seedDemoSnapshots(t.db)).toBe(0);
    const tr = await t.json('GET', '/api/reports/trend');
    expect(tr.body.months).toHaveLength(7);
    const pts = tr.body.series[0].points;
    expect(pts.map((p: any) => p.source)).toEqual(['seed', 'seed', 'seed', 'seed', 'seed', 'seed', 'live']);
    for (let i = 1; i < pts.length; i++) expect(pts[i].shares.room).toBeGreaterThanOrEqual(pts[i - 1].shares.room);
    const old = await t.json('GET', `/api/reports/monthly?county=${MINI.county}&month=${tr.body.months[0]}`);
    expect(old.body.status).toBe('seed');
  });
});
