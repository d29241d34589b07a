import type { TFunction } from 'i18next';
import type { ImportProblem } from './data-api.ts';

/** An area in m² below 0.1 km², else in km² (the diff's "area moved"). */
export function formatArea(m2: number, t: TFunction): string {
  if (!Number.isFinite(m2)) return '—';
  if (Math.abs(m2) < 100_000) return t('data.units.m2', { n: Math.round(m2).toLocaleString() });
  return t('data.units.km2', { n: (m2 / 1e6).toLocaleString(undefined, { maximumFractionDigits: 3 }) });
}

/** Where a problem is, in words: "polygon 2, ring 1 (hole), vertex 7" / "第2个多边形 外环 第8个顶点". */
export function formatWhere(w: ImportProblem['where'], t: TFunction): string {
  if (!w) return '—';
  const parts: string[] = [];
  if (w.polygon !== undefined) parts.push(t('data.where.polygon', { n: w.polygon + 1 }));
  if (w.ring !== undefined) parts.push(w.ring === 0 ? t('data.where.shell') : t('data.where.hole', { n: w.ring }));
  if (w.vertex !== undefined) parts.push(t('data.where.vertex', { n: w.vertex + 1 }));
  if (!parts.length && w.point) parts.push(`${w.point[0].toFixed(6)}, ${w.point[1].toFixed(6)}`);
  return parts.length ? parts.join(t('data.where.sep')) : '—';
}

/** The problem in the page's language (the server's own sentence is kept as detail). */
export function problemWords(p: ImportProblem, t: TFunction): string {
  return t(`data.problems.${p.problem}`, { defaultValue: p.problem });
}

/** A list of codes, shortened: "A, B, C … (+12)". */
export function codeList(codes: string[], max = 12): string {
  if (codes.length <= max) return codes.join(', ');
  return `${codes.slice(0, max).join(', ')} … (+${codes.length - max})`;
}

/** A size in bytes as B / KB / MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}
