/**
 * New codes for features made by merges, splits and zone building, following the demo
 * city's CJ/T-style scheme: grid = community code + 3 digits; beat = station code + "B" +
 * 2 digits; aux-grid = its grid's code + "J". Codes of retired features are never reused
 * (they stay meaningful in history and lineage).
 */
import type { Db } from '../db/connection.ts';

function usedCodes(db: Db, layer: string, prefix: string): string[] {
  return (
    db.prepare(`SELECT code FROM features WHERE layer = ? AND substr(code, 1, ?) = ?`).all(layer, prefix.length, prefix) as { code: string }[]
  ).map((r) => r.code);
}

/** The next `count` free numbered codes `prefix + NNN` (width digits, widened past 10^width − 1). */
export function nextNumberedCodes(db: Db, layer: string, prefix: string, width: number, count = 1): string[] {
  const used = new Set(usedCodes(db, layer, prefix));
  let max = 0;
  for (const code of used) {
    const rest = code.slice(prefix.length);
    if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
  }
  const out: string[] = [];
  for (let n = max + 1; out.length < count; n++) {
    const code = prefix + String(n).padStart(width, '0');
    if (!used.has(code)) out.push(code);
  }
  return out;
}

/** The next free grid codes under a community (community code + 3 digits). */
export function nextGridCodes(db: Db, communityCode: string, count = 1): string[] {
  return nextNumberedCodes(db, 'grids', communityCode, 3, count);
}

/** The next free code of a beat under its station (station code + "B" + 2 digits). */
export function nextBeatCode(db: Db, stationCode: string): string {
  return nextNumberedCodes(db, 'beats', `${stationCode}B`, 2)[0];
}

/** The code of an aux-grid made from one grid: grid code + "J" (then J2, J3… if taken). */
export function nextAuxGridCode(db: Db, gridCode: string): string {
  const used = new Set(usedCodes(db, 'aux-grids', `${gridCode}J`));
  if (!used.has(`${gridCode}J`)) return `${gridCode}J`;
  for (let n = 2; ; n++) if (!used.has(`${gridCode}J${n}`)) return `${gridCode}J${n}`;
}

/**
 * The number at the end of a code (for names like 第N网格), or null. With `prefix` (the
 * parent's code), only the digits after it count: grid 220502001000002020 under community
 * 220502001000002 is number 20, not the whole digit string.
 */
export function trailingNumber(code: string, prefix?: string): number | null {
  const rest = prefix && code.startsWith(prefix) ? code.slice(prefix.length) : code;
  const m = /(\d+)$/.exec(rest);
  return m ? Number(m[1]) : null;
}
