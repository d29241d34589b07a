import { CsvSyntaxError, parseCsv } from '../facilities/csv.ts';
import { BadRequestError, UnprocessableError } from '../http/errors.ts';
import { attributeTable, headerNames, pointsFromTable } from './table.ts';
import { decodeText } from './text.ts';
import type { ParsedSource, ParseOptions, UploadedFile } from './types.ts';
import type { Feature, Geometry } from 'geojson';

/**
 * CSV of points. Reading uses the project's RFC 4180 parser (server/facilities/csv.ts: quotes,
 * "" escapes, embedded newlines, CRLF, BOM); text is UTF-8, or GBK when not valid UTF-8 (what
 * Excel "CSV" saves on a Chinese Windows). Writing: UTF-8 with a BOM, which Excel needs to
 * show Chinese correctly, CRLF line ends.
 */

/** Reads a CSV of points with the chosen lon/lat columns (cells stay text: codes keep leading zeros). */
export async function readCsv(file: UploadedFile, opts: ParseOptions = {}): Promise<ParsedSource> {
  const { text, encoding } = decodeText(file.bytes, opts.encoding);
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new BadRequestError(`${file.name}: ${err.message}`, { file: file.name, line: err.line }, 'unreadable_file');
    throw err;
  }
  if (records.length === 0) throw new UnprocessableError(`${file.name} is empty (no header row)`, { file: file.name }, 'unreadable_file');
  const header = headerNames(records[0].fields);
  const rows = records.slice(1).map((r) => ({ line: r.line, values: r.fields }));
  return pointsFromTable('csv', file.name, header, rows, opts, encoding, 'line');
}

/** Quotes a CSV cell when needed; text starting with = + @ is prefixed with ' so spreadsheets do not run it as a formula. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'string' && /^[=+@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the attribute table (properties plus centroid lon/lat) as CSV. */
export function writeCsv(features: Feature<Geometry | null, Record<string, unknown>>[]): Uint8Array {
  const { header, rows } = attributeTable(features);
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return new TextEncoder().encode('\ufeff' + text);
}
