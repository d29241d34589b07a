import { COUNT_INDICATORS, SHARE_INDICATORS, VACANCY_ZH, percent } from './indicators.ts';
import { chinaDate, chinaTime } from './month.ts';
import type { MonthlyReport, NoticeItem } from './types.ts';

/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STATUS_ZH: Record<MonthlyReport['status'], string> = { filed: '已报送', draft: '草稿（未报送）', seed: '已报送（历史）' };
const STATUS_NOTICE_ZH: Record<string, string> = { open: '待处理', acknowledged: '已签收', resolved: '已办结' };

function shareClass(share: number | null): string {
  if (share === null) return 'na';
  return share >= 1 ? 'ok' : share >= 0.8 ? 'near' : 'low';
}

function table(head: string[], rows: string[][], empty = '无'): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function noticeTable(items: NoticeItem[] | null, empty: string): string {
  if (items === null) return '<p class="empty">（本系统尚无告知数据）</p>';
  const t = (iso: string | null) => (iso ? esc(chinaTime(iso)) : '');
  return table(['编号', '告知', '状态', '发出', '截止', '办结'], items.map((n) => [esc(n.id), esc(n.title), esc(STATUS_NOTICE_ZH[n.status] ?? n.status), t(n.createdAt), t(n.dueAt), t(n.resolvedAt)]), empty);
}

const CSS = `
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px auto;max-width:980px;color:#1f2933;font-size:14px;line-height:1.5}
h1{font-size:22px;margin:0 0 4px;text-align:center}
.meta{text-align:center;color:#52606d;margin-bottom:18px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;border:1px solid currentColor}
.badge.draft{color:#c2410c}.badge.filed,.badge.seed{color:#15803d}
h2{font-size:16px;border-left:4px solid #1d3f8f;padding-left:8px;margin:22px 0 8px}
table{border-collapse:collapse;width:100%;margin:4px 0 8px}
th,td{border:1px solid #9aa5b1;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#e8eef6}
td.num,span.num{text-align:right;font-variant-numeric:tabular-nums}
span.num{display:block}
.ok{color:#15803d;font-weight:600}.near{color:#b45309;font-weight:600}.low{color:#b91c1c;font-weight:600}.na{color:#7b8794}
.empty{color:#7b8794}
.toolbar{text-align:right;margin-bottom:8px;color:#7b8794;font-size:12px}
.sign{margin-top:36px;display:flex;justify-content:space-between}
@page{size:A4;margin:16mm 14mm}
@media print{
  body{margin:0;max-width:none;font-size:11pt}
  .toolbar{display:none}
  h2{break-after:avoid}
  tr{break-inside:avoid}
  thead{display:table-header-group}
  a{color:inherit;text-decoration:none}
}`;

/**
 * The monthly report as a printable Chinese HTML page (A4, print CSS: toolbar hidden, table
 * headers repeated, rows not split across pages). No script at all: the app's CSP allows
 * scripts from files only, so printing is the browser's own (Ctrl+P).
 */
export function reportToHtml(r: MonthlyReport): string {
  const shares = SHARE_INDICATORS.map((ind) => {
    const v = ind.get(r.figures);
    const isArea = ind.key === 'reach';
    const fmt = (x: number | undefined) => (x === undefined ? '—' : isArea ? `${(x / 1e6).toFixed(1)} km²` : String(x));
    return [esc(ind.zh), `<span class="num">${fmt(v?.n)}</span>`, `<span class="num">${fmt(v?.of)}</span>`, `<span class="${shareClass(v?.share ?? null)}">${percent(v?.share)}</span>`];
  });
  const counts = COUNT_INDICATORS.map((ind) => [esc(ind.zh), esc(ind.get(r.figures) ?? '—')]);
  const towns = r.townships.map((t) => [esc(t.name), ...SHARE_INDICATORS.slice(0, 4).map((i) => `<span class="${shareClass(i.get(t)?.share ?? null)}">${percent(i.get(t)?.share)}</span>`)]);
  const ch = r.changes;
  const gridRows = [...ch.gridMerges, ...ch.gridSplits].map((g) => [g.kind === 'merge' ? '合并' : '拆分', esc(g.from.join('、')), esc(g.to.join('、')), esc(chinaDate(g.at)), esc(g.reason)]);
  const facilityRows = ch.facilitiesBuilt.map((f) => [f.kind === 'room' ? '警务室' : '警务站（岗）', esc(f.code), esc(f.name), esc(f.status === 'staffed' ? '已配人员' : '已建成'), esc(f.on)]);
  const vacancyRows = r.vacancies.map((v) => [esc(VACANCY_ZH[v.kind] ?? v.kind), esc(v.code), esc(v.name)]);
  const overloadRows = r.overloads.map((o) => [esc(o.code), esc(o.name), `${o.grids}（上限 ${o.max}）`]);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.county.name)} ${esc(r.month)} 警网融合工作月报</title><style>${CSS}</style></head>
<body>
<div class="toolbar">打印：浏览器菜单“打印”或 Ctrl+P（A4 纵向）</div>
<h1>${esc(r.county.name)}警网融合工作月报</h1>
<div class="meta">${esc(r.month.replace('-', ' 年 '))} 月 · 县区编码 ${esc(r.county.code)} · <span class="badge ${r.status}">${STATUS_ZH[r.status]}</span>
${r.filedAt ? ` · 报送 ${esc(chinaTime(r.filedAt))}（${esc(r.filedBy)}）` : ''} · 截止 ${esc(r.dueDate)} 前 · 生成 ${esc(chinaTime(r.generatedAt))}（北京时间）</div>

<h2>一、工作进展（目标 100%）</h2>
${table(['指标', '达标', '总数', '比例'], shares)}
${table(['数量指标', '数量'], counts)}
<h2>二、各乡镇（街道）进展</h2>
${table(['乡镇（街道）', ...SHARE_INDICATORS.slice(0, 4).map((i) => i.zh)], towns)}
<h2>三、本月变化</h2>
<h3>网格调整</h3>
${table(['类别', '原网格', '新网格', '日期', '原因'], gridRows, '本月无网格合并或拆分')}
<h3>警务阵地建成</h3>
${table(['类别', '编码', '名称', '状态', '日期'], facilityRows, '本月无新建成的警务室或警务站')}
<h3>告知发出</h3>
${noticeTable(ch.noticesRaised, '本月无新发告知')}
<h3>告知办结</h3>
${noticeTable(ch.noticesResolved, '本月无办结告知')}
<p>本月涉及本县区的编辑 ${ch.edits} 次。</p>
<h2>四、空缺与超负荷</h2>
${table(['类别', '编码', '名称'], vacancyRows, '无空缺')}
${table(['民警编号', '姓名', '负责网格数'], overloadRows, '无超负荷民警')}
<h2>五、逾期事项</h2>
${noticeTable(r.overdue, '无逾期事项')}
<div class="sign"><span>填报单位（盖章）：</span><span>负责人：</span><span>填报日期：</span></div>
</body></html>`;
}
