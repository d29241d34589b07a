/**
 * dBase III table writer for Shapefiles: UTF-8 text (declared by the .cpg the caller writes),
 * field names cut to the format's 10 bytes and made unique, text cut to 254 bytes on a
 * character boundary, numbers as N fields, booleans as L.
 */

const utf8 = new TextEncoder();

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function cutUtf8(s: string, max: number): string {
  if (utf8.encode(s).length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const len = utf8.encode(ch).length;
    if (n + len > max) break;
    out += ch;
    n += len;
  }
  return out;
}

/** dBase field names: at most 10 bytes, unique (case-insensitively), suffixed _1, _2 ... when cut names collide. */
export function dbfFieldNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const clean = name.replace(/[\x00-\x20]/g, '_') || 'field';
    let candidate = cutUtf8(clean, 10);
    for (let k = 1; used.has(candidate.toLowerCase()); k++) candidate = cutUtf8(clean, 10 - `_${k}`.length) + `_${k}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

interface DbfField {
  key: string;
  name: string;
  type: 'C' | 'N' | 'L';
  length: number;
  decimals: number;
}

/** Plain decimal text of a number (no exponent), at most 15 decimals. */
function decimalText(v: number, decimals: number): string {
  return v.toFixed(decimals);
}
function decimalsOf(v: number): number {
  if (Number.isInteger(v)) return 0;
  const s = v.toPrecision(15).replace(/0+$/, '');
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(15, s.length - i - 1);
}

const asText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The result of writing a .dbf: the bytes plus notes for the README (renamed fields, cut texts). */
export interface DbfResult {
  dbf: Uint8Array;
  renamed: [string, string][];
  truncated: number;
}

/** Writes a dBase III table: numbers as N, booleans as L, everything else as C (UTF-8, ≤ 254 bytes). */
export function writeDbf(keys: string[], rows: Record<string, unknown>[]): DbfResult {
  const names = dbfFieldNames(keys);
  const fields: DbfField[] = keys.map((key, i) => {
    const values = rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e15)) {
      const decimals = Math.max(...values.map((v) => decimalsOf(v as number)));
      const length = Math.max(...values.map((v) => decimalText(v as number, decimals).length));
      if (length <= 32) return { key, name: names[i], type: 'N', length, decimals };
    }
    if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return { key, name: names[i], type: 'L', length: 1, decimals: 0 };
    const length = Math.min(254, Math.max(1, ...values.map((v) => utf8.encode(asText(v)).length)));
    return { key, name: names[i], type: 'C', length, decimals: 0 };
  });
  if (fields.length === 0) fields.push({ key: '', name: 'id', type: 'N', length: 10, decimals: 0 });
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
  const v = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getUTCFullYear() - 1900;
  out[2] = now.getUTCMonth() + 1;
  out[3] = now.getUTCDate();
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    out.set(utf8.encode(f.name), o);
    out[o + 11] = f.type.charCodeAt(0);
    out[o + 16] = f.length;
    out[o + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  let truncated = 0;
  rows.forEach((row, r) => {
    let o = headerLength + r * recordLength;
    out[o++] = 0x20;
    for (const f of fields) {
      const val = f.key === '' ? r + 1 : row[f.key];
      let bytes: Uint8Array;
      if (val === null || val === undefined) bytes = new Uint8Array(0);
      else if (f.type === 'N') bytes = utf8.encode(decimalText(val as number, f.decimals).padStart(f.length, ' '));
      else if (f.type === 'L') bytes = utf8.encode(val ? 'T' : 'F');
      else {
        const s = asText(val);
        const cut = cutUtf8(s, f.length);
        if (cut !== s) truncated++;
        bytes = utf8.encode(cut);
      }
      out.fill(0x20, o, o + f.length);
      out.set(bytes, o);
      o += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  const renamed = keys.map((k, i) => [k, names[i]] as [string, string]).filter(([k, n]) => k !== n);
  return { dbf: out, renamed, truncated };
}
