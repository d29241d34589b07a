import type { CoverageRow, Ratio } from '../../server/coverage/types.ts';

/** The indicators the dashboard shows as percentages (target 100 %), in column order. */
export const SHARE_KEYS = ['room', 'post', 'officer', 'directorAssistant', 'partTimeGridWorker', 'aligned', 'reach'] as const;
export type ShareKey = (typeof SHARE_KEYS)[number];

/** Count columns (fewer is better, except the unit counts). */
export const COUNT_KEYS = ['noticesOpen', 'noticesOverdue', 'vacantGrids', 'vacantCommunities', 'overloadedOfficers'] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

/** The share of an indicator in a row, or null when unknown. */
export function shareOf(row: CoverageRow, key: ShareKey): number | null {
  if (key === 'reach') return row.reach?.share ?? null;
  const r = row[key] as Ratio | null;
  return r?.share ?? null;
}

/** n/of of a ratio indicator for a tooltip ("412 / 480"). */
export function fractionOf(row: CoverageRow, key: ShareKey): string {
  if (key === 'reach') return row.reach ? `${(row.reach.areaM2 / 1e6).toFixed(1)} / ${(row.reach.ofM2 / 1e6).toFixed(1)} km²` : '';
  const r = row[key] as Ratio | null;
  return r ? `${r.n} / ${r.of}` : '';
}

/** "87.5%" or "—". */
export function pct(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** Colour band against the 100 % target. */
export function band(share: number | null): 'ok' | 'near' | 'mid' | 'low' | 'na' {
  if (share === null) return 'na';
  if (share >= 0.9999) return 'ok';
  if (share >= 0.9) return 'near';
  if (share >= 0.8) return 'mid';
  return 'low';
}

/** Fill colours of the bands (also used by the charts). */
export const BAND_COLORS: Record<ReturnType<typeof band>, string> = {
  ok: '#2f9e44',
  near: '#94c356',
  mid: '#f0a92e',
  low: '#d9480f',
  na: '#c9ced6',
};

/** Distinct line colours for up to 8 counties in the trend chart. */
export const SERIES_COLORS = ['#1d3f8f', '#d63b3b', '#2f9e44', '#e8890c', '#7048e8', '#00a3b6', '#a61e4d', '#5c7080'];
