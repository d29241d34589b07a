/**
 * Months of the monthly report (月报), in China Standard Time (UTC+8, no daylight saving):
 * a month `YYYY-MM` runs from the 1st 00:00 CST to the next 1st 00:00 CST. Timestamps in the
 * database are ISO UTC strings, so ranges are returned as ISO UTC strings too.
 */

const CST_OFFSET_MS = 8 * 3600 * 1000;
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Throws a readable error unless `month` is YYYY-MM. */
export function assertMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new Error(`month must be YYYY-MM (got "${month}")`);
}

/** The China-time calendar date (YYYY-MM-DD) of an ISO instant. */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:mm" in China time, for people reading a report. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The month (YYYY-MM, China time) of an ISO instant. */
export function monthOf(iso: string): string {
  return chinaDate(iso).slice(0, 7);
}

/** The month `delta` months after `month` (negative for before). */
export function addMonths(month: string, delta: number): string {
  assertMonth(month);
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + delta;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** ISO UTC instant of 00:00 China time on a YYYY-MM-DD date. */
function chinaMidnight(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
}

/** [start, end) of the month as ISO UTC instants. */
export function monthRange(month: string): { start: string; end: string } {
  assertMonth(month);
  return { start: chinaMidnight(`${month}-01`), end: chinaMidnight(`${addMonths(month, 1)}-01`) };
}

/**
 * The filing deadline: a report is due before the 30th, so the deadline is the 30th 00:00 China
 * time (February, which has no 30th: 1 March 00:00).
 */
export function dueAt(month: string): string {
  assertMonth(month);
  return month.endsWith('-02') ? monthRange(month).end : chinaMidnight(`${month}-30`);
}

/** The deadline's calendar date for display (YYYY-MM-DD, China time). */
export function dueDate(month: string): string {
  return chinaDate(dueAt(month));
}
