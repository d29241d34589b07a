import ExcelJS from 'exceljs';
import { COUNT_INDICATORS, SHARE_INDICATORS, VACANCY_ZH } from './indicators.ts';
import type { MonthlyReport, NoticeItem } from './types.ts';

/** Sheet names of the report workbook. */
export const SHEETS = { summary: '概况', changes: '变化', vacancies: '空缺', overdue: '逾期' } as const;

const STATUS_ZH: Record<MonthlyReport['status'], string> = { filed: '已报送', draft: '草稿（未报送）', seed: '已报送（历史）' };

function header(ws: ExcelJS.Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
}

function noticeRows(ws: ExcelJS.Worksheet, kind: string, items: NoticeItem[] | null): void {
  if (items === null) {
    ws.addRow([kind, '（无告知数据）']);
    return;
  }
  for (const n of items) ws.addRow([kind, n.title, n.status, n.createdAt ?? '', n.dueAt ?? '', n.resolvedAt ?? '']);
}

/**
 * The monthly report as an XLSX workbook with four sheets: 概况 (figures: one row per indicator
 * with numerator, denominator and share as a percentage-formatted number, then one row per
 * township), 变化 (merges, splits, notices, facilities built), 空缺 (vacancies and overloads),
 * 逾期 (overdue notices). Returns the file bytes.
 */
export async function reportToXlsx(r: MonthlyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'beatgrid';
  wb.created = new Date(r.generatedAt);

  const s = wb.addWorksheet(SHEETS.summary);
  s.columns = [{ width: 30 }, { width: 14 }, { width: 14 }, { width: 12 }];
  s.addRow([`${r.county.name}（${r.county.code}）警网融合工作月报`]).font = { bold: true, size: 14 };
  s.addRow(['月份', r.month]);
  s.addRow(['状态', STATUS_ZH[r.status]]);
  s.addRow(['报送时间', r.filedAt ?? '']);
  s.addRow(['报送人', r.filedBy ?? '']);
  s.addRow(['生成时间', r.generatedAt]);
  s.addRow(['截止日期', `${r.dueDate} 前`]);
  s.addRow([]);
  header(s, ['指标', '达标数', '总数', '比例']);
  for (const ind of SHARE_INDICATORS) {
    const v = ind.get(r.figures);
    const row = s.addRow([ind.zh, v?.n ?? null, v?.of ?? null, v?.share ?? null]);
    row.getCell(4).numFmt = '0.0%';
  }
  s.addRow([]);
  header(s, ['数量指标', '数量']);
  for (const ind of COUNT_INDICATORS) s.addRow([ind.zh, ind.get(r.figures)]);
  s.addRow([]);
  header(s, ['乡镇（街道）', '编码', ...SHARE_INDICATORS.map((i) => i.zh)]);
  for (const t of r.townships) {
    const row = s.addRow([t.name, t.code, ...SHARE_INDICATORS.map((i) => i.get(t)?.share ?? null)]);
    for (let c = 3; c < 3 + SHARE_INDICATORS.length; c++) row.getCell(c).numFmt = '0.0%';
  }

  const ch = wb.addWorksheet(SHEETS.changes);
  ch.columns = [{ width: 16 }, { width: 30 }, { width: 30 }, { width: 22 }, { width: 22 }, { width: 22 }];
  header(ch, ['类别', '原网格 / 名称', '新网格 / 状态', '时间', '截止', '办结']);
  for (const m of r.changes.gridMerges) ch.addRow(['网格合并', m.from.join('、'), m.to.join('、'), m.at, m.actor, m.reason]);
  for (const m of r.changes.gridSplits) ch.addRow(['网格拆分', m.from.join('、'), m.to.join('、'), m.at, m.actor, m.reason]);
  noticeRows(ch, '新发告知', r.changes.noticesRaised);
  noticeRows(ch, '办结告知', r.changes.noticesResolved);
  for (const f of r.changes.facilitiesBuilt) ch.addRow([f.kind === 'room' ? '警务室建成' : '警务站建成', `${f.code} ${f.name}`, f.status, f.on]);
  ch.addRow([]);
  ch.addRow(['本月涉及本县的编辑次数', r.changes.edits]);

  const v = wb.addWorksheet(SHEETS.vacancies);
  v.columns = [{ width: 18 }, { width: 18 }, { width: 30 }, { width: 12 }];
  header(v, ['类别', '编码', '名称', '网格数']);
  for (const x of r.vacancies) v.addRow([VACANCY_ZH[x.kind] ?? x.kind, x.code, x.name]);
  for (const o of r.overloads) v.addRow(['民警超负荷', o.code, o.name, o.grids]);

  const o = wb.addWorksheet(SHEETS.overdue);
  o.columns = [{ width: 10 }, { width: 40 }, { width: 14 }, { width: 24 }, { width: 24 }];
  header(o, ['编号', '告知', '状态', '发出时间', '截止时间']);
  if (r.overdue === null) o.addRow(['', '（无告知数据）']);
  else for (const n of r.overdue) o.addRow([n.id, n.title, n.status, n.createdAt ?? '', n.dueAt ?? '']);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
